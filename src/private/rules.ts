/**
 * The rules that several constructs apply to the names and prefixes they are given, each written once. A token
 * (a value known only at deployment) passes: the service checks it then.
 */
import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isKeyPrefix } from '../database/layout';

/**
 * Glue database, table and view names and view column names, as this library accepts them: lower-case (Athena
 * stores names in lower case, so a capital would not survive), starting with a letter (so that no query needs
 * to quote them), at most 255 characters (Glue's limit for names, Athena's for columns).
 */
const CATALOG_NAME = /^[a-z][a-z0-9_]*$/;
const MAX_CATALOG_NAME_LENGTH = 255;

/** Throws `<what> '<name>' is invalid: ...` unless `name` is a catalog name (see above). */
export function checkCatalogName(what: string, name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  if (!CATALOG_NAME.test(name) || name.length > MAX_CATALOG_NAME_LENGTH) {
    throw new Error(`${what} '${name}' is invalid: use lower-case letters, digits and underscores, starting with a letter `
      + `(${CATALOG_NAME}), at most ${MAX_CATALOG_NAME_LENGTH} characters`);
  }
}

/** Throws `<what> '<prefix>' is invalid: ...` unless `prefix` can start a folder of the bucket layout. */
export function checkKeyPrefix(what: string, prefix: string): void {
  if (!Token.isUnresolved(prefix) && !isKeyPrefix(prefix)) {
    throw new Error(`${what} '${prefix}' is invalid: it must end with '/' and not start with '/', e.g. 'events/'`);
  }
}

/**
 * Throws `<what> <duration> is invalid: ...` unless `duration` is a whole number of days, at least one: S3 lifecycle
 * rules count in days, and an expiration of 0 days fails at deployment.
 */
export function checkLifecycleDays(what: string, duration: Duration | undefined): void {
  if (duration === undefined || duration.isUnresolved()) {
    return;
  }
  const days = duration.toDays({ integral: false });
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(`${what} ${duration.toHumanString()} is invalid: S3 lifecycle rules count whole days, at least 1: `
      + 'use Duration.days(n) with n of 1 or more');
  }
}

const EVENTS_DATABASE_FIX = 'pass the EventsDatabase the events go to, or EventsDatabase.fromEventsDatabaseAttributes(...) '
  + 'for a database deployed elsewhere';

/**
 * Throws unless the construct was given the database it needs: a caller in JavaScript or Python can leave out a
 * required prop, and would otherwise meet a TypeError far from the cause. `fix` says what to pass.
 */
export function checkDatabaseGiven(construct: IConstruct, kind: string, database: unknown, fix: string = EVENTS_DATABASE_FIX): void {
  if (database === undefined || database === null) {
    throw new Error(`${kind} ${construct.node.path}: database is missing: ${fix}`);
  }
}

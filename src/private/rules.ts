/**
 * The rules that several constructs apply to the names and prefixes they are given, each written once. A token
 * (a value known only at deployment) passes: the service checks it then.
 */
import { Token } from 'aws-cdk-lib';
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

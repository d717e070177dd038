import { App, Aws, Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { checkCatalogName, checkDatabaseGiven, checkKeyPrefix, checkLifecycleDays } from '../../src/private/rules';

describe('checkCatalogName: the one rule for database, table, view and column names', () => {
  test.each(['due_eventdb', 'all_events', 'a', 'x1_', 'a'.repeat(255)])('accepts %p', name => {
    expect(() => checkCatalogName('test: name', name)).not.toThrow();
  });

  test.each(['Due_EventDB', '1events', '_events', 'events-db', 'events db', '', 'a'.repeat(256)])('refuses %p, naming the rule', name => {
    expect(() => checkCatalogName('EventsDatabase: databaseName', name)).toThrow(
      `EventsDatabase: databaseName '${name}' is invalid: use lower-case letters, digits and underscores, starting with a letter (/^[a-z][a-z0-9_]*$/), at most 255 characters`);
  });

  test('leaves a name known only at deployment to the service', () => {
    expect(() => checkCatalogName('test: name', `${Aws.STACK_NAME}_events`)).not.toThrow();
  });
});

describe('checkKeyPrefix: the one rule for where a folder of the layout starts', () => {
  test.each(['events/', 'pinpoint/events/'])('accepts %p', prefix => {
    expect(() => checkKeyPrefix('test: prefix', prefix)).not.toThrow();
  });

  test.each(['', 'events', '/events/', '/'])('refuses %p, naming the rule', prefix => {
    expect(() => checkKeyPrefix('LegacyEventsTable: prefix', prefix))
      .toThrow(`LegacyEventsTable: prefix '${prefix}' is invalid: it must end with '/' and not start with '/', e.g. 'events/'`);
  });

  test('leaves a prefix known only at deployment to the service', () => {
    expect(() => checkKeyPrefix('test: prefix', `${Aws.STACK_NAME}/`)).not.toThrow();
  });
});

describe('checkLifecycleDays: S3 lifecycle rules count whole days', () => {
  test.each([Duration.days(1), Duration.days(400), Duration.hours(48), Duration.minutes(1440)])('accepts %p', duration => {
    expect(() => checkLifecycleDays('test: retention', duration)).not.toThrow();
  });

  test.each([
    [Duration.days(0), '0 days'], [Duration.hours(12), '12 hours'], [Duration.hours(36), '1 day 12 hours'], [Duration.seconds(30), '30 seconds'],
  ])('refuses %p, naming the rule and the fix', (duration, shown) => {
    expect(() => checkLifecycleDays('EventsDatabase S/Events: bucket retention', duration)).toThrow(
      `EventsDatabase S/Events: bucket retention ${shown} is invalid: S3 lifecycle rules count whole days, at least 1: use Duration.days(n) with n of 1 or more`);
  });

  test('leaves what is not given, or known only at deployment', () => {
    expect(() => checkLifecycleDays('test: retention', undefined)).not.toThrow();
    expect(() => checkLifecycleDays('test: retention', Duration.days(Aws.ACCOUNT_ID as unknown as number))).not.toThrow();
  });
});

describe('checkDatabaseGiven: a required database left out from JavaScript or Python', () => {
  const scope = new Construct(new Stack(new App(), 'S'), 'Thing');

  test.each([undefined, null])('refuses %p, naming the construct, the prop and the fix', database => {
    expect(() => checkDatabaseGiven(scope, 'EventViews', database)).toThrow(
      'EventViews S/Thing: database is missing: pass the EventsDatabase the events go to, or EventsDatabase.fromEventsDatabaseAttributes(...) '
      + 'for a database deployed elsewhere');
  });

  test('accepts a database', () => {
    expect(() => checkDatabaseGiven(scope, 'EventViews', {})).not.toThrow();
  });
});

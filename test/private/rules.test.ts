import { Aws } from 'aws-cdk-lib';
import { checkCatalogName, checkKeyPrefix } from '../../src/private/rules';

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

/** The relations the views read besides the registered table: the projected table's view and adopted rows. */
import { DOUBLE, mapOf, STRING, struct } from '../../src/schema/event-schema';
import { hourFolderToTimestamp, legacyRowsSql, legacyValue, projectedEventsSql } from '../../src/views/relations';
import { castType } from '../../src/views/sql';

test('a field the adopted table has with the same type is read as is; an absent one is a typed NULL', () => {
  expect(legacyValue('event_type', STRING)).toBe('"event_type"');
  expect(legacyValue('facets.email_channel.mail_event.rendering_failure', struct({ from: STRING })))
    .toBe('CAST(NULL AS row("from" varchar))');
});

test('struct to struct: fields by name, added ones NULL, NULL stays NULL', () => {
  expect(legacyValue('client', struct({ client_id: STRING, cognito_id: STRING, extra: STRING })))
    .toBe('CASE WHEN "client" IS NULL THEN NULL ELSE CAST(ROW("client"."client_id", "client"."cognito_id", CAST(NULL AS varchar)) '
      + 'AS row("client_id" varchar,"cognito_id" varchar,"extra" varchar)) END');
});

test('all_metrics of an adopted row is its price-only metrics, as a map', () => {
  expect(legacyValue('all_metrics', mapOf(DOUBLE)))
    .toBe('CASE WHEN "metrics" IS NULL THEN NULL ELSE CAST(MAP(ARRAY[\'price_in_millicents_usd\'], '
      + 'ARRAY["metrics"."price_in_millicents_usd"]) AS map(varchar,double)) END');
});

test('a reading that does not exist fails, naming the field', () => {
  expect(() => legacyValue('event_type', mapOf(DOUBLE))).toThrow(/legacy field 'event_type' cannot be read.*from primitive to map/);
});

test('row field names are quoted in CAST types, as some are reserved words', () => {
  expect(castType(struct({ from: STRING, to: mapOf(STRING) }))).toBe('row("from" varchar,"to" map(varchar,varchar))');
});

test('adopted rows and the projected table derive ingest_timestamp from the hour folder', () => {
  const ingest = `${hourFolderToTimestamp('"ingest_hour"')} AS "ingest_timestamp"`;
  expect(hourFolderToTimestamp('"ingest_hour"')).toBe('CAST(date_parse("ingest_hour", \'%Y/%m/%d/%H\') AS timestamp(3))');
  expect(legacyRowsSql('old_events')).toMatch(/^SELECT "event_type" AS "event_type", /);
  expect(legacyRowsSql('old_events')).toContain(`, ${ingest} FROM "old_events"`);
  expect(projectedEventsSql('by_hour')).toMatch(/^SELECT "event_type", "event_timestamp", /);
  expect(projectedEventsSql('by_hour')).toContain(`"all_metrics", ${ingest} FROM "by_hour"`);
});

/** How a legacy column is read as the all_events column of the same name. */
import { BIGINT, DOUBLE, EVENT_COLUMNS, mapOf, STRING, struct, toTrinoType } from '../../src/schema/event-schema';
import { LEGACY_EVENT_COLUMNS, legacyRowsSql, readAs, toTrinoCastType } from '../../src/schema/legacy-schema';

test('the legacy table declares every all_events column, differing only in metrics, client_context and facets', () => {
  expect(LEGACY_EVENT_COLUMNS.map(c => c.name).sort()).toEqual(EVENT_COLUMNS.map(c => c.name).sort());
  const differing = LEGACY_EVENT_COLUMNS
    .filter(c => toTrinoType(c.type) !== toTrinoType(EVENT_COLUMNS.find(e => e.name === c.name)!.type))
    .map(c => c.name);
  expect(differing).toEqual(['client_context', 'facets', 'metrics']);
});

test('a column of the same type is read as is; an absent one is a typed NULL', () => {
  expect(readAs('"x"', STRING, STRING, 'x')).toBe('"x"');
  expect(readAs('"x"', undefined, struct({ from: STRING }), 'x')).toBe('CAST(NULL AS row("from" varchar))');
});

test('struct to struct: fields by name, missing ones NULL, NULL stays NULL', () => {
  expect(readAs('"s"', struct({ a: STRING }), struct({ a: STRING, b: BIGINT }), 's'))
    .toBe('CASE WHEN "s" IS NULL THEN NULL ELSE CAST(ROW("s"."a", CAST(NULL AS bigint)) AS row("a" varchar,"b" bigint)) END');
});

test('struct to map: one entry per field, keyed by its name', () => {
  expect(readAs('"metrics"', struct({ price_in_millicents_usd: DOUBLE }), mapOf(DOUBLE), 'metrics'))
    .toBe('CASE WHEN "metrics" IS NULL THEN NULL ELSE CAST(MAP(ARRAY[\'price_in_millicents_usd\'], '
      + 'ARRAY["metrics"."price_in_millicents_usd"]) AS map(varchar,double)) END');
});

test('a reading that does not exist fails, naming the column', () => {
  expect(() => readAs('"m"', STRING, mapOf(DOUBLE), 'metrics')).toThrow(/legacy column 'metrics' cannot be read.*from primitive to map/);
});

test('row field names are quoted in CAST types, as some are reserved words', () => {
  expect(toTrinoCastType(struct({ from: STRING, to: mapOf(BIGINT) }))).toBe('row("from" varchar,"to" map(varchar,bigint))');
});

test('the legacy rows select every all_events column, then ingest_timestamp untouched, from the legacy table', () => {
  const sql = legacyRowsSql('old_events');
  expect(sql).toMatch(/^SELECT "event_type" AS "event_type", /);
  expect(sql).toContain(', "ingest_timestamp" AS "ingest_timestamp" FROM "old_events"');
});

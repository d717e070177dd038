/**
 * The deployed solution's `all_events` is a subset of ours: every column and nested field keeps its exact type,
 * so any query written for that table runs unchanged here. Added columns and struct fields come after the
 * solution's.
 */
import { EVENT_COLUMNS, PARTITION_KEYS, SchemaField, SchemaType, toHiveType } from '../../src/schema/event-schema';
import { LEGACY_EVENT_COLUMNS } from '../../src/schema/legacy-schema';
import { STRING, struct, withAddedFields } from '../../src/schema/types';

/** Every place where `ours` does not hold `theirs` with the same type, as `path: theirs ≠ ours`. */
function differences(theirs: readonly SchemaField[], ours: readonly SchemaField[], prefix = ''): string[] {
  const found: string[] = [];
  theirs.forEach((field, index) => {
    const path = `${prefix}${field.name}`;
    const mine = ours.find(f => f.name === field.name);
    if (!mine) {
      found.push(`${path}: missing`);
      return;
    }
    if (ours.indexOf(mine) !== index) found.push(`${path}: at position ${ours.indexOf(mine)}, theirs at ${index}`);
    found.push(...typeDifferences(field.type, mine.type, path));
  });
  return found;
}

function typeDifferences(theirs: SchemaType, ours: SchemaType, path: string): string[] {
  if (theirs.kind === 'struct' && ours.kind === 'struct') return differences(theirs.fields, ours.fields, `${path}.`);
  if (theirs.kind === 'array' && ours.kind === 'array') return typeDifferences(theirs.element, ours.element, `${path}[]`);
  if (theirs.kind === 'map' && ours.kind === 'map') return typeDifferences(theirs.value, ours.value, `${path}{}`);
  return toHiveType(theirs) === toHiveType(ours) ? [] : [`${path}: ${toHiveType(theirs)} ≠ ${toHiveType(ours)}`];
}

test('every column and nested field of the solution\'s table is in all_events, at its place, with its exact type', () => {
  expect(differences(LEGACY_EVENT_COLUMNS, EVENT_COLUMNS)).toEqual([]);
});

test('the check finds a changed type, a missing field and a moved one', () => {
  const theirs = EVENT_COLUMNS.slice(0, 3);
  const ours = [EVENT_COLUMNS[1], { ...EVENT_COLUMNS[0], type: PARTITION_KEYS[0].type }];
  expect(differences(theirs, ours)).toEqual([
    'event_type: at position 1, theirs at 0',
    'event_type: string ≠ timestamp',
    'event_timestamp: at position 0, theirs at 1',
    'arrival_timestamp: missing',
  ]);
});

test('fields are added only where a struct is, and after its own fields', () => {
  const base = [{ name: 's', type: struct({ a: STRING }) }];
  expect(withAddedFields(base, { 's': [{ name: 'b', type: STRING }], '': [{ name: 't', type: STRING }] }).map(c => toHiveType(c.type)))
    .toEqual(['struct<a:string,b:string>', 'string']);
  expect(() => withAddedFields(base, { 's.a': [{ name: 'b', type: STRING }] })).toThrow('No struct at s.a to add fields to');
});

test('the solution\'s shapes that its queries rely on have their types', () => {
  const hive = Object.fromEntries(EVENT_COLUMNS.map(c => [c.name, toHiveType(c.type)]));
  expect(hive.metrics).toBe('struct<price_in_millicents_usd:double>');
  expect(hive.session).toBe('map<string,string>');
  expect(hive.device).toMatch(/^struct<platform:map<string,string>,/);
  expect(hive.application).toMatch(/^struct<app_id:string,sdk:map<string,string>,/);
  expect(hive.facets).toContain('link_tags:struct<unsubscribeLinkTag:array<string>>');
  expect(hive.facets).toContain('headers:array<map<string,string>>');
  expect(hive.facets).toContain('send:map<string,string>');
  expect(hive.facets).toContain('processing_time_millis:int');
  expect(PARTITION_KEYS.map(k => `${k.name} ${toHiveType(k.type)}`)).toEqual(['ingest_timestamp timestamp']);
});

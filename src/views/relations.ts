/**
 * The relations the views select from when `all_events` is not simply the registered table: the `all_events`
 * view over a table whose hour partitions are projected, and the rows of an adopted deployment's table read as
 * `all_events` rows. Both are generated from the schema declarations, so they follow every added field.
 */
import { castType, pathExpression, quoteIdentifier, sqlString } from './sql';
import { HOUR_FOLDER_PATTERN } from '../database/layout';
import {
  EVENT_COLUMNS, INGEST_HOUR, INGEST_TIMESTAMP, SchemaField, SchemaType, StructType, findTypeAtPath,
} from '../schema/event-schema';
import { LEGACY_EVENT_COLUMNS, LEGACY_EVENTS_TABLE_NAME, LEGACY_FIELD_SOURCES } from '../schema/legacy-schema';

/** `yyyy/MM/dd/HH` in the format specifiers of Trino's `date_parse`. */
const HOUR_FOLDER_DATE_PARSE_FORMAT = HOUR_FOLDER_PATTERN
  .replace('yyyy', '%Y').replace('MM', '%m').replace('dd', '%d').replace('HH', '%H');

/**
 * An hour folder partition value (`2026/12/01/18`) as the `ingest_timestamp` it stands for (`timestamp(3)`).
 * A filter on the result still prunes: Trino evaluates it on each partition's value before reading any file.
 */
export function hourFolderToTimestamp(expression: string): string {
  return `CAST(date_parse(${expression}, ${sqlString(HOUR_FOLDER_DATE_PARSE_FORMAT)}) AS timestamp(3))`;
}

/** Every column of `all_events` as the views see it: the table's columns, then `ingest_timestamp`. */
export const EVENTS_VIEW_COLUMNS: readonly SchemaField[] = [...EVENT_COLUMNS, INGEST_TIMESTAMP];

/**
 * The `all_events` view over a table with projected hour partitions: its columns as they are, and
 * `ingest_timestamp` derived from the `ingest_hour` folder, so queries and views see the same `all_events`
 * whichever way partitions are managed.
 */
export function projectedEventsSql(projectedTableName: string): string {
  const columns = EVENT_COLUMNS.map(c => quoteIdentifier(c.name));
  const ingest = `${hourFolderToTimestamp(quoteIdentifier(INGEST_HOUR.name))} AS ${quoteIdentifier(INGEST_TIMESTAMP.name)}`;
  return `SELECT ${[...columns, ingest].join(', ')} FROM ${quoteIdentifier(projectedTableName)}`;
}

function sameType(a: SchemaType, b: SchemaType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'primitive': return a.name === (b as typeof a).name;
    case 'array': return sameType(a.element, (b as typeof a).element);
    case 'map': return sameType(a.value, (b as typeof a).value);
    case 'struct': {
      const other = b as StructType;
      return a.fields.length === other.fields.length
        && a.fields.every((f, i) => f.name === other.fields[i].name && sameType(f.type, other.fields[i].type));
    }
  }
}

/** Where an `all_events` field is read from in an adopted row: its own path, unless it is filled from another. */
function legacySource(path: string): { readonly expression: string; readonly type?: SchemaType } {
  const sourcePath = LEGACY_FIELD_SOURCES[path] ?? path;
  return { expression: pathExpression(sourcePath), type: findTypeAtPath(sourcePath, LEGACY_EVENT_COLUMNS) };
}

/**
 * A Trino expression that reads the adopted row's value for the `all_events` field at `path` (of type `to`):
 * - the same type: the value itself;
 * - absent: a NULL of type `to`;
 * - struct → struct: the target's fields, each read by the same rules (NULL when absent), and NULL when the
 *   source struct is NULL;
 * - struct → map: one entry per source field, keyed by the field's name (how the price-only `metrics` becomes
 *   `all_metrics`), NULL when the source struct is NULL.
 * Anything else has no reading and throws, naming the path.
 */
export function legacyValue(path: string, to: SchemaType): string {
  const { expression, type: from } = legacySource(path);
  if (from === undefined) return `CAST(NULL AS ${castType(to)})`;
  if (sameType(from, to)) return expression;
  if (from.kind === 'struct' && to.kind === 'struct') {
    const fields = to.fields.map(f => legacyValue(`${path}.${f.name}`, f.type));
    return `CASE WHEN ${expression} IS NULL THEN NULL ELSE CAST(ROW(${fields.join(', ')}) AS ${castType(to)}) END`;
  }
  if (from.kind === 'struct' && to.kind === 'map') {
    const keys = from.fields.map(f => sqlString(f.name));
    const values = from.fields.map(f => `${expression}.${quoteIdentifier(f.name)}`);
    return `CASE WHEN ${expression} IS NULL THEN NULL ELSE CAST(MAP(ARRAY[${keys.join(', ')}], ARRAY[${values.join(', ')}]) AS ${castType(to)}) END`;
  }
  throw new Error(`The legacy field '${path}' cannot be read as all_events' type: no reading from ${from.kind} to ${to.kind}`);
}

/**
 * The adopted table's rows as `all_events` rows, in Trino SQL: every column of `all_events`, then
 * `ingest_timestamp` derived from the projected hour folder, so that a filter on it prunes the old hours too.
 */
export function legacyRowsSql(legacyTableName: string = LEGACY_EVENTS_TABLE_NAME): string {
  const columns = EVENT_COLUMNS.map(c => `${legacyValue(c.name, c.type)} AS ${quoteIdentifier(c.name)}`);
  const ingest = `${hourFolderToTimestamp(quoteIdentifier(INGEST_HOUR.name))} AS ${quoteIdentifier(INGEST_TIMESTAMP.name)}`;
  return `SELECT ${[...columns, ingest].join(', ')} FROM ${quoteIdentifier(legacyTableName)}`;
}

/**
 * `all_events` followed by the adopted table's rows read as `all_events` rows: the relation the views select
 * from when a deployment of the solution is adopted.
 */
export function eventsWithLegacySql(tableName: string, legacyTableName: string): string {
  const columns = EVENTS_VIEW_COLUMNS.map(c => quoteIdentifier(c.name)).join(', ');
  return `SELECT ${columns} FROM ${quoteIdentifier(tableName)}\nUNION ALL\n${legacyRowsSql(legacyTableName)}`;
}

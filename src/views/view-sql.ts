/**
 * Renders a view declaration to what Athena stores for a view: the Trino SQL and the declared columns.
 * Athena compares the declared column types with what the SQL yields and refuses a view whose types differ
 * ("stale"), so both come from the one declaration.
 */
import { EVENTS_VIEW_COLUMNS, eventsWithLegacySql, projectedEventsSql } from './relations';
import { quoteIdentifier, sqlString } from './sql';
import { ViewDeclaration } from './view-catalog';
import { TableFormat } from '../database/table-format';
import { EVENTS_TABLE_NAME, INGEST_TIMESTAMP, SchemaField, toHiveType, toTrinoType } from '../schema/event-schema';

export { quoteIdentifier };

/** A view column as Athena declares it. */
export interface ViewColumn {
  readonly name: string;
  /** Trino type, e.g. `varchar`, `timestamp(3)`, `map(varchar,varchar)`. */
  readonly trinoType: string;
  /** Hive type for the Glue storage descriptor, e.g. `string`, `timestamp`, `map<string,string>`. */
  readonly hiveType: string;
}

export interface RenderedView {
  readonly name: string;
  readonly sql: string;
  readonly columns: readonly ViewColumn[];
  /** What the view holds: the view's comment, as engines show it. */
  readonly comment?: string;
}

/**
 * The view's SELECT statement in Trino SQL. With `legacyTableName`, the view selects from `all_events` followed
 * by the legacy table's rows read as `all_events` rows (a subquery named like the table, so the declared
 * expressions apply to both unchanged).
 */
export function renderViewSql(view: ViewDeclaration, tableName: string = EVENTS_TABLE_NAME, legacyTableName?: string): string {
  const select = view.fields.map(f => `  ${f.expression} AS ${quoteIdentifier(f.name)}`).join(',\n');
  const unnest = view.unnest
    ? `\nLEFT JOIN UNNEST(${view.unnest.array}) AS ${view.unnest.alias}(${view.unnest.columns.join(', ')}) ON TRUE`
    : '';
  const source = legacyTableName === undefined
    ? quoteIdentifier(tableName)
    : `(\n${eventsWithLegacySql(tableName, legacyTableName)}\n) AS ${quoteIdentifier(tableName)}`;
  return `SELECT\n${select}\nFROM ${source}${unnest}\nWHERE ${eventTypeCondition(view)}`;
}

/**
 * `event_type = 'x'` for one event type, `event_type IN ('x', 'y')` for several, and for each event type with a
 * condition of its own `(event_type = 'z' AND <condition>)`, all joined by OR.
 */
export function eventTypeCondition(view: ViewDeclaration): string {
  const { eventTypes } = view;
  if (eventTypes.length === 0) {
    throw new Error(`View '${view.name}' must select at least one event type`);
  }
  const conditions = view.eventTypeConditions ?? {};
  const unselected = Object.keys(conditions).filter(type => !eventTypes.includes(type));
  if (unselected.length > 0) {
    throw new Error(`View '${view.name}' has conditions for event types it does not select: ${unselected.join(', ')}`);
  }
  const whole = eventTypes.filter(type => !Object.hasOwn(conditions, type));
  const terms = [
    ...(whole.length === 0 ? [] : [whole.length === 1 ? `event_type = ${sqlString(whole[0])}` : `event_type IN (${whole.map(sqlString).join(', ')})`]),
    ...eventTypes.filter(type => Object.hasOwn(conditions, type)).map(type => `(event_type = ${sqlString(type)} AND (${conditions[type]}))`),
  ];
  return terms.join(' OR ');
}

/** Iceberg's `timestamp` as Athena and Trino read it: microseconds. */
export const ICEBERG_TIMESTAMP_TRINO_TYPE = 'timestamp(6)';

/**
 * A view column's declared Trino type. `ingest_timestamp`, which every view passes through unchanged so that a
 * filter on it prunes, is declared as the table holds it: `timestamp(3)` on Parquet, `timestamp(6)` on Iceberg (a
 * cast to `timestamp(3)` would keep Trino from pruning the hours through the view).
 */
function viewColumnTrinoType(field: SchemaField, tableFormat: TableFormat): string {
  return tableFormat === TableFormat.ICEBERG && field.name === INGEST_TIMESTAMP.name ? ICEBERG_TIMESTAMP_TRINO_TYPE : toTrinoType(field.type);
}

/** The view's SQL and declared columns. */
export function renderView(view: ViewDeclaration, tableName: string = EVENTS_TABLE_NAME, legacyTableName?: string,
  tableFormat: TableFormat = TableFormat.PARQUET): RenderedView {
  return {
    name: view.name,
    sql: renderViewSql(view, tableName, legacyTableName),
    comment: view.description,
    columns: view.fields.map(f => ({ name: f.name, trinoType: viewColumnTrinoType(f, tableFormat), hiveType: toHiveType(f.type) })),
  };
}

/**
 * The `all_events` view over a table whose hour partitions are projected: every column of the table, and
 * `ingest_timestamp` derived from the hour folder.
 */
export function renderProjectedEventsView(projectedTableName: string): RenderedView {
  return {
    name: EVENTS_TABLE_NAME,
    sql: projectedEventsSql(projectedTableName),
    comment: 'Customer-engagement events, one row per event, with ingest_timestamp derived from the projected hour folder',
    columns: EVENTS_VIEW_COLUMNS.map(f => ({ name: f.name, trinoType: toTrinoType(f.type), hiveType: toHiveType(f.type) })),
  };
}

/**
 * `ViewOriginalText` as Athena writes it: the SQL and the columns, base64-encoded JSON between
 * `/* Presto View: ` and ` *\/`. `schema` is the Glue database the view lives in.
 */
export function prestoViewText(view: RenderedView, schema: string): string {
  return `/* Presto View: ${Buffer.from(prestoViewJson(view, schema), 'utf-8').toString('base64')} */`;
}

/** The JSON inside `ViewOriginalText`. */
export function prestoViewJson(view: RenderedView, schema: string): string {
  return JSON.stringify(prestoViewDocument(view, schema));
}

export function prestoViewDocument(view: RenderedView, schema: string) {
  return {
    originalSql: view.sql,
    catalog: 'awsdatacatalog',
    schema,
    columns: view.columns.map(c => ({ name: c.name, type: c.trinoType })),
    ...(view.comment === undefined ? {} : { comment: view.comment }),
  };
}

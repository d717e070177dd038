/**
 * The table of a deployment of the Digital User Engagement Events Database (the solution this library
 * replaces), declared once as data next to `all_events`, and how its rows are read as `all_events` rows.
 *
 * Its Parquet files were written by Firehose with the solution's table schema: the Pinpoint record, but with
 * `metrics` a struct holding only the SMS price (every custom metric was dropped), `client_context.custom` a
 * struct holding only `legacy_identifier`, and an email facet holding the objects of Pinpoint's own email
 * events. Parts that match `all_events` reuse its declarations, so the two cannot drift apart where they agree.
 * The assumptions about that schema are listed in docs/adr/0003-adopting-a-guide-deployment.md.
 */
import {
  DOUBLE, EVENT_COLUMNS, PARTITION_KEYS, SchemaField, SchemaType, STRING, StructType, struct, typeAtPath,
} from './event-schema';

/** Default name of the table over the adopted deployment's Parquet files. */
export const LEGACY_EVENTS_TABLE_NAME = 'all_events_legacy';

/** A column of `all_events` whose type the legacy table shares. */
function sameAs(name: string): SchemaField {
  const found = EVENT_COLUMNS.find(c => c.name === name);
  if (!found) throw new Error(`No column '${name}' in all_events`);
  return found;
}

const MAIL_EVENT_PATH = 'facets.email_channel.mail_event';
const mailEventPart = (name: string): SchemaType => typeAtPath(`${MAIL_EVENT_PATH}.${name}`);

/**
 * The email facet of the solution's table: `mail` and the objects of Pinpoint's email events (`send` is an
 * empty object and has no column). SES-only objects (`reject`, `rendering_failure`, `delivery_delay`,
 * `subscription`) are absent; they read as NULL.
 */
const LEGACY_MAIL_EVENT = struct({
  mail: mailEventPart('mail'),
  delivery: mailEventPart('delivery'),
  open: mailEventPart('open'),
  click: mailEventPart('click'),
  bounce: mailEventPart('bounce'),
  complaint: mailEventPart('complaint'),
});

/** The columns of the solution's table, in its order. */
export const LEGACY_EVENT_COLUMNS: readonly SchemaField[] = [
  sameAs('event_type'),
  sameAs('event_timestamp'),
  sameAs('arrival_timestamp'),
  sameAs('event_version'),
  sameAs('application'),
  sameAs('client'),
  sameAs('device'),
  sameAs('session'),
  sameAs('attributes'),
  {
    name: 'client_context',
    type: struct({ custom: struct({ legacy_identifier: STRING }) }),
    comment: 'Sender context; the solution kept only custom.legacy_identifier',
  },
  sameAs('awsaccountid'),
  {
    name: 'facets',
    type: struct({ email_channel: struct({ mail_event: LEGACY_MAIL_EVENT }) }),
    comment: 'Channel-specific detail; email events only',
  },
  {
    name: 'metrics',
    type: struct({ price_in_millicents_usd: DOUBLE }),
    comment: 'The SMS price; the solution kept no other metric',
  },
];

/** The solution registered the same partition column, `ingest_timestamp` (timestamp), over the same hour folders. */
export const LEGACY_PARTITION_KEYS: readonly SchemaField[] = PARTITION_KEYS;

/** Double-quoted Trino identifier. */
function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
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

const CAST_PRIMITIVES: Record<string, string> = {
  string: 'varchar', bigint: 'bigint', int: 'integer', double: 'double', boolean: 'boolean', timestamp: 'timestamp(3)',
};

/**
 * The Trino type as a CAST target: like `toTrinoType`, with row field names quoted, since some (`from`) are
 * reserved words.
 */
export function toTrinoCastType(type: SchemaType): string {
  switch (type.kind) {
    case 'primitive': return CAST_PRIMITIVES[type.name];
    case 'array': return `array(${toTrinoCastType(type.element)})`;
    case 'map': return `map(varchar,${toTrinoCastType(type.value)})`;
    case 'struct': return `row(${type.fields.map(f => `${quote(f.name)} ${toTrinoCastType(f.type)}`).join(',')})`;
  }
}

/**
 * A Trino expression that reads `expression` (of type `from`, or absent) as a value of type `to`:
 * - the same type: the value itself;
 * - absent: a NULL of type `to`;
 * - struct → struct: the target's fields, each read from the source field of that name (NULL when absent),
 *   and NULL when the source struct is NULL;
 * - struct → map: one entry per source field, keyed by the field's name (how `metrics` and
 *   `client_context.custom` become maps), NULL when the source struct is NULL.
 * Anything else has no reading and throws, naming the path.
 */
export function readAs(expression: string, from: SchemaType | undefined, to: SchemaType, path: string): string {
  if (from === undefined) return `CAST(NULL AS ${toTrinoCastType(to)})`;
  if (sameType(from, to)) return expression;
  if (from.kind === 'struct' && to.kind === 'struct') {
    const fields = to.fields.map(f =>
      readAs(`${expression}.${quote(f.name)}`, from.fields.find(g => g.name === f.name)?.type, f.type, `${path}.${f.name}`));
    return `CASE WHEN ${expression} IS NULL THEN NULL ELSE CAST(ROW(${fields.join(', ')}) AS ${toTrinoCastType(to)}) END`;
  }
  if (from.kind === 'struct' && to.kind === 'map') {
    const keys = from.fields.map(f => `'${f.name.replace(/'/g, "''")}'`);
    const values = from.fields.map(f => readAs(`${expression}.${quote(f.name)}`, f.type, to.value, `${path}.${f.name}`));
    return `CASE WHEN ${expression} IS NULL THEN NULL ELSE CAST(MAP(ARRAY[${keys.join(', ')}], ARRAY[${values.join(', ')}]) AS ${toTrinoCastType(to)}) END`;
  }
  throw new Error(`The legacy column '${path}' cannot be read as all_events' type: no reading from ${from.kind} to ${to.kind}`);
}

/**
 * The legacy table's rows as `all_events` rows, in Trino SQL: every column of `all_events` (then
 * `ingest_timestamp`, passed through untouched so a filter on it prunes the legacy hours too), read from the
 * legacy column of the same name.
 */
export function legacyRowsSql(legacyTableName: string = LEGACY_EVENTS_TABLE_NAME): string {
  const columns = [...EVENT_COLUMNS, ...PARTITION_KEYS].map(target => {
    const source = [...LEGACY_EVENT_COLUMNS, ...LEGACY_PARTITION_KEYS].find(c => c.name === target.name);
    const expression = readAs(quote(target.name), source?.type, target.type, target.name);
    return `${expression} AS ${quote(target.name)}`;
  });
  return `SELECT ${columns.join(', ')} FROM ${quote(legacyTableName)}`;
}

/**
 * `all_events` followed by the legacy table's rows read as `all_events` rows: the relation the views select
 * from when a deployment of the solution is adopted.
 */
export function eventsWithLegacySql(tableName: string, legacyTableName: string): string {
  const columns = [...EVENT_COLUMNS, ...PARTITION_KEYS].map(c => quote(c.name)).join(', ');
  return `SELECT ${columns} FROM ${quote(tableName)}\nUNION ALL\n${legacyRowsSql(legacyTableName)}`;
}

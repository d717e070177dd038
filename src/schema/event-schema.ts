/**
 * The `all_events` table, declared once as data.
 *
 * Every consumer renders this one declaration: the Glue table (Hive types, also the schema Firehose uses to
 * convert JSON into Parquet), the Athena views (Trino types) and the local engine (DuckDB types). A field is
 * added here and nowhere else.
 *
 * The record shape is the Amazon Pinpoint event stream record. Records from SES and from End User Messaging
 * are normalized into this shape by the database's record processor before conversion. The table is the deployed
 * solution's table (`guide-table.ts`) with fields added, never a type changed.
 */
import { GUIDE_EVENT_COLUMNS, PRICE_METRIC, UNSUBSCRIBE_LINK_TAG } from './guide-table';
import {
  ArrayType, BIGINT, BOOLEAN, DOUBLE, INT, MapType, PrimitiveName, PrimitiveType, SchemaField, SchemaType, STRING,
  StructType, TIMESTAMP, arrayOf, mapOf, struct, withAddedFields,
} from './types';

export type { ArrayType, MapType, PrimitiveName, PrimitiveType, SchemaField, SchemaType, StructType };
export { BIGINT, BOOLEAN, DOUBLE, INT, PRICE_METRIC, STRING, TIMESTAMP, UNSUBSCRIBE_LINK_TAG, arrayOf, mapOf, struct };

/** The `all_metrics` key of an RCS conversation session's fee, repeated on every delivery event of the session. */
export const CONVERSATION_FEE_METRIC = 'conversation_session_fee_in_millicents_usd';

const field = (name: string, type: SchemaType, comment?: string): SchemaField => ({ name, type, comment });
const fields = (types: Record<string, SchemaType>): SchemaField[] => Object.entries(types).map(([name, type]) => field(name, type));

/** `{ email_address, status, diagnostic_code }` as SES reports a recipient with a problem. */
const RECIPIENT_WITH_STATUS = struct({ email_address: STRING, status: STRING, diagnostic_code: STRING });

const MAIL_EVENT = 'facets.email_channel.mail_event';

/** What the columns hold, for the catalog and the documentation. */
const COMMENTS: Readonly<Record<string, string>> = {
  event_type: 'Event kind, e.g. _email.send, _SMS.SUCCESS, _campaign.send, or a custom event name',
  event_timestamp: 'When the event happened, epoch milliseconds (UTC)',
  arrival_timestamp: 'When the event reached the messaging service, epoch milliseconds (UTC)',
  event_version: 'Version of the event record format',
  application: 'The project (application) the event belongs to; app_id is the Pinpoint project ID',
  client: 'The endpoint (client_id) the event concerns',
  device: 'Device that reported an app event (platform name and version)',
  session: 'App session of an app event: session_id, start_timestamp, stop_timestamp (epoch milliseconds as text)',
  attributes: 'String attributes of the event (campaign, journey and SMS details, custom attributes)',
  client_context: 'Sender context; for campaigns custom.endpoint is the endpoint record as a JSON string',
  awsaccountid: 'AWS account that sent the message (the record key awsAccountId)',
  facets: 'Channel-specific detail; email events only',
  metrics: 'The message price in thousandths of a US cent (SMS, MMS, voice); every metric is in all_metrics',
  all_metrics: 'Every numeric metric of the event (prices, custom metrics), by name',
};

/** Record keys that differ from their column's name: this library's SerDe matches keys exactly. */
const JSON_KEYS: Readonly<Record<string, string>> = { awsaccountid: 'awsAccountId' };

/**
 * The columns of `all_events`, in table order: the deployed solution's table (`guide-table.ts`), each column and
 * nested field with its exact type, so every query written for that table runs unchanged here, with fields added
 * after its own. Where the solution's type holds less than the record (`metrics` keeps only the SMS price,
 * `link_tags` only the unsubscribe tag), the record processor also writes the whole value to an added column or
 * field (`all_metrics`, `all_link_tags`).
 */
export const EVENT_COLUMNS: readonly SchemaField[] = withAddedFields(GUIDE_EVENT_COLUMNS, {
  // The rest of the Pinpoint record.
  'application': fields({ cognito_identity_pool_id: STRING, package_name: STRING, title: STRING, version_name: STRING, version_code: STRING }),
  'device': fields({ locale: struct({ code: STRING, country: STRING, language: STRING }), make: STRING, model: STRING }),
  [`${MAIL_EVENT}.click`]: fields({ all_link_tags: mapOf(arrayOf(STRING)) }),
  [`${MAIL_EVENT}.complaint`]: fields({ complaint_sub_type: STRING, arrival_date: STRING }),
  // SES events the record processor normalizes, which Pinpoint never sent.
  [MAIL_EVENT]: fields({
    rendering_failure: struct({ error_message: STRING, template_name: STRING }),
    delivery_delay: struct({
      delay_type: STRING,
      expiration_time: STRING,
      reporting_mta: STRING,
      delayed_recipients: arrayOf(RECIPIENT_WITH_STATUS),
    }),
    subscription: struct({
      contact_list: STRING,
      source: STRING,
      new_topic_preferences: STRING,
      old_topic_preferences: STRING,
    }),
  }),
  '': [field('all_metrics', mapOf(DOUBLE))],
}).map(c => ({ ...c, comment: COMMENTS[c.name], ...(JSON_KEYS[c.name] ? { jsonKey: JSON_KEYS[c.name] } : {}) }));

/**
 * Column → record key, for every column read from a key other than its own name: the OpenX JSON SerDe's
 * `ColumnToJsonKeyMappings` when it matches keys case-sensitively.
 */
export function columnToJsonKeyMappings(): Record<string, string> {
  return Object.fromEntries(EVENT_COLUMNS.filter(c => c.jsonKey !== undefined).map(c => [c.name, c.jsonKey as string]));
}

/**
 * The partition column of a table whose partitions are registered (the default, as the solution did): the UTC
 * hour in which the record arrived, as a timestamp (`2026-12-01 18:00:00` for the folder `2026/12/01/18/`).
 */
export const INGEST_TIMESTAMP: SchemaField = field(
  'ingest_timestamp', TIMESTAMP, 'UTC hour in which the record reached the delivery stream (partition key)');

export const PARTITION_KEYS: readonly SchemaField[] = [INGEST_TIMESTAMP];

/**
 * The partition column of a table whose partitions are projected: the hour folder itself, `yyyy/MM/dd/HH`.
 * Athena and Trino project dates only onto string columns in a layout like Firehose's (a `timestamp` column
 * would need the folder to be written as a timestamp), so a projected table keeps the folder as text and the
 * `all_events` view over it derives `ingest_timestamp` (docs/adr/0004-projected-partitions-as-text.md).
 */
export const INGEST_HOUR: SchemaField = field(
  'ingest_hour', STRING, 'UTC hour folder (yyyy/MM/dd/HH) in which the record reached the delivery stream (partition key)');

export const PROJECTED_PARTITION_KEYS: readonly SchemaField[] = [INGEST_HOUR];

/** The table's name in the Glue database. */
export const EVENTS_TABLE_NAME = 'all_events';

/**
 * The table's name when its partitions are projected: `all_events` is then a view over it that adds
 * `ingest_timestamp` (see `PROJECTED_PARTITION_KEYS`).
 */
export const PROJECTED_EVENTS_TABLE_NAME = 'all_events_by_hour';

/** Hive type string, as Glue stores column types (and Firehose reads them to write Parquet). */
export function toHiveType(type: SchemaType): string {
  switch (type.kind) {
    case 'primitive': return type.name;
    case 'array': return `array<${toHiveType(type.element)}>`;
    case 'map': return `map<string,${toHiveType(type.value)}>`;
    case 'struct': return `struct<${type.fields.map(f => `${f.name}:${toHiveType(f.type)}`).join(',')}>`;
  }
}

const TRINO_PRIMITIVES: Record<PrimitiveName, string> = {
  string: 'varchar', bigint: 'bigint', int: 'integer', double: 'double', boolean: 'boolean', timestamp: 'timestamp(3)',
};

/**
 * Trino type string, as Athena engine v3 declares and reports the type of a column or expression. Row field
 * names are lower case, as Trino reads Hive struct fields (`unsubscribeLinkTag` is `unsubscribelinktag`), and
 * quoted, since some (`from`, `to`) are reserved words: a view declaring `row(from varchar)` fails to load.
 */
export function toTrinoType(type: SchemaType): string {
  switch (type.kind) {
    case 'primitive': return TRINO_PRIMITIVES[type.name];
    case 'array': return `array(${toTrinoType(type.element)})`;
    case 'map': return `map(varchar,${toTrinoType(type.value)})`;
    case 'struct': return `row(${type.fields.map(f => `"${f.name.toLowerCase()}" ${toTrinoType(f.type)}`).join(',')})`;
  }
}

const ICEBERG_PRIMITIVES: Record<PrimitiveName, string> = {
  string: 'string', bigint: 'long', int: 'int', double: 'double', boolean: 'boolean', timestamp: 'timestamp',
};

/**
 * An Iceberg type as the Iceberg table spec writes it in JSON: a primitive's name (`string`, `long`,
 * `timestamp`...), or for a struct, list or map an object whose every field, element, key and value has an ID.
 * Every field is optional (`required: false`): records may leave any of them out.
 */
export type IcebergType = string | { readonly [key: string]: unknown };

/** One field of an Iceberg schema, as the Glue Data Catalog's `IcebergStructField` declares it. */
export interface IcebergField {
  readonly id: number;
  readonly name: string;
  readonly type: IcebergType;
  readonly required: boolean;
  readonly doc?: string;
}

/**
 * The Iceberg schema of `fields`: top-level fields get IDs 1..n in order, then nested fields, list elements and
 * map keys and values the next IDs depth first, so that the same declaration always gets the same IDs.
 */
export function toIcebergFields(columns: readonly SchemaField[]): IcebergField[] {
  let nextId = columns.length + 1;
  const takeId = () => nextId++;
  const nested = (type: SchemaType): IcebergType => {
    switch (type.kind) {
      case 'primitive': return ICEBERG_PRIMITIVES[type.name];
      case 'array': return { 'type': 'list', 'element-id': takeId(), 'element-required': false, 'element': nested(type.element) };
      case 'map': {
        const keyId = takeId();
        const valueId = takeId();
        return { 'type': 'map', 'key-id': keyId, 'key': 'string', 'value-id': valueId, 'value-required': false, 'value': nested(type.value) };
      }
      case 'struct': {
        const ids = type.fields.map(takeId);
        return { type: 'struct', fields: type.fields.map((f, i) => ({ id: ids[i], name: f.name, required: false, type: nested(f.type) })) };
      }
    }
  };
  return columns.map((f, i) => ({ id: i + 1, name: f.name, required: false, type: nested(f.type), ...(f.comment ? { doc: f.comment } : {}) }));
}

const DUCKDB_PRIMITIVES: Record<PrimitiveName, string> = {
  string: 'VARCHAR', bigint: 'BIGINT', int: 'INTEGER', double: 'DOUBLE', boolean: 'BOOLEAN', timestamp: 'TIMESTAMP',
};

/** DuckDB type string, for the local engine. */
export function toDuckDbType(type: SchemaType): string {
  switch (type.kind) {
    case 'primitive': return DUCKDB_PRIMITIVES[type.name];
    case 'array': return `${toDuckDbType(type.element)}[]`;
    case 'map': return `MAP(VARCHAR, ${toDuckDbType(type.value)})`;
    case 'struct': return `STRUCT(${type.fields.map(f => `"${f.name}" ${toDuckDbType(f.type)}`).join(', ')})`;
  }
}

/**
 * The type at a dotted path of struct fields (e.g. `facets.email_channel.mail_event.mail.message_id`) among
 * `columns`, or undefined when there is no such field.
 */
export function findTypeAtPath(path: string, columns: readonly SchemaField[]): SchemaType | undefined {
  const [head, ...rest] = path.split('.');
  let current: SchemaType | undefined = columns.find(c => c.name === head)?.type;
  for (const part of rest) {
    current = current?.kind === 'struct' ? current.fields.find(f => f.name === part)?.type : undefined;
  }
  return current;
}

/** The type at a dotted path of `all_events` (its partition column included); throws when there is none. */
export function typeAtPath(path: string): SchemaType {
  const found = findTypeAtPath(path, [...EVENT_COLUMNS, ...PARTITION_KEYS]);
  if (!found) {
    throw new Error(`No field '${path}' in the ${EVENTS_TABLE_NAME} schema`);
  }
  return found;
}

/**
 * The `all_events` table, declared once as data.
 *
 * Every consumer renders this one declaration: the Glue table (Hive types, also the schema Firehose uses to
 * convert JSON into Parquet), the Athena views (Trino types) and the local engine (DuckDB types). A field is
 * added here and nowhere else.
 *
 * The record shape is the Amazon Pinpoint event stream record. Records from SES and from End User Messaging
 * are normalized into this shape by the database's record processor before conversion.
 */

/** A primitive column type, named as Hive names it. */
export type PrimitiveName = 'string' | 'bigint' | 'int' | 'double' | 'boolean' | 'timestamp';

export interface PrimitiveType { readonly kind: 'primitive'; readonly name: PrimitiveName }
export interface ArrayType { readonly kind: 'array'; readonly element: SchemaType }
export interface MapType { readonly kind: 'map'; readonly value: SchemaType }
export interface StructType { readonly kind: 'struct'; readonly fields: readonly SchemaField[] }
export type SchemaType = PrimitiveType | ArrayType | MapType | StructType;

export interface SchemaField {
  /**
   * Column or struct-field name. Column names are lower-case, as Glue and Athena store them. Firehose's OpenX
   * JSON SerDe is configured case-sensitive (so map keys keep their case), so this is also the exact record key,
   * unless `jsonKey` says otherwise; that is why one struct field of the solution's table, `unsubscribeLinkTag`,
   * keeps its case.
   */
  readonly name: string;
  readonly type: SchemaType;
  /**
   * The record key the field is read from, when it differs from `name` (a record key that is not lower-case).
   * Only top-level columns may have one: the SerDe's key mappings apply to columns.
   */
  readonly jsonKey?: string;
  /** What the field holds, for the catalog and the documentation. */
  readonly comment?: string;
}

const primitive = (name: PrimitiveName): PrimitiveType => ({ kind: 'primitive', name });
export const STRING = primitive('string');
export const BIGINT = primitive('bigint');
export const INT = primitive('int');
export const DOUBLE = primitive('double');
export const BOOLEAN = primitive('boolean');
export const TIMESTAMP = primitive('timestamp');
export const arrayOf = (element: SchemaType): ArrayType => ({ kind: 'array', element });
/** Maps always have string keys (JSON object keys). */
export const mapOf = (value: SchemaType): MapType => ({ kind: 'map', value });
export const struct = (fields: Record<string, SchemaType>): StructType => ({
  kind: 'struct',
  fields: Object.entries(fields).map(([name, type]) => ({ name, type })),
});

/** The metric holding a message's price, in thousandths of a US cent. */
export const PRICE_METRIC = 'price_in_millicents_usd';

/** The link tag that marks an unsubscribe link (`ses:tags="unsubscribeLinkTag:..."` in the message). */
export const UNSUBSCRIBE_LINK_TAG = 'unsubscribeLinkTag';

const field = (name: string, type: SchemaType, comment: string): SchemaField => ({ name, type, comment });

/** `{ email_address, status, diagnostic_code }` as SES reports a recipient with a problem. */
const RECIPIENT_WITH_STATUS = struct({ email_address: STRING, status: STRING, diagnostic_code: STRING });

/**
 * The email facet: `mail` (common to every email event) and one object named after the event, in the order and
 * with the types of the deployed solution's table (`send` is a map there: an empty object in every record).
 * SES records normalized by the record processor may also carry `rendering_failure`, `delivery_delay` and
 * `subscription`, which the solution's table did not have.
 */
const MAIL_EVENT = struct({
  mail: struct({
    message_id: STRING,
    message_send_timestamp: BIGINT,
    from_address: STRING,
    destination: arrayOf(STRING),
    headers_truncated: BOOLEAN,
    headers: arrayOf(mapOf(STRING)),
    common_headers: struct({ from: STRING, to: arrayOf(STRING), subject: STRING }),
  }),
  send: mapOf(STRING),
  delivery: struct({
    smtp_response: STRING,
    reporting_mta: STRING,
    recipients: arrayOf(STRING),
    processing_time_millis: INT,
  }),
  open: struct({ ip_address: STRING, user_agent: STRING }),
  click: struct({
    ip_address: STRING,
    user_agent: STRING,
    link: STRING,
    link_tags: struct({ [UNSUBSCRIBE_LINK_TAG]: arrayOf(STRING) }),
    all_link_tags: mapOf(arrayOf(STRING)),
  }),
  reject: struct({ reason: STRING }),
  complaint: struct({
    complained_recipients: arrayOf(struct({ email_address: STRING })),
    feedback_id: STRING,
    user_agent: STRING,
    complaint_feedback_type: STRING,
    complaint_sub_type: STRING,
    arrival_date: STRING,
  }),
  bounce: struct({
    bounce_type: STRING,
    bounce_sub_type: STRING,
    bounced_recipients: arrayOf(struct({ email_address: STRING, action: STRING, status: STRING, diagnostic_code: STRING })),
    feedback_id: STRING,
    reporting_mta: STRING,
  }),
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
});

/**
 * The columns of `all_events`, in table order: the deployed solution's columns first, each with its exact type
 * (so every query written for that table runs unchanged here), then what this library adds. Where the solution's
 * type holds less than the record (`metrics` keeps only the SMS price, `link_tags` only the unsubscribe tag),
 * the record processor also writes the whole value to an added column or field (`all_metrics`,
 * `all_link_tags`); struct columns gain fields only after the solution's.
 */
export const EVENT_COLUMNS: readonly SchemaField[] = [
  field('event_type', STRING, 'Event kind, e.g. _email.send, _SMS.SUCCESS, _campaign.send, or a custom event name'),
  field('event_timestamp', BIGINT, 'When the event happened, epoch milliseconds (UTC)'),
  field('arrival_timestamp', BIGINT, 'When the event reached the messaging service, epoch milliseconds (UTC)'),
  field('event_version', STRING, 'Version of the event record format'),
  field('application', struct({
    app_id: STRING,
    sdk: mapOf(STRING),
    cognito_identity_pool_id: STRING,
    package_name: STRING,
    title: STRING,
    version_name: STRING,
    version_code: STRING,
  }), 'The project (application) the event belongs to; app_id is the Pinpoint project ID'),
  field('client', struct({ client_id: STRING, cognito_id: STRING }), 'The endpoint (client_id) the event concerns'),
  field('device', struct({
    platform: mapOf(STRING),
    locale: struct({ code: STRING, country: STRING, language: STRING }),
    make: STRING,
    model: STRING,
  }), 'Device that reported an app event (platform name and version)'),
  field('session', mapOf(STRING), 'App session of an app event: session_id, start_timestamp, stop_timestamp (epoch milliseconds as text)'),
  field('attributes', mapOf(STRING), 'String attributes of the event (campaign, journey and SMS details, custom attributes)'),
  field('client_context', struct({ custom: mapOf(STRING) }), 'Sender context; for campaigns custom.endpoint is the endpoint record as a JSON string'),
  { ...field('awsaccountid', STRING, 'AWS account that sent the message (the record key awsAccountId)'), jsonKey: 'awsAccountId' },
  field('facets', struct({ email_channel: struct({ mail_event: MAIL_EVENT }) }), 'Channel-specific detail; email events only'),
  field('metrics', struct({ [PRICE_METRIC]: DOUBLE }), 'The message price in thousandths of a US cent (SMS, MMS, voice); every metric is in all_metrics'),
  field('all_metrics', mapOf(DOUBLE), 'Every numeric metric of the event (prices, custom metrics), by name'),
];

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

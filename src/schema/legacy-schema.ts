/**
 * The `all_events` table of a deployment of the Digital User Engagement Events Database (the solution this
 * library replaces), declared as data, field for field as its public deployment template creates it.
 *
 * This is the contract every query, view and dashboard written for that solution relies on: `all_events` of
 * this library holds every column and nested field declared here with exactly this type, and only adds to it
 * (`test/database/guide-table-contract.test.ts` checks it). The same declaration is the schema of the table that
 * reads an adopted deployment's Parquet files (`LegacyEventsTable`).
 */
import {
  BIGINT, BOOLEAN, DOUBLE, INT, PROJECTED_PARTITION_KEYS, SchemaField, STRING, UNSUBSCRIBE_LINK_TAG, arrayOf, mapOf, struct,
} from './event-schema';

/** Default name of the table over the adopted deployment's Parquet files. */
export const LEGACY_EVENTS_TABLE_NAME = 'all_events_legacy';

const column = (name: string, type: SchemaField['type']): SchemaField => ({ name, type });

/** The columns of the solution's `all_events`, in its order. */
export const LEGACY_EVENT_COLUMNS: readonly SchemaField[] = [
  column('event_type', STRING),
  column('event_timestamp', BIGINT),
  column('arrival_timestamp', BIGINT),
  column('event_version', STRING),
  column('application', struct({ app_id: STRING, sdk: mapOf(STRING) })),
  column('client', struct({ client_id: STRING, cognito_id: STRING })),
  column('device', struct({ platform: mapOf(STRING) })),
  column('session', mapOf(STRING)),
  column('attributes', mapOf(STRING)),
  column('client_context', struct({ custom: mapOf(STRING) })),
  column('awsaccountid', STRING),
  column('facets', struct({
    email_channel: struct({
      mail_event: struct({
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
        delivery: struct({ smtp_response: STRING, reporting_mta: STRING, recipients: arrayOf(STRING), processing_time_millis: INT }),
        open: struct({ ip_address: STRING, user_agent: STRING }),
        click: struct({ ip_address: STRING, user_agent: STRING, link: STRING, link_tags: struct({ [UNSUBSCRIBE_LINK_TAG]: arrayOf(STRING) }) }),
        reject: struct({ reason: STRING }),
        complaint: struct({
          complained_recipients: arrayOf(struct({ email_address: STRING })),
          feedback_id: STRING,
          user_agent: STRING,
          complaint_feedback_type: STRING,
        }),
        bounce: struct({
          bounce_type: STRING,
          bounce_sub_type: STRING,
          bounced_recipients: arrayOf(struct({ email_address: STRING, action: STRING, status: STRING, diagnostic_code: STRING })),
          feedback_id: STRING,
          reporting_mta: STRING,
        }),
      }),
    }),
  })),
  column('metrics', struct({ price_in_millicents_usd: DOUBLE })),
];

/**
 * The solution registered `ingest_timestamp` (timestamp) partitions over `events/yyyy/MM/dd/HH/`. The table that
 * adopts its files projects those hour folders instead (no registration needed for history), and projection
 * works on text partition columns only, so the folder is the partition value.
 */
export const LEGACY_PARTITION_KEYS: readonly SchemaField[] = PROJECTED_PARTITION_KEYS;

/**
 * Fields of `all_events` that an adopted row fills from another field of its own: the solution's `metrics` held
 * the price only, and `link_tags` the unsubscribe tag only, so those are all an old row has of each.
 * Paths are dotted, from the column.
 */
export const LEGACY_FIELD_SOURCES: Readonly<Record<string, string>> = {
  'all_metrics': 'metrics',
  'facets.email_channel.mail_event.click.all_link_tags': 'facets.email_channel.mail_event.click.link_tags',
};

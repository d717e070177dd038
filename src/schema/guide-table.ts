/**
 * The `all_events` table of the Digital User Engagement Events Database (the solution this library replaces),
 * declared as data, field for field as its public deployment template creates it.
 *
 * This is the contract every query, view and dashboard written for that solution relies on. The `all_events` of
 * this library is this declaration with fields added (`event-schema.ts`), so it holds every column and nested
 * field here with exactly this type; the table that reads an adopted deployment's files has exactly this schema.
 */
import { BIGINT, BOOLEAN, DOUBLE, INT, SchemaField, SchemaType, STRING, arrayOf, mapOf, struct } from './types';

/** The metric holding a message's price, in thousandths of a US cent. */
export const PRICE_METRIC = 'price_in_millicents_usd';

/** The link tag that marks an unsubscribe link (`ses:tags="unsubscribeLinkTag:..."` in the message). */
export const UNSUBSCRIBE_LINK_TAG = 'unsubscribeLinkTag';

const column = (name: string, type: SchemaType): SchemaField => ({ name, type });

/** The columns of the solution's `all_events`, in its order. */
export const GUIDE_EVENT_COLUMNS: readonly SchemaField[] = [
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
  // The record key is awsAccountId; the solution's SerDe matched keys ignoring case.
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
        // An empty object in every record.
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
  column('metrics', struct({ [PRICE_METRIC]: DOUBLE })),
];

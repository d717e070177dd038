/**
 * The Athena views over `all_events`, declared once as data: one view per event type, each field as
 * (name, source expression over the table's columns, type). `view-sql.ts` renders a declaration to the Trino
 * SQL and the declared columns that the Glue view stores; the local engine runs the very same SQL.
 *
 * The first fifteen views keep the names, field names and field order of the data dictionary of the solution
 * this library replaces, so existing queries keep working. Three more cover the SES events that the record
 * processor normalizes (rendering failures, delivery delays, subscription changes), and two the End User
 * Messaging MMS and voice events (one view per channel, every status, with an `outcome` column).
 */
import { sqlString } from './sql';
import { channelEventTypes } from '../normalize/sms-voice';
import {
  BOOLEAN, DOUBLE, PRICE_METRIC, SchemaType, STRING, TIMESTAMP, UNSUBSCRIBE_LINK_TAG, mapOf, typeAtPath,
} from '../schema/event-schema';

export { sqlString };

/** One column of a view. */
export interface ViewField {
  /** Column name in the view. */
  readonly name: string;
  /** Trino expression computing it, over the columns of `all_events` (and the view's unnested recipient). */
  readonly expression: string;
  /** Its type; rendered as a Trino type for the view and as a Hive type for the Glue storage columns. */
  readonly type: SchemaType;
}

/**
 * One row per element of an array: `LEFT JOIN UNNEST(array) AS alias(columns) ON TRUE`, so an event whose
 * array is empty or missing still yields one row (with NULL recipient columns) instead of vanishing.
 */
export interface ViewUnnest {
  /** Expression of the array to unnest (an array of rows). */
  readonly array: string;
  /** Table alias of the unnested relation. */
  readonly alias: string;
  /** One name per field of the row type, in the row's field order (Trino expands rows into columns). */
  readonly columns: readonly string[];
}

/** A view selecting one event type (or the event types of one channel) from `all_events`. */
export interface ViewDeclaration {
  readonly name: string;
  /**
   * The `event_type` values the view selects: one for a per-event-type view, several for a view of a whole
   * channel (every status of an MMS or a call), which then tells them apart by a column of its own.
   */
  readonly eventTypes: readonly string[];
  /** What the view holds (stored as the Glue table description). */
  readonly description: string;
  readonly fields: readonly ViewField[];
  readonly unnest?: ViewUnnest;
}

/** Where the email facet's objects are. */
const MAIL_EVENT = 'facets.email_channel.mail_event';
const MAIL = `${MAIL_EVENT}.mail`;

/**
 * Epoch milliseconds → `timestamp(3)` (UTC), keeping the milliseconds. `from_unixtime(x / 1000)` would divide
 * two integers (Trino truncates, losing the milliseconds). `from_unixtime_nanos` is exact; it returns a
 * `timestamp(9) with time zone` in the session's zone, so the value is moved to UTC before the zone is dropped
 * (Athena's sessions are UTC, but the view must not depend on it), and the cast states the column's type.
 */
export function epochMillisToTimestamp(expression: string): string {
  return `CAST(from_unixtime_nanos(${expression} * 1000000) AT TIME ZONE 'UTC' AS timestamp(3))`;
}

/** `element_at` returns NULL for a missing key, where `map[key]` fails the whole query. */
export function mapValue(map: string, key: string): string {
  return `element_at(${map}, ${sqlString(key)})`;
}

const column = (name: string, expression: string, type: SchemaType): ViewField => ({ name, expression, type });

/** A field read straight from a table path; its type is the schema's type at that path. */
const fromPath = (name: string, path: string): ViewField => column(name, path, typeAtPath(path));
const attribute = (name: string, key: string): ViewField => column(name, mapValue('attributes', key), STRING);

const EVENT_TIMESTAMP = column('event_timestamp', epochMillisToTimestamp('event_timestamp'), TIMESTAMP);
const ARRIVAL_TIMESTAMP = column('arrival_timestamp', epochMillisToTimestamp('arrival_timestamp'), TIMESTAMP);
const APPLICATION_ID = fromPath('application_id', 'application.app_id');
const ENDPOINT_ID = fromPath('endpoint_id', 'client.client_id');
const CAMPAIGN_ID = attribute('pinpoint_campaign_id', 'campaign_id');
const TREATMENT_ID = attribute('pinpoint_treatment_id', 'treatment_id');
const AWS_ACCOUNT_ID = fromPath('aws_account_id', 'awsaccountid');
/** Passed through untouched, so that a filter on it prunes partitions through the view. */
const INGEST_TIMESTAMP = fromPath('ingest_timestamp', 'ingest_timestamp');

/** Campaign sends carry their tags in `attributes` (the campaign's attributes), as the solution's view read them. */
const ATTRIBUTE_TAGS = column('message_tags', 'attributes', mapOf(STRING));
/**
 * Email and journey events: the sender's context (`client_context.custom`) merged with `attributes` (for email
 * sent through SES, the message tags), an attribute winning over a context entry of the same name, as the
 * solution's views merged them.
 */
const MERGED_TAGS = column('message_tags',
  'map_concat(coalesce(client_context.custom, CAST(MAP() AS map(varchar,varchar))), attributes)', mapOf(STRING));
/**
 * SMS events carry the sender's context as a JSON string in `attributes.customer_context`. TRY keeps one
 * malformed or nested context from failing every query over the view: that row's tags are NULL instead.
 */
const SMS_CONTEXT_TAGS = column('message_tags',
  `TRY(CAST(json_parse(${mapValue('attributes', 'customer_context')}) AS map(varchar,varchar)))`, mapOf(STRING));

/** Fields every Pinpoint message event view starts with. */
const MESSAGE_HEAD = [EVENT_TIMESTAMP, ARRIVAL_TIMESTAMP, APPLICATION_ID, ENDPOINT_ID, CAMPAIGN_ID, TREATMENT_ID, AWS_ACCOUNT_ID];

const MAIL_FIELDS = [
  fromPath('message_id', `${MAIL}.message_id`),
  column('message_send_timestamp', epochMillisToTimestamp(`${MAIL}.message_send_timestamp`), TIMESTAMP),
  fromPath('from_address', `${MAIL}.from_address`),
  fromPath('destination', `${MAIL}.destination`),
];
const SUBJECT = fromPath('subject', `${MAIL}.common_headers.subject`);

function emailView(
  name: string, event: string, description: string, fields: readonly ViewField[], unnest?: ViewUnnest,
): ViewDeclaration {
  return {
    name,
    eventTypes: [`_email.${event}`],
    description,
    fields: [...MESSAGE_HEAD, ...MAIL_FIELDS, ...fields, MERGED_TAGS, INGEST_TIMESTAMP],
    unnest,
  };
}

const BOUNCE = `${MAIL_EVENT}.bounce`;
const BOUNCED_RECIPIENT: ViewUnnest = {
  array: `${BOUNCE}.bounced_recipients`,
  alias: 'bounced_recipient',
  columns: ['bounced_recipient_email_address', 'bounced_recipient_action', 'bounced_recipient_status', 'bounced_recipient_diagnostic_code'],
};
const bounceFields = (): ViewField[] => [
  fromPath('bounce_type', `${BOUNCE}.bounce_type`),
  fromPath('bounce_sub_type', `${BOUNCE}.bounce_sub_type`),
  fromPath('feedback_id', `${BOUNCE}.feedback_id`),
  fromPath('reporting_mta', `${BOUNCE}.reporting_mta`),
  ...BOUNCED_RECIPIENT.columns.map(c => column(c, `${BOUNCED_RECIPIENT.alias}.${c}`, STRING)),
];

const COMPLAINT = `${MAIL_EVENT}.complaint`;
const COMPLAINANT: ViewUnnest = {
  array: `${COMPLAINT}.complained_recipients`,
  alias: 'complainant',
  columns: ['complained_email_address'],
};

const CLICK = `${MAIL_EVENT}.click`;
const DELIVERY = `${MAIL_EVENT}.delivery`;
const DELAY = `${MAIL_EVENT}.delivery_delay`;
const DELAYED_RECIPIENT: ViewUnnest = {
  array: `${DELAY}.delayed_recipients`,
  alias: 'delayed_recipient',
  columns: ['delayed_recipient_email_address', 'delayed_recipient_status', 'delayed_recipient_diagnostic_code'],
};

function smsView(name: string, event: string, description: string, fields: readonly ViewField[]): ViewDeclaration {
  return {
    name,
    eventTypes: [`_SMS.${event}`],
    description,
    fields: [...MESSAGE_HEAD, ...fields, SMS_CONTEXT_TAGS, INGEST_TIMESTAMP],
  };
}
const SMS_REQUEST = [
  attribute('sender_request_id', 'sender_request_id'),
  attribute('destination_phone_number', 'destination_phone_number'),
  attribute('record_status', 'record_status'),
  attribute('iso_country_code', 'iso_country_code'),
  attribute('number_of_message_parts', 'number_of_message_parts'),
  attribute('message_id', 'message_id'),
];
const SMS_MESSAGE_TYPE = attribute('message_type', 'message_type');
const SMS_ORIGINATION = attribute('origination_phone_number', 'origination_phone_number');
const SMS_PRICE = fromPath(PRICE_METRIC, `metrics.${PRICE_METRIC}`);

/** The standard views, in name order. */
export const STANDARD_VIEWS: readonly ViewDeclaration[] = [
  {
    name: 'campaign_send',
    eventTypes: ['_campaign.send'],
    description: 'One row per endpoint a Pinpoint campaign sent to',
    fields: [...MESSAGE_HEAD, ATTRIBUTE_TAGS, INGEST_TIMESTAMP],
  },
  emailView('email_click', 'click', 'Email link clicks', [
    SUBJECT,
    fromPath('ip_address', `${CLICK}.ip_address`),
    fromPath('user_agent', `${CLICK}.user_agent`),
    fromPath('link', `${CLICK}.link`),
  ]),
  emailView('email_complaint', 'complaint', 'Spam complaints, one row per complaining recipient', [
    column('complained_email_address', `${COMPLAINANT.alias}.complained_email_address`, STRING),
    fromPath('feedback_id', `${COMPLAINT}.feedback_id`),
    fromPath('user_agent', `${COMPLAINT}.user_agent`),
    fromPath('complaint_feedback_type', `${COMPLAINT}.complaint_feedback_type`),
  ], COMPLAINANT),
  emailView('email_delivered', 'delivered', 'Emails accepted by the recipient\'s mail server', [
    SUBJECT,
    fromPath('smtp_response', `${DELIVERY}.smtp_response`),
    fromPath('reporting_mta', `${DELIVERY}.reporting_mta`),
    fromPath('recipients', `${DELIVERY}.recipients`),
    fromPath('processing_time_millis', `${DELIVERY}.processing_time_millis`),
  ]),
  emailView('email_hardbounce', 'hardbounce', 'Permanent bounces, one row per bounced recipient', bounceFields(), BOUNCED_RECIPIENT),
  emailView('email_open', 'open', 'Email opens', [
    SUBJECT,
    fromPath('ip_address', `${MAIL_EVENT}.open.ip_address`),
    fromPath('user_agent', `${MAIL_EVENT}.open.user_agent`),
  ]),
  emailView('email_rejected', 'rejected', 'Emails rejected before sending (for example, a virus)', [
    SUBJECT,
    fromPath('reject_reason', `${MAIL_EVENT}.reject.reason`),
  ]),
  emailView('email_send', 'send', 'Email send requests', [SUBJECT]),
  emailView('email_softbounce', 'softbounce', 'Transient bounces SES stopped retrying, one row per bounced recipient', bounceFields(), BOUNCED_RECIPIENT),
  emailView('email_unsubscribe', 'unsubscribe', 'Clicks on unsubscribe links', [
    SUBJECT,
    fromPath('ip_address', `${CLICK}.ip_address`),
    fromPath('user_agent', `${CLICK}.user_agent`),
    fromPath('link', `${CLICK}.link`),
    fromPath('unsubscribe_link_tag', `${CLICK}.link_tags.${UNSUBSCRIBE_LINK_TAG}`),
  ]),
  {
    name: 'journey_send',
    eventTypes: ['_journey.send'],
    description: 'One row per endpoint a journey activity sent to',
    fields: [
      EVENT_TIMESTAMP, ARRIVAL_TIMESTAMP, APPLICATION_ID, ENDPOINT_ID,
      attribute('journey_run_id', 'journey_run_id'),
      attribute('journey_send_status', 'journey_send_status'),
      attribute('journey_id', 'journey_id'),
      attribute('journey_activity_id', 'journey_activity_id'),
      AWS_ACCOUNT_ID, MERGED_TAGS, INGEST_TIMESTAMP,
    ],
  },
  smsView('sms_buffered', 'BUFFERED', 'SMS messages accepted and still being delivered', [...SMS_REQUEST, SMS_MESSAGE_TYPE, SMS_PRICE]),
  smsView('sms_failure', 'FAILURE', 'SMS messages that could not be delivered (see record_status)', [...SMS_REQUEST, SMS_ORIGINATION, SMS_PRICE]),
  smsView('sms_optout', 'OPTOUT', 'Recipients who replied with the opt-out keyword', [...SMS_REQUEST, SMS_MESSAGE_TYPE, SMS_ORIGINATION, SMS_PRICE]),
  smsView('sms_success', 'SUCCESS', 'SMS messages delivered to the recipient', [...SMS_REQUEST, SMS_MESSAGE_TYPE, SMS_ORIGINATION, SMS_PRICE]),
];

/** Views of SES events that the record processor normalizes, beyond the fifteen of the data dictionary. */
export const SES_EXTRA_VIEWS: readonly ViewDeclaration[] = [
  emailView('email_rendering_failure', 'rendering_failure', 'Templated emails that could not be rendered', [
    SUBJECT,
    fromPath('error_message', `${MAIL_EVENT}.rendering_failure.error_message`),
    fromPath('template_name', `${MAIL_EVENT}.rendering_failure.template_name`),
  ]),
  emailView('email_delivery_delay', 'delivery_delay', 'Temporary delivery delays, one row per delayed recipient', [
    SUBJECT,
    fromPath('delay_type', `${DELAY}.delay_type`),
    fromPath('expiration_time', `${DELAY}.expiration_time`),
    fromPath('reporting_mta', `${DELAY}.reporting_mta`),
    ...DELAYED_RECIPIENT.columns.map(c => column(c, `${DELAYED_RECIPIENT.alias}.${c}`, STRING)),
  ], DELAYED_RECIPIENT),
  emailView('email_subscription', 'subscription', 'Subscription preference changes through SES list management', [
    SUBJECT,
    fromPath('contact_list', `${MAIL_EVENT}.subscription.contact_list`),
    fromPath('subscription_source', `${MAIL_EVENT}.subscription.source`),
    fromPath('new_topic_preferences', `${MAIL_EVENT}.subscription.new_topic_preferences`),
    fromPath('old_topic_preferences', `${MAIL_EVENT}.subscription.old_topic_preferences`),
  ]),
];

/**
 * The outcome of an MMS or a call: `buffered`, `success` or `failure`, the part of its event type after the
 * dot. The service's own, finer status is `record_status`.
 */
const OUTCOME = column('outcome', "split_part(event_type, '.', 2)", STRING);
/** `attributes.is_final` is `"true"`/`"false"`; TRY keeps a foreign value from failing every query over the view. */
const IS_FINAL = column('is_final', `TRY(CAST(${mapValue('attributes', 'is_final')} AS boolean))`, BOOLEAN);

/**
 * One view per End User Messaging channel beyond SMS, every status in it. Cost (each message priced once, at
 * the largest price of its events) and delivery rates need all statuses of a message side by side, which
 * per-status views would force into UNIONs; a call reports several intermediate statuses (initiated, ringing,
 * answered) that would each make a thin view; and no existing query depends on per-status names for these
 * channels.
 */
function channelView(
  name: string, eventTypes: readonly string[], description: string, fields: readonly ViewField[],
): ViewDeclaration {
  return {
    name,
    eventTypes,
    description,
    fields: [
      EVENT_TIMESTAMP, ARRIVAL_TIMESTAMP, APPLICATION_ID, ENDPOINT_ID, AWS_ACCOUNT_ID,
      attribute('message_id', 'message_id'),
      OUTCOME,
      attribute('record_status', 'record_status'),
      attribute('message_status_description', 'message_status_description'),
      IS_FINAL,
      SMS_ORIGINATION,
      attribute('destination_phone_number', 'destination_phone_number'),
      attribute('iso_country_code', 'iso_country_code'),
      SMS_MESSAGE_TYPE,
      ...fields,
      SMS_PRICE, SMS_CONTEXT_TAGS, INGEST_TIMESTAMP,
    ],
  };
}

/** Views of the End User Messaging MMS and voice events, one per channel. */
export const MMS_VOICE_VIEWS: readonly ViewDeclaration[] = [
  channelView('mms_events', channelEventTypes('MEDIA'),
    'End User Messaging MMS events, every status: outcome is buffered, success or failure, record_status the service\'s own status',
    [attribute('number_of_message_parts', 'number_of_message_parts')]),
  channelView('voice_events', channelEventTypes('VOICE'),
    'End User Messaging voice message events, every status: outcome is buffered, success or failure, record_status the service\'s own status',
    []),
];

/** Every view `EventViews` creates by default. */
export const ALL_STANDARD_VIEWS: readonly ViewDeclaration[] = [...STANDARD_VIEWS, ...SES_EXTRA_VIEWS, ...MMS_VOICE_VIEWS];

/** Columns every custom event view starts with, before its own attributes and metrics. */
export const CUSTOM_VIEW_HEAD: readonly ViewField[] = [EVENT_TIMESTAMP, ARRIVAL_TIMESTAMP, APPLICATION_ID, ENDPOINT_ID, AWS_ACCOUNT_ID];
/** Column every custom event view ends with. */
export const CUSTOM_VIEW_TAIL: readonly ViewField[] = [INGEST_TIMESTAMP];

/** A view for a custom (app) event: its chosen attributes as varchar columns and metrics as double columns. */
export function customEventView(
  name: string, eventType: string, attributes: Record<string, string>, metrics: Record<string, string>,
): ViewDeclaration {
  return {
    name,
    eventTypes: [eventType],
    description: `Custom event ${eventType}`,
    fields: [
      ...CUSTOM_VIEW_HEAD,
      ...Object.entries(attributes).map(([col, key]) => column(col, mapValue('attributes', key), STRING)),
      ...Object.entries(metrics).map(([col, key]) => column(col, mapValue('all_metrics', key), DOUBLE)),
      ...CUSTOM_VIEW_TAIL,
    ],
  };
}

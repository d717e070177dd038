/**
 * The Athena views over `all_events`, declared once as data: one view per event type, each field as
 * (name, source expression over the table's columns, type). `view-sql.ts` renders a declaration to the Trino
 * SQL and the declared columns that the Glue view stores; the local engine runs the very same SQL.
 *
 * The first fifteen views keep the names, field names and field order of the data dictionary of the solution
 * this library replaces, so existing queries keep working. Three more cover the SES events that the record
 * processor normalizes (rendering failures, delivery delays, subscription changes), four the End User
 * Messaging MMS, voice, RCS and WhatsApp events (one view per channel, every status), and one, `message_events`,
 * every message event of every channel in one vocabulary.
 */
import { MESSAGE_EVENT_TYPES } from './message-events';
import { sqlString } from './sql';
import {
  BOOLEAN, CONVERSATION_FEE_METRIC, DOUBLE, PRICE_METRIC, SchemaType, STRING, TIMESTAMP, UNSUBSCRIBE_LINK_TAG, mapOf, typeAtPath,
} from '../schema/event-schema';
import { eventTypeOf, eventTypesOf } from '../schema/event-types';

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
  /**
   * Conditions some of the selected event types must also meet: event type → Trino boolean expression over the
   * columns of `all_events`. A row of such an event type is selected only when its condition holds (the push
   * sends among all of Pinpoint's campaign sends, say); the other event types are selected whole.
   */
  readonly eventTypeConditions?: Readonly<Record<string, string>>;
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
    eventTypes: [eventTypeOf('email', event)],
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
    eventTypes: [eventTypeOf('sms', event)],
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
    eventTypes: [eventTypeOf('push', 'send')],
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
    eventTypes: [eventTypeOf('journey', 'send')],
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

const MESSAGE_PARTS = attribute('number_of_message_parts', 'number_of_message_parts');

/** Views of the End User Messaging MMS, voice and RCS events, one per channel. */
export const MMS_VOICE_VIEWS: readonly ViewDeclaration[] = [
  channelView('mms_events', eventTypesOf('mms'),
    'End User Messaging MMS events, every status: outcome is buffered, success or failure, record_status the service\'s own status',
    [MESSAGE_PARTS]),
  channelView('voice_events', eventTypesOf('voice'),
    'End User Messaging voice message events, every status: outcome is buffered, success or failure, record_status the service\'s own status',
    []),
  channelView('rcs_events', eventTypesOf('rcs'),
    'End User Messaging RCS events, every status: outcome is buffered, success, read, failure or fallback (sent on as SMS), record_status the service\'s own status',
    [
      MESSAGE_PARTS,
      attribute('rcs_business_id', 'rcs_business_id'),
      attribute('agent_iso_country_code', 'agent_iso_country_code'),
      attribute('billing_event_type', 'rcs_billing_event_type'),
      attribute('conversation_initiating_message_id', 'conversation_initiating_message_id'),
      attribute('conversation_initiating_message_type', 'conversation_initiating_message_type'),
      // The session's fee, repeated on each delivery in the session: the analyses count it once per session.
      column(CONVERSATION_FEE_METRIC, mapValue('all_metrics', CONVERSATION_FEE_METRIC), DOUBLE),
    ]),
];

/** `"true"`/`"false"` attributes as booleans; TRY keeps a foreign value from failing every query over the view. */
const booleanAttribute = (name: string, key: string): ViewField =>
  column(name, `TRY(CAST(${mapValue('attributes', key)} AS boolean))`, BOOLEAN);

/**
 * End User Messaging Social (WhatsApp): one view of every status of the messages the business sent and every
 * message customers sent, `status` telling them apart (Meta's status, or `received`).
 */
export const WHATSAPP_VIEWS: readonly ViewDeclaration[] = [{
  name: 'whatsapp_events',
  eventTypes: eventTypesOf('whatsapp'),
  description: 'End User Messaging Social (WhatsApp) events: every status of a sent message (status sent, delivered, read, failed…) and every message a customer sent (status received)',
  fields: [
    // application_id is the WhatsApp Business Account; endpoint_id the customer's WhatsApp ID.
    EVENT_TIMESTAMP, ARRIVAL_TIMESTAMP, APPLICATION_ID, ENDPOINT_ID, AWS_ACCOUNT_ID,
    attribute('message_id', 'message_id'),
    column('status', "split_part(event_type, '.', 2)", STRING),
    SMS_ORIGINATION,
    attribute('destination_phone_number', 'destination_phone_number'),
    attribute('phone_number_id', 'phone_number_id'),
    attribute('aws_message_id', 'aws_message_id'),
    attribute('error_code', 'error_code'),
    attribute('error_title', 'error_title'),
    attribute('error_message', 'error_message'),
    attribute('error_details', 'error_details'),
    booleanAttribute('pricing_billable', 'pricing_billable'),
    attribute('pricing_model', 'pricing_model'),
    attribute('pricing_category', 'pricing_category'),
    attribute('pricing_type', 'pricing_type'),
    attribute('conversation_id', 'conversation_id'),
    attribute('conversation_origin_type', 'conversation_origin_type'),
    // Epoch seconds, as WhatsApp writes them.
    column('conversation_expiration_timestamp',
      epochMillisToTimestamp(`TRY_CAST(${mapValue('attributes', 'conversation_expiration_timestamp')} AS bigint) * 1000`), TIMESTAMP),
    attribute('message_type', 'message_type'),
    attribute('text_body', 'text_body'),
    attribute('in_reply_to_message_id', 'in_reply_to_message_id'),
    attribute('contact_name', 'contact_name'),
    attribute('biz_opaque_callback_data', 'biz_opaque_callback_data'),
    INGEST_TIMESTAMP,
  ],
}];

/**
 * The record families of message events, which keep the same detail in the same place: email events (the
 * email facet), Pinpoint's campaign (push) events, and the events of every other channel, normalized into
 * Pinpoint's SMS attributes (message_id, origination and destination phone numbers, record_status…).
 */
const IS_EMAIL = "starts_with(event_type, '_email.')";
const IS_CAMPAIGN = "starts_with(event_type, '_campaign.')";

/**
 * A value read from where each family keeps it; NULL for a family that has none, so that an attribute of the
 * same name in another family (an SES message tag named `iso_country_code`, say) is never read as it.
 */
function perFamily(values: { readonly email?: string; readonly push?: string; readonly messaging?: string }): string {
  return `CASE WHEN ${IS_EMAIL} THEN ${values.email ?? 'NULL'} WHEN ${IS_CAMPAIGN} THEN ${values.push ?? 'NULL'}`
    + ` ELSE ${values.messaging ?? 'NULL'} END`;
}

/**
 * A CASE of string literals is a `varchar(n)` in Trino (n the longest literal): the cast makes it the declared
 * `varchar`, which Athena requires of the view (a declared type that differs from the SQL's makes the view stale).
 */
const asVarchar = (expression: string) => `CAST(${expression} AS varchar)`;

/** `channel`: from the event type's prefix (`_email`, `_SMS`, `_rcs`…), each prefix naming one channel. */
function channelExpression(): string {
  const byPrefix = new Map<string, string>();
  for (const type of MESSAGE_EVENT_TYPES) {
    const prefix = type.eventType.slice(0, type.eventType.indexOf('.'));
    if ((byPrefix.get(prefix) ?? type.channel) !== type.channel) {
      throw new Error(`The event-type prefix '${prefix}' names two channels`);
    }
    byPrefix.set(prefix, type.channel);
  }
  const whens = [...byPrefix].map(([prefix, channel]) => ` WHEN ${sqlString(prefix)} THEN ${sqlString(channel)}`).join('');
  return asVarchar(`CASE split_part(event_type, '.', 1)${whens} END`);
}

/** `status`: the normalized status of each event type, `failed` where the event itself reports a failure. */
function statusExpression(): string {
  const whens = MESSAGE_EVENT_TYPES.map(type => {
    const status = type.failedWhen === undefined
      ? sqlString(type.status)
      : `CASE WHEN ${type.failedWhen} THEN 'failed' ELSE ${sqlString(type.status)} END`;
    return ` WHEN ${sqlString(type.eventType)} THEN ${status}`;
  }).join('');
  return asVarchar(`CASE event_type${whens} END`);
}

/** True for the rows whose status is `failed`. */
function failureCondition(): string {
  const failedTypes = MESSAGE_EVENT_TYPES.filter(t => t.status === 'failed').map(t => sqlString(t.eventType));
  const failedWhen = MESSAGE_EVENT_TYPES.filter(t => t.failedWhen !== undefined)
    .map(t => `(event_type = ${sqlString(t.eventType)} AND ${t.failedWhen})`);
  return [`event_type IN (${failedTypes.join(', ')})`, ...failedWhen].join(' OR ');
}

const attr = (key: string) => mapValue('attributes', key);
const SOURCE_STATUS = perFamily({
  email: "split_part(event_type, '.', 2)",
  push: `coalesce(${attr('campaign_send_status')}, split_part(event_type, '.', 2))`,
  messaging: attr('record_status'),
});

/**
 * Every message event of every channel, one row each, in one vocabulary: delivery rate by channel is one
 * GROUP BY. The columns are those every channel has (some NULL where a channel lacks them: email has no country,
 * push no sender); each channel's own view holds the rest of its detail.
 */
export const MESSAGE_EVENTS_VIEW: ViewDeclaration = {
  name: 'message_events',
  eventTypes: MESSAGE_EVENT_TYPES.map(t => t.eventType),
  eventTypeConditions: Object.fromEntries(MESSAGE_EVENT_TYPES.filter(t => t.condition !== undefined).map(t => [t.eventType, t.condition!])),
  description: 'Every message event of every channel (email, SMS, MMS, voice, RCS, WhatsApp, push): channel, normalized status and the source\'s own status, one row per event',
  fields: [
    EVENT_TIMESTAMP,
    column('channel', channelExpression(), STRING),
    column('status', statusExpression(), STRING),
    column('source_status', SOURCE_STATUS, STRING),
    fromPath('event_type', 'event_type'),
    column('message_id', perFamily({
      email: `${MAIL}.message_id`,
      // Pinpoint gives a push notification no ID: the campaign activity and the endpoint name the one message.
      push: `${attr('campaign_activity_id')} || '/' || client.client_id`,
      messaging: attr('message_id'),
    }), STRING),
    column('in_reply_to_message_id', perFamily({ messaging: attr('in_reply_to_message_id') }), STRING),
    column('from_address', perFamily({ email: `${MAIL}.from_address`, messaging: attr('origination_phone_number') }), STRING),
    column('to_address', perFamily({
      email: `array_join(${MAIL}.destination, ', ')`,
      push: 'client.client_id',
      messaging: attr('destination_phone_number'),
    }), STRING),
    column('country', perFamily({ messaging: attr('iso_country_code') }), STRING),
    column('error_code', `CASE WHEN ${failureCondition()} THEN ${perFamily({
      email: `coalesce(${MAIL_EVENT}.bounce.bounce_sub_type, ${MAIL_EVENT}.reject.reason, split_part(event_type, '.', 2))`,
      push: attr('campaign_send_status'),
      messaging: `coalesce(${attr('error_code')}, ${attr('record_status')})`,
    })} END`, STRING),
    fromPath(PRICE_METRIC, `metrics.${PRICE_METRIC}`),
    column('conversation_id', perFamily({
      messaging: `coalesce(${attr('conversation_initiating_message_id')}, ${attr('conversation_id')})`,
    }), STRING),
    column('conversation_fee_in_millicents_usd', perFamily({ messaging: mapValue('all_metrics', CONVERSATION_FEE_METRIC) }), DOUBLE),
    APPLICATION_ID,
    AWS_ACCOUNT_ID,
    column('message_tags', perFamily({ email: MERGED_TAGS.expression, push: ATTRIBUTE_TAGS.expression, messaging: SMS_CONTEXT_TAGS.expression }),
      mapOf(STRING)),
    INGEST_TIMESTAMP,
  ],
};

/** Views across every channel: the same events as the per-channel views, in one vocabulary. */
export const CROSS_CHANNEL_VIEWS: readonly ViewDeclaration[] = [MESSAGE_EVENTS_VIEW];

/** Every view `EventViews` creates by default. */
export const ALL_STANDARD_VIEWS: readonly ViewDeclaration[] = [
  ...STANDARD_VIEWS, ...SES_EXTRA_VIEWS, ...MMS_VOICE_VIEWS, ...WHATSAPP_VIEWS, ...CROSS_CHANNEL_VIEWS,
];

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

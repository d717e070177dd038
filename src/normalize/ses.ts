/**
 * SES event publishing records (a configuration set writing straight to Firehose) → the Pinpoint email record.
 *
 * SES writes camelCase JSON with ISO-8601 times; Pinpoint writes snake_case with epoch milliseconds and
 * nests the SES objects under `facets.email_channel.mail_event`. The mapping and every choice made where
 * the two formats differ are described in docs/normalization.md.
 */
import { isoMillis } from './iso-time';
import { JsonObject, UnrecognisedRecordError, isJsonObject, setOwn } from './json-record';
import { UNSUBSCRIBE_LINK_TAG } from '../schema/event-schema';
import { eventTypeOf } from '../schema/event-types';

export { UNSUBSCRIBE_LINK_TAG };

/** The tag SES adds to every message sent through a configuration set, naming that set. */
export const CONFIGURATION_SET_TAG = 'ses:configuration-set';


/** What each SES event type becomes, and which SES object (if any) carries its detail and its own time. */
interface SesEventMapping {
  readonly eventType: string;
  /** Key of the event's own object in the SES record. */
  readonly sesObject: string;
  /** Key of that object under `mail_event` in the Pinpoint shape. */
  readonly facetKey: string;
  /** `attributes.feedback`, as Pinpoint fills it (clicks use the clicked URL instead). */
  readonly feedback: string;
}

const SES_EVENTS: Record<string, SesEventMapping> = {
  'Send': { eventType: eventTypeOf('email', 'send'), sesObject: 'send', facetKey: 'send', feedback: 'received' },
  'Delivery': { eventType: eventTypeOf('email', 'delivered'), sesObject: 'delivery', facetKey: 'delivery', feedback: 'delivered' },
  'Open': { eventType: eventTypeOf('email', 'open'), sesObject: 'open', facetKey: 'open', feedback: 'opened' },
  'Click': { eventType: eventTypeOf('email', 'click'), sesObject: 'click', facetKey: 'click', feedback: 'clicked' },
  'Bounce': { eventType: eventTypeOf('email', 'softbounce'), sesObject: 'bounce', facetKey: 'bounce', feedback: 'bounced' },
  'Complaint': { eventType: eventTypeOf('email', 'complaint'), sesObject: 'complaint', facetKey: 'complaint', feedback: 'complained' },
  'Reject': { eventType: eventTypeOf('email', 'rejected'), sesObject: 'reject', facetKey: 'reject', feedback: 'rejected' },
  'Rendering Failure': {
    eventType: eventTypeOf('email', 'rendering_failure'), sesObject: 'failure', facetKey: 'rendering_failure', feedback: 'rendering_failure',
  },
  'DeliveryDelay': {
    eventType: eventTypeOf('email', 'delivery_delay'), sesObject: 'deliveryDelay', facetKey: 'delivery_delay', feedback: 'delayed',
  },
  'Subscription': {
    eventType: eventTypeOf('email', 'subscription'), sesObject: 'subscription', facetKey: 'subscription', feedback: 'subscription_changed',
  },
};

/** A permanent bounce's event type; a transient one (SES stopped retrying) keeps the Bounce mapping's. */
const HARD_BOUNCE = eventTypeOf('email', 'hardbounce');
/** A click on an unsubscribe link's event type. */
const UNSUBSCRIBE = eventTypeOf('email', 'unsubscribe');

/** The SES event types this module understands, in the order SES documents them. */
export const SES_EVENT_TYPES: readonly string[] = Object.keys(SES_EVENTS);

/** SES event records carry a camelCase `eventType` and a `mail` object; Pinpoint's carry neither. */
export function isSesRecord(record: JsonObject): boolean {
  return typeof record.eventType === 'string' && isJsonObject(record.mail);
}

function fail(why: string): never {
  throw new UnrecognisedRecordError(`SES event record: ${why}`);
}

/** ISO-8601 → epoch milliseconds; an unparseable time makes the record unrecognisable. */
function epochMillis(iso: unknown, where: string): number {
  if (typeof iso !== 'string') {
    fail(`${where} is ${iso === undefined ? 'missing' : 'not an ISO-8601 string'}`);
  }
  const millis = isoMillis(iso);
  if (Number.isNaN(millis)) {
    fail(`${where} '${iso}' is not an ISO-8601 time`);
  }
  return millis;
}

/** A field of an SES object and the name it takes in the Pinpoint shape: `[from, to]`. */
type Rename = readonly [from: string, to: string];

/** Copies only the present keys, renamed; absent or null values stay out of the record. */
function pick(source: JsonObject, renames: readonly Rename[]): JsonObject {
  const out: JsonObject = {};
  for (const [from, to] of renames) {
    const value = source[from];
    if (value !== undefined && value !== null) {
      out[to] = value;
    }
  }
  return out;
}

const asObject = (value: unknown): JsonObject => (isJsonObject(value) ? value : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const strings = (value: unknown): string[] => asArray(value).filter((v): v is string => typeof v === 'string');

/** `Sender Name <sender@example.com>` → `sender@example.com`; a bare address is kept as it is. */
export function bareAddress(source: string): string {
  const match = /<([^<>]+)>\s*$/.exec(source);
  return match ? match[1].trim() : source.trim();
}

/**
 * SES `tags` ({name: [values]}) → string attributes, one per tag under its name exactly as SES sends it (the
 * delivery stream reads map keys case-sensitively, so `Env` and `env` stay two attributes); several values
 * are joined with a comma.
 */
function tagsToAttributes(tags: unknown): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (!isJsonObject(tags)) return attributes;
  for (const name of Object.keys(tags)) {
    const values = tags[name];
    // A tag has one value, nearly always: it is the attribute as it is.
    const single = Array.isArray(values) && values.length === 1 ? values[0] : values;
    setOwn(attributes, name, typeof single === 'string' ? single : (Array.isArray(values) ? values : [values]).map(String).join(','));
  }
  return attributes;
}

const HEADER: readonly Rename[] = [['name', 'name'], ['value', 'value']];
const COMMON_HEADERS: readonly Rename[] = [['from', 'from'], ['to', 'to'], ['subject', 'subject']];

function normalizeHeader(header: JsonObject): JsonObject {
  // The usual header, a name and a value, is built in one step; pick covers any other.
  const { name, value } = header;
  return name !== undefined && name !== null && value !== undefined && value !== null ? { name, value } : pick(header, HEADER);
}

function normalizeMail(mail: JsonObject, destination: string[]): JsonObject {
  const normalized: JsonObject = {
    message_id: mail.messageId,
    message_send_timestamp: epochMillis(mail.timestamp, 'mail.timestamp'),
  };
  if (typeof mail.source === 'string') normalized.from_address = bareAddress(mail.source);
  if (Array.isArray(mail.destination)) normalized.destination = destination;
  if (typeof mail.headersTruncated === 'boolean') normalized.headers_truncated = mail.headersTruncated;
  if (Array.isArray(mail.headers)) {
    const headers: JsonObject[] = [];
    for (const header of mail.headers) {
      if (isJsonObject(header)) headers.push(normalizeHeader(header));
    }
    normalized.headers = headers;
  }
  if (isJsonObject(mail.commonHeaders)) {
    const common = mail.commonHeaders;
    const from = Array.isArray(common.from) ? strings(common.from).join(', ') : common.from;
    normalized.common_headers = pick({ from, to: common.to, subject: common.subject }, COMMON_HEADERS);
  }
  return normalized;
}

/** The event's own fields, and under `key` its recipients (each an object of renamed fields). */
function withRecipients(fields: JsonObject, key: string, recipients: unknown, renames: readonly Rename[]): JsonObject {
  fields[key] = asArray(recipients).filter(isJsonObject).map(r => pick(r, renames));
  return fields;
}

const DELIVERY: readonly Rename[] = [
  ['smtpResponse', 'smtp_response'], ['reportingMTA', 'reporting_mta'], ['recipients', 'recipients'],
  ['processingTimeMillis', 'processing_time_millis'],
];
const OPEN: readonly Rename[] = [['ipAddress', 'ip_address'], ['userAgent', 'user_agent']];
const CLICK: readonly Rename[] = [['ipAddress', 'ip_address'], ['userAgent', 'user_agent'], ['link', 'link'], ['linkTags', 'link_tags']];
const BOUNCE: readonly Rename[] = [
  ['bounceType', 'bounce_type'], ['bounceSubType', 'bounce_sub_type'], ['feedbackId', 'feedback_id'], ['reportingMTA', 'reporting_mta'],
];
const BOUNCED_RECIPIENT: readonly Rename[] = [
  ['emailAddress', 'email_address'], ['action', 'action'], ['status', 'status'], ['diagnosticCode', 'diagnostic_code'],
];
const COMPLAINT: readonly Rename[] = [
  ['feedbackId', 'feedback_id'], ['userAgent', 'user_agent'], ['complaintFeedbackType', 'complaint_feedback_type'],
  ['complaintSubType', 'complaint_sub_type'], ['arrivalDate', 'arrival_date'],
];
const COMPLAINED_RECIPIENT: readonly Rename[] = [['emailAddress', 'email_address']];
const REJECT: readonly Rename[] = [['reason', 'reason']];
const RENDERING_FAILURE: readonly Rename[] = [['errorMessage', 'error_message'], ['templateName', 'template_name']];
const DELIVERY_DELAY: readonly Rename[] = [['delayType', 'delay_type'], ['expirationTime', 'expiration_time'], ['reportingMTA', 'reporting_mta']];
const DELAYED_RECIPIENT: readonly Rename[] = [['emailAddress', 'email_address'], ['status', 'status'], ['diagnosticCode', 'diagnostic_code']];
const SUBSCRIPTION: readonly Rename[] = [
  ['contactList', 'contact_list'], ['source', 'source'], ['newTopicPreferences', 'new_topic_preferences'],
  ['oldTopicPreferences', 'old_topic_preferences'],
];

/** The SES event object in the snake_case form the schema declares. */
function normalizeEventObject(sesEventType: string, detail: JsonObject): JsonObject {
  switch (sesEventType) {
    case 'Send':
      return {};
    case 'Delivery':
      return pick(detail, DELIVERY);
    case 'Open':
      return pick(detail, OPEN);
    case 'Click':
      return pick(detail, CLICK);
    case 'Bounce':
      return withRecipients(pick(detail, BOUNCE), 'bounced_recipients', detail.bouncedRecipients, BOUNCED_RECIPIENT);
    case 'Complaint':
      return withRecipients(pick(detail, COMPLAINT), 'complained_recipients', detail.complainedRecipients, COMPLAINED_RECIPIENT);
    case 'Reject':
      return pick(detail, REJECT);
    case 'Rendering Failure':
      return pick(detail, RENDERING_FAILURE);
    case 'DeliveryDelay':
      return withRecipients(pick(detail, DELIVERY_DELAY), 'delayed_recipients', detail.delayedRecipients, DELAYED_RECIPIENT);
    case 'Subscription': {
      // The schema holds topic preferences as JSON text: their shape is SES's to change.
      const json = (value: unknown) => (value === undefined || value === null ? undefined : JSON.stringify(value));
      return pick({
        contactList: detail.contactList,
        source: detail.source,
        newTopicPreferences: json(detail.newTopicPreferences),
        oldTopicPreferences: json(detail.oldTopicPreferences),
      }, SUBSCRIPTION);
    }
    default:
      return fail(`eventType '${sesEventType}' has no mapping`);
  }
}

/** The only string in `list` (or among its objects' `field`), or undefined when it holds none or several. */
function soleString(list: unknown, field?: string): string | undefined {
  if (!Array.isArray(list)) return undefined;
  let sole: string | undefined;
  let count = 0;
  for (const item of list) {
    const value = field === undefined ? item : isJsonObject(item) ? item[field] : undefined;
    if (typeof value === 'string') {
      sole = value;
      count += 1;
    }
  }
  return count === 1 ? sole : undefined;
}

/** The recipient the event itself names (bounced, complained, delayed, delivered), when it names exactly one. */
function soleEventRecipient(sesEventType: string, detail: JsonObject): string | undefined {
  switch (sesEventType) {
    case 'Bounce': return soleString(detail.bouncedRecipients, 'emailAddress');
    case 'Complaint': return soleString(detail.complainedRecipients, 'emailAddress');
    case 'DeliveryDelay': return soleString(detail.delayedRecipients, 'emailAddress');
    case 'Delivery': return soleString(detail.recipients);
    default: return undefined;
  }
}

/** Is this click on a link the sender tagged as the unsubscribe link? */
export function isUnsubscribeClick(click: JsonObject): boolean {
  return isJsonObject(click.linkTags) && Object.prototype.hasOwnProperty.call(click.linkTags, UNSUBSCRIBE_LINK_TAG);
}

/**
 * Normalizes one SES event publishing record into the Pinpoint email record shape.
 * @throws UnrecognisedRecordError when the record is not a complete SES event of a known type
 */
export function normalizeSesRecord(record: JsonObject): JsonObject {
  const sesEventType = record.eventType;
  if (typeof sesEventType !== 'string') {
    return fail('eventType is missing');
  }
  // Own keys only: an eventType such as 'constructor' must not find an Object.prototype member.
  const mapping = Object.hasOwn(SES_EVENTS, sesEventType) ? SES_EVENTS[sesEventType] : undefined;
  if (!mapping) {
    return fail(`unknown eventType '${sesEventType}' (known: ${SES_EVENT_TYPES.join(', ')})`);
  }
  const mail = asObject(record.mail);
  if (typeof mail.messageId !== 'string' || mail.messageId.length === 0) {
    return fail('mail.messageId is missing');
  }
  const rawDetail = record[mapping.sesObject];
  if (sesEventType !== 'Send' && !isJsonObject(rawDetail)) {
    return fail(`eventType '${sesEventType}' has no '${mapping.sesObject}' object`);
  }
  const detail = asObject(rawDetail);

  const destination = strings(mail.destination);
  const normalizedMail = normalizeMail(mail, destination);
  // Send, Reject and Rendering Failure have no time of their own: they happen when the message is sent.
  const eventTime = detail.timestamp !== undefined
    ? epochMillis(detail.timestamp, `${mapping.sesObject}.timestamp`)
    : (normalizedMail.message_send_timestamp as number);

  let eventType = mapping.eventType;
  let feedback = mapping.feedback;
  if (sesEventType === 'Bounce' && detail.bounceType === 'Permanent') {
    eventType = HARD_BOUNCE;
  }
  if (sesEventType === 'Click') {
    if (typeof detail.link === 'string') feedback = detail.link;
    if (isUnsubscribeClick(detail)) eventType = UNSUBSCRIBE;
  }

  const attributes = tagsToAttributes(mail.tags);
  const configurationSet = attributes[CONFIGURATION_SET_TAG];
  // The event's own feedback wins over a message tag that happens to share its name.
  attributes.feedback = feedback;

  const endpoint = soleEventRecipient(sesEventType, detail) ?? (destination.length === 1 ? destination[0] : undefined);

  const normalized: JsonObject = {
    event_type: eventType,
    event_timestamp: eventTime,
    arrival_timestamp: eventTime,
    event_version: '3.1',
    application: configurationSet ? { app_id: configurationSet, sdk: {} } : { sdk: {} },
    client: endpoint ? { client_id: endpoint } : {},
    device: { platform: {} },
    session: {},
    attributes,
  };
  if (typeof mail.sendingAccountId === 'string') {
    normalized.awsAccountId = mail.sendingAccountId;
  }
  // The event's object set after the literal: a literal with a computed key is built key by key, more slowly.
  const mailEvent: JsonObject = { mail: normalizedMail };
  mailEvent[mapping.facetKey] = normalizeEventObject(sesEventType, detail);
  normalized.facets = { email_channel: { mail_event: mailEvent } };
  return normalized;
}

/**
 * AWS End User Messaging SMS and voice v2 events (a configuration set's Firehose event destination) → the
 * Pinpoint SMS record shape.
 *
 * End User Messaging writes one flat camelCase object per status change of a text, MMS, voice or RCS message.
 * Each becomes `_SMS.<OUTCOME>` (Pinpoint's own SMS event types, upper-case outcome), `_mms.<outcome>`,
 * `_voice.<outcome>` or `_rcs.<outcome>` (lower case, like every other Pinpoint event type) with Pinpoint's
 * outcome words (buffered, success, failure; RCS adds read and fallback), the service's own status kept in
 * `attributes.record_status`. The tables and the reasons are in docs/normalization.md.
 */
import { JsonObject, UnrecognisedRecordError, asAttribute, isJsonObject, setOwn } from './json-record';
import { CONVERSATION_FEE_METRIC, PRICE_METRIC } from '../schema/event-schema';
import { MessageChannel, eventTypeOf, eventTypesOf } from '../schema/event-types';

export { CONVERSATION_FEE_METRIC };

/**
 * Pinpoint's SMS outcome words, used for every End User Messaging channel; RCS adds two that no other channel
 * reports: the recipient read the message, and the message went on as SMS instead.
 */
export type Outcome = 'BUFFERED' | 'SUCCESS' | 'FAILURE' | 'READ' | 'FALLBACK';

/** The channels End User Messaging names in an event type's prefix. */
export type Channel = 'TEXT' | 'MEDIA' | 'VOICE' | 'RCS';

/** The channel of the event types (src/schema/event-types.ts) each End User Messaging channel's events become. */
const EVENT_TYPE_CHANNEL: Record<Channel, MessageChannel> = {
  TEXT: 'sms',
  MEDIA: 'mms',
  VOICE: 'voice',
  RCS: 'rcs',
};

/** Statuses text and media messages share: status (the event type without its channel prefix) → outcome. */
const MESSAGE_STATUSES: Record<string, Outcome> = {
  QUEUED: 'BUFFERED',
  PENDING: 'BUFFERED',
  SUCCESSFUL: 'SUCCESS',
  DELIVERED: 'SUCCESS',
  INVALID: 'FAILURE',
  INVALID_MESSAGE: 'FAILURE',
  UNREACHABLE: 'FAILURE',
  CARRIER_UNREACHABLE: 'FAILURE',
  BLOCKED: 'FAILURE',
  CARRIER_BLOCKED: 'FAILURE',
  SPAM: 'FAILURE',
  UNKNOWN: 'FAILURE',
  TTL_EXPIRED: 'FAILURE',
};

/** Status → outcome, per channel. */
const STATUS_OUTCOMES: Record<Channel, Record<string, Outcome>> = {
  TEXT: {
    ...MESSAGE_STATUSES,
    SENT: 'BUFFERED',
    PROTECT_BLOCKED: 'FAILURE',
  },
  MEDIA: {
    ...MESSAGE_STATUSES,
    FILE_INACCESSIBLE: 'FAILURE',
    FILE_TYPE_UNSUPPORTED: 'FAILURE',
    FILE_SIZE_EXCEEDED: 'FAILURE',
  },
  VOICE: {
    INITIATED: 'BUFFERED',
    RINGING: 'BUFFERED',
    ANSWERED: 'BUFFERED',
    COMPLETED: 'SUCCESS',
    BUSY: 'FAILURE',
    NO_ANSWER: 'FAILURE',
    FAILED: 'FAILURE',
    TTL_EXPIRED: 'FAILURE',
  },
  RCS: {
    QUEUED: 'BUFFERED',
    SENT: 'BUFFERED',
    DELIVERED: 'SUCCESS',
    // A read receipt: the message was delivered and opened (a delivered event comes before or with it).
    READ: 'READ',
    FAILED: 'FAILURE',
    TTL_EXPIRED: 'FAILURE',
    PROTECT_BLOCKED: 'FAILURE',
    // Not delivered over RCS, sent on as an SMS (which reports its own TEXT_ events): neither delivered nor lost.
    FALLEN_BACK_TO_SMS: 'FALLBACK',
  },
};

/**
 * Every End User Messaging event type this module maps, with the Pinpoint-shape event type it becomes: the
 * declared event type of its channel named after its outcome (`_SMS.SUCCESS`, `_mms.success`).
 */
export const SMS_VOICE_EVENT_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(STATUS_OUTCOMES).flatMap(([channel, statuses]) =>
    Object.entries(statuses).map(([status, outcome]) => [`${channel}_${status}`, eventTypeOf(EVENT_TYPE_CHANNEL[channel as Channel], outcome)])),
);

/** The channels End User Messaging events are normalized for, as their event types name them. */
export const SMS_VOICE_CHANNELS = Object.keys(STATUS_OUTCOMES) as Channel[];

/** The distinct event types a channel's events become, in declaration order. */
export function channelEventTypes(channel: Channel): string[] {
  const produced = new Set(Object.values(STATUS_OUTCOMES[channel]).map(outcome => eventTypeOf(EVENT_TYPE_CHANNEL[channel], outcome)));
  return eventTypesOf(EVENT_TYPE_CHANNEL[channel]).filter(eventType => produced.has(eventType));
}

/** 1 USD = 100 cents = 100,000 millicents (thousandths of a cent), the unit of Pinpoint's SMS price. */
export const MILLICENTS_PER_USD = 100_000;

const EVENT_TYPE_PATTERN = /^(TEXT|MEDIA|VOICE|RCS)_[A-Z_]+$/;

/**
 * End User Messaging records carry an upper-case `eventType` named after a channel (TEXT_, MEDIA_, VOICE_,
 * RCS_) and no `mail` object.
 */
export function isSmsVoiceRecord(record: JsonObject): boolean {
  return typeof record.eventType === 'string' && EVENT_TYPE_PATTERN.test(record.eventType) && record.mail === undefined;
}

function fail(why: string): never {
  throw new UnrecognisedRecordError(`End User Messaging SMS/voice event record: ${why}`);
}

/** USD → millicents, rounded to a millionth of a millicent so binary floating point leaves no tail. */
export function usdToMillicents(usd: number): number {
  return Math.round(usd * MILLICENTS_PER_USD * 1_000_000) / 1_000_000;
}

const MESSAGE_TYPES: Record<string, string> = { PROMOTIONAL: 'Promotional', TRANSACTIONAL: 'Transactional' };

/** The snake_case names of the unmapped fields seen most recently: the same few fields come in record after record. */
const SNAKE_CASE_NAMES = new Map<string, string>();
const SNAKE_CASE_NAMES_KEPT = 256;

/** camelCase → snake_case, for the attributes of fields this module does not map by name. */
function snakeCase(key: string): string {
  let name = SNAKE_CASE_NAMES.get(key);
  if (name === undefined) {
    name = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    if (SNAKE_CASE_NAMES.size >= SNAKE_CASE_NAMES_KEPT) SNAKE_CASE_NAMES.clear();
    SNAKE_CASE_NAMES.set(key, name);
  }
  return name;
}

/**
 * Two fields that would become one attribute (`recordStatus` and `record_status`, or an unmapped field and a mapped
 * one): keeping either would silently drop the other, so the record is refused.
 */
function refuseCollision(record: JsonObject, name: string, from: string): never {
  const earlier = Object.keys(record).find(key => !MAPPED_FIELDS.has(key) && key !== from && snakeCase(key) === name)
    ?? (name.startsWith('rcs_') ? `rcsMetadata.${name.slice(4)}` : name);
  return fail(`fields '${earlier}' and '${from}' would both be kept as attribute '${name}'`);
}

/** Fields mapped by name below; any other field is kept as a snake_case string attribute. */
const MAPPED_FIELDS = new Set([
  'eventType', 'eventVersion', 'eventTimestamp', 'isFinal', 'originationPhoneNumber', 'destinationPhoneNumber',
  'isoCountryCode', 'isInternationalSend', 'mcc', 'mnc', 'carrierName', 'messageId', 'messageRequestTimestamp',
  'messageEncoding', 'messageType', 'messageStatus', 'messageStatusDescription', 'context', 'totalMessageParts',
  'totalMessagePrice', 'totalCarrierFee', 'rcsMetadata', 'conversationSessionFee',
]);

/** Why an event type is not one this module maps. */
function whyUnknown(sourceEventType: unknown): string {
  if (typeof sourceEventType !== 'string' || !EVENT_TYPE_PATTERN.test(sourceEventType)) {
    return 'eventType is missing or not a TEXT_, MEDIA_, VOICE_ or RCS_ event type';
  }
  const channel = sourceEventType.slice(0, sourceEventType.indexOf('_'));
  return Object.hasOwn(STATUS_OUTCOMES, channel)
    ? `unknown eventType '${sourceEventType}'`
    : `channel '${channel}' of eventType '${sourceEventType}' is not supported (supported: ${SMS_VOICE_CHANNELS.join(', ')})`;
}

/** Options the caller knows and the record does not carry. */
export interface SmsVoiceNormalizeOptions {
  /** The account the records were delivered in; End User Messaging records do not name it. */
  readonly awsAccountId?: string;
}

/**
 * Normalizes one End User Messaging SMS/MMS/voice event into the Pinpoint SMS record shape.
 * @throws UnrecognisedRecordError when the event type is unknown or the record lacks what identifies it
 */
export function normalizeSmsVoiceRecord(record: JsonObject, options: SmsVoiceNormalizeOptions = {}): JsonObject {
  const sourceEventType = record.eventType;
  // Own keys only: an eventType such as 'constructor' must not find an Object.prototype member.
  if (typeof sourceEventType !== 'string' || !Object.hasOwn(SMS_VOICE_EVENT_TYPES, sourceEventType)) {
    return fail(whyUnknown(sourceEventType));
  }
  if (typeof record.messageId !== 'string' || record.messageId.length === 0) {
    return fail(`eventType '${sourceEventType}' without a messageId`);
  }
  if (typeof record.eventTimestamp !== 'number' || !Number.isSafeInteger(record.eventTimestamp)) {
    return fail(`eventType '${sourceEventType}' without an epoch-millisecond eventTimestamp`);
  }

  // Fields not mapped by name, as snake_case attributes, first; then those of the mapped fields.
  const attributes: Record<string, string> = {};
  // Whether a field not mapped by name took the name of a mapped field's attribute: nearly never.
  let nameTaken = false;
  // `for ... in` reaches the own keys JSON.parse sets (`__proto__` included), and reads their values fastest.
  for (const key in record) {
    const value = record[key];
    if (value !== null && value !== undefined && !MAPPED_FIELDS.has(key)) {
      const name = snakeCase(key);
      if (Object.hasOwn(attributes, name)) refuseCollision(record, name, key);
      setOwn(attributes, name, asAttribute(value));
      if (Object.hasOwn(MAPPED_ATTRIBUTE_SOURCES, name)) nameTaken = true;
    }
  }
  if (nameTaken) {
    // Refused unless the mapped field is absent: each mapped attribute is checked, in order.
    const mapped = setMappedAttributes({}, record, sourceEventType);
    for (const name of Object.keys(mapped)) {
      if (Object.hasOwn(attributes, name)) refuseCollision(record, name, mappedAttributeSource(name, record));
      attributes[name] = mapped[name];
    }
  } else {
    setMappedAttributes(attributes, record, sourceEventType);
  }
  // RCS billing detail (`billingEventType`: RICH, BASIC) as flat attributes beside the agent's rcs_business_id.
  const rcsMetadata = record.rcsMetadata;
  if (isJsonObject(rcsMetadata)) {
    for (const key in rcsMetadata) {
      const value = rcsMetadata[key];
      if (value === null || value === undefined) continue;
      const name = `rcs_${snakeCase(key)}`;
      if (Object.hasOwn(attributes, name)) refuseCollision(record, name, `rcsMetadata.${key}`);
      setOwn(attributes, name, asAttribute(value));
    }
  }

  const price = typeof record.totalMessagePrice === 'number' ? usdToMillicents(record.totalMessagePrice) : undefined;
  let allMetrics: Record<string, number> | undefined;
  if (price !== undefined) allMetrics = { price_in_millicents_usd: price };
  if (typeof record.totalCarrierFee === 'number') {
    (allMetrics ??= {}).carrier_fee_in_millicents_usd = usdToMillicents(record.totalCarrierFee);
  }
  if (typeof record.conversationSessionFee === 'number') {
    // A price like the others, for the session rather than the message: the analyses count it once per session.
    (allMetrics ??= {})[CONVERSATION_FEE_METRIC] = usdToMillicents(record.conversationSessionFee);
  }

  // Built key by key, in the order the record is written, so that an absent field is never deleted afterwards.
  const normalized: JsonObject = {
    event_type: SMS_VOICE_EVENT_TYPES[sourceEventType],
    event_timestamp: record.eventTimestamp,
    // End User Messaging reports one time per event: when the service recorded the status.
    arrival_timestamp: record.eventTimestamp,
  };
  if (typeof record.eventVersion === 'string') normalized.event_version = record.eventVersion;
  normalized.application = { sdk: {} };
  normalized.client = typeof record.destinationPhoneNumber === 'string' ? { client_id: record.destinationPhoneNumber } : {};
  normalized.device = { platform: {} };
  normalized.session = {};
  normalized.attributes = attributes;
  // Already in the table's shape (table-shape.ts), as toTableShape would write it: the deployed solution's
  // `metrics` holds the price alone, `all_metrics` (after the account) every metric.
  if (price !== undefined) normalized.metrics = { price_in_millicents_usd: price } satisfies Record<typeof PRICE_METRIC, number>;
  if (options.awsAccountId) normalized.awsAccountId = options.awsAccountId;
  if (allMetrics) normalized.all_metrics = allMetrics;
  return normalized;
}

/**
 * Sets the attributes of the fields mapped by name, in a fixed order, after those `attributes` holds. Each is set
 * by name, a property the engine knows in advance; none of these names repeats.
 */
function setMappedAttributes(attributes: Record<string, string>, record: JsonObject, sourceEventType: string): Record<string, string> {
  attributes.record_status = typeof record.messageStatus === 'string'
    ? record.messageStatus : sourceEventType.slice(sourceEventType.indexOf('_') + 1);
  if (isPresent(record.messageStatusDescription)) attributes.message_status_description = asAttribute(record.messageStatusDescription);
  attributes.original_event_type = sourceEventType;
  if (isPresent(record.isFinal)) attributes.is_final = asAttribute(record.isFinal);
  attributes.message_id = record.messageId as string;
  if (isPresent(record.originationPhoneNumber)) attributes.origination_phone_number = asAttribute(record.originationPhoneNumber);
  if (isPresent(record.destinationPhoneNumber)) attributes.destination_phone_number = asAttribute(record.destinationPhoneNumber);
  if (isPresent(record.isoCountryCode)) attributes.iso_country_code = asAttribute(record.isoCountryCode);
  if (isPresent(record.isInternationalSend)) attributes.is_international_send = asAttribute(record.isInternationalSend);
  if (isPresent(record.mcc)) attributes.mcc = asAttribute(record.mcc);
  if (isPresent(record.mnc)) attributes.mnc = asAttribute(record.mnc);
  if (isPresent(record.carrierName)) attributes.carrier_name = asAttribute(record.carrierName);
  if (isPresent(record.messageEncoding)) attributes.message_encoding = asAttribute(record.messageEncoding);
  if (isPresent(record.messageRequestTimestamp)) attributes.message_request_timestamp = asAttribute(record.messageRequestTimestamp);
  if (typeof record.messageType === 'string') {
    attributes.message_type = Object.hasOwn(MESSAGE_TYPES, record.messageType) ? MESSAGE_TYPES[record.messageType] : record.messageType;
  }
  if (isPresent(record.totalMessageParts)) attributes.number_of_message_parts = String(record.totalMessageParts);
  // Pinpoint SMS records carry the sender's context as JSON text; so do these.
  if (isPresent(record.context)) attributes.customer_context = JSON.stringify(record.context);
  return attributes;
}

const isPresent = (value: unknown) => value !== undefined && value !== null;

/** The field a mapped attribute comes from, for the message refusing a record where another field took its name. */
function mappedAttributeSource(name: string, record: JsonObject): string {
  if (name === 'record_status') return typeof record.messageStatus === 'string' ? 'messageStatus' : 'eventType';
  return MAPPED_ATTRIBUTE_SOURCES[name];
}

/** Mapped attribute → the field it comes from (record_status: see mappedAttributeSource). */
const MAPPED_ATTRIBUTE_SOURCES: Readonly<Record<string, string>> = {
  record_status: 'messageStatus',
  message_status_description: 'messageStatusDescription',
  original_event_type: 'eventType',
  is_final: 'isFinal',
  message_id: 'messageId',
  origination_phone_number: 'originationPhoneNumber',
  destination_phone_number: 'destinationPhoneNumber',
  iso_country_code: 'isoCountryCode',
  is_international_send: 'isInternationalSend',
  mcc: 'mcc',
  mnc: 'mnc',
  carrier_name: 'carrierName',
  message_encoding: 'messageEncoding',
  message_request_timestamp: 'messageRequestTimestamp',
  message_type: 'messageType',
  number_of_message_parts: 'totalMessageParts',
  customer_context: 'context',
};

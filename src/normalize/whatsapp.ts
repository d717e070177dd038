/**
 * AWS End User Messaging Social (WhatsApp) events → Pinpoint-shape records.
 *
 * End User Messaging Social publishes every WhatsApp webhook notification of a WhatsApp Business Account to the
 * account's SNS topic; an SNS subscription with raw message delivery puts each into the delivery stream as it is:
 * an envelope (`context`, `aws_account_id`, `message_timestamp`, sometimes `messageId`) whose
 * `whatsAppWebhookEntry` holds Meta's webhook `entry` as JSON text. One entry may report several message statuses
 * and inbound messages (`changes[].value.statuses[]`, `changes[].value.messages[]`); each becomes one record:
 * `_whatsapp.<status>` for a status of a message the business sent, `_whatsapp.received` for a message a customer
 * sent. The tables and the reasons are in docs/normalization.md.
 */
import { isoMillis } from './iso-time';
import { JsonObject, UnrecognisedRecordError, asAttribute, isJsonObject, setOwn } from './json-record';
import { parseJsonExactly } from './strict-json';
import { eventTypeOf } from '../schema/event-types';

/**
 * The statuses WhatsApp reports for a message the business sent, as AWS documents them; each becomes the event
 * type `_whatsapp.<status>`. A status not listed is refused, not guessed.
 */
export const WHATSAPP_STATUSES: readonly string[] = ['accepted', 'sent', 'delivered', 'read', 'failed', 'deleted', 'warning'];

/** The declared event type (src/schema/event-types.ts) each status becomes. */
const STATUS_EVENT_TYPES: ReadonlyMap<string, string> = new Map(WHATSAPP_STATUSES.map(status => [status, eventTypeOf('whatsapp', status)]));

/** The event type of a message a customer sent to the business. */
export const WHATSAPP_RECEIVED = eventTypeOf('whatsapp', 'received');

/** Every event type a WhatsApp record becomes, sorted. */
export const WHATSAPP_EVENT_TYPES: readonly string[] = [...STATUS_EVENT_TYPES.values(), WHATSAPP_RECEIVED].sort();

/** The envelope's key holding Meta's webhook entry as JSON text: what identifies an End User Messaging Social event. */
const WEBHOOK_ENTRY_KEY = 'whatsAppWebhookEntry';

/** End User Messaging Social events carry the WhatsApp webhook entry as a JSON string. */
export function isWhatsAppRecord(record: JsonObject): boolean {
  return typeof record[WEBHOOK_ENTRY_KEY] === 'string';
}

function fail(why: string): never {
  throw new UnrecognisedRecordError(`End User Messaging Social (WhatsApp) event record: ${why}`);
}

const asObject = (value: unknown): JsonObject => (isJsonObject(value) ? value : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** WhatsApp times are epoch seconds, as text (`"1736379042"`) or a number. */
function epochSecondsToMillis(value: unknown, where: string): number {
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isSafeInteger(seconds)) {
    return fail(`${where} is ${value === undefined ? 'missing' : `not epoch seconds (${JSON.stringify(value)})`}`);
  }
  return seconds * 1000;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The envelope's `message_timestamp` (ISO-8601 with nanoseconds): when AWS relayed the notification. */
function relayedAt(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const millis = typeof value === 'string' && ISO_TIME.test(value) ? isoMillis(value) : Number.NaN;
  if (Number.isNaN(millis)) {
    return fail(`message_timestamp ${JSON.stringify(value)} is not an ISO-8601 time`);
  }
  return millis;
}

/** Attributes shared by every record of one webhook change: the business's number and account. */
interface Business {
  readonly wabaId?: string;
  readonly phoneNumberId?: string;
  readonly displayPhoneNumber?: string;
}

/** Copies the fields of `item` not in `mapped` into `attributes` under their own (snake_case) names. */
function keepUnmapped(attributes: Record<string, string>, item: JsonObject, mapped: ReadonlySet<string>): void {
  // `for ... in` reaches the own keys JSON.parse sets (`__proto__` included) without building an array of entries.
  for (const key in item) {
    const value = item[key];
    if (!mapped.has(key) && value !== null && value !== undefined) {
      setOwn(attributes, key, asAttribute(value));
    }
  }
}

/** Sets an attribute when the value is present, as text. */
function put(attributes: Record<string, string>, name: string, value: unknown): void {
  if (value !== undefined && value !== null) attributes[name] = asAttribute(value);
}

const STATUS_FIELDS = new Set(['id', 'status', 'timestamp', 'recipient_id', 'errors', 'pricing', 'conversation']);

/** The attributes of a status of a message the business sent. */
function statusAttributes(status: JsonObject, business: Business): Record<string, string> {
  const attributes: Record<string, string> = {};
  keepUnmapped(attributes, status, STATUS_FIELDS);
  put(attributes, 'message_id', status.id);
  put(attributes, 'record_status', status.status);
  put(attributes, 'origination_phone_number', business.displayPhoneNumber);
  put(attributes, 'destination_phone_number', status.recipient_id);

  // A failed message names why; the first error is the reason, all of them are kept when there are several.
  const errors = asArray(status.errors);
  if (errors.length > 0) {
    const error = asObject(errors[0]);
    put(attributes, 'error_code', error.code);
    put(attributes, 'error_title', error.title);
    put(attributes, 'error_message', error.message);
    put(attributes, 'error_details', asObject(error.error_data).details);
    if (errors.length > 1) put(attributes, 'errors', errors);
  }
  const pricing = asObject(status.pricing);
  put(attributes, 'pricing_billable', pricing.billable);
  put(attributes, 'pricing_model', pricing.pricing_model);
  put(attributes, 'pricing_category', pricing.category);
  put(attributes, 'pricing_type', pricing.type);
  const conversation = asObject(status.conversation);
  put(attributes, 'conversation_id', conversation.id);
  put(attributes, 'conversation_origin_type', asObject(conversation.origin).type);
  put(attributes, 'conversation_expiration_timestamp', conversation.expiration_timestamp);
  return attributes;
}

const MESSAGE_FIELDS = new Set(['id', 'from', 'timestamp', 'type', 'text']);

/** The attributes of a message a customer sent to the business. */
function messageAttributes(message: JsonObject, business: Business, contacts: unknown[]): Record<string, string> {
  const attributes: Record<string, string> = {};
  // The message's content object (`image`, `reaction`, `location`…) and its `context` are kept as JSON text.
  keepUnmapped(attributes, message, MESSAGE_FIELDS);
  put(attributes, 'message_id', message.id);
  put(attributes, 'record_status', 'received');
  put(attributes, 'message_type', message.type);
  put(attributes, 'origination_phone_number', message.from);
  put(attributes, 'destination_phone_number', business.displayPhoneNumber);
  put(attributes, 'text_body', asObject(message.text).body);
  // A reply names the message it answers: the thread between a sent message and the customer's answer.
  put(attributes, 'in_reply_to_message_id', asObject(message.context).id);
  const contact = contacts.map(asObject).find(c => c.wa_id === message.from);
  put(attributes, 'contact_name', asObject(contact?.profile).name);
  return attributes;
}

/** Options the caller knows and the record may not carry. */
export interface WhatsAppNormalizeOptions {
  /** The account the records were delivered in, when the envelope does not name it. */
  readonly awsAccountId?: string;
}

/**
 * Normalizes one End User Messaging Social event into one Pinpoint-shape record per message status and per
 * inbound message its webhook entry holds.
 * @throws UnrecognisedRecordError when the entry is not readable, holds neither statuses nor messages, or reports a
 *   status of no known meaning
 */
export function normalizeWhatsAppRecord(record: JsonObject, options: WhatsAppNormalizeOptions = {}): JsonObject[] {
  let entry: unknown;
  try {
    // The entry is JSON text inside the record: held to the same exactness as the record's own text.
    entry = parseJsonExactly(String(record[WEBHOOK_ENTRY_KEY]));
  } catch (error) {
    return fail(error instanceof UnrecognisedRecordError
      ? `its ${WEBHOOK_ENTRY_KEY} is refused: ${error.message}` : `${WEBHOOK_ENTRY_KEY} is not JSON text`);
  }
  if (!isJsonObject(entry) || !Array.isArray(entry.changes)) {
    return fail(`${WEBHOOK_ENTRY_KEY} is not a webhook entry (an object with a changes array)`);
  }
  const relayed = relayedAt(record.message_timestamp);
  const awsAccountId = typeof record.aws_account_id === 'string' ? record.aws_account_id : options.awsAccountId;
  const wabaId = typeof entry.id === 'string' ? entry.id : undefined;
  const awsMessageId = record.messageId;

  const records: JsonObject[] = [];
  const fields: string[] = [];
  const add = (eventType: string, eventTime: number, clientId: unknown, attributes: Record<string, string>, business: Business) => {
    put(attributes, 'phone_number_id', business.phoneNumberId);
    put(attributes, 'waba_id', business.wabaId);
    put(attributes, 'aws_message_id', awsMessageId);
    const normalized: JsonObject = {
      event_type: eventType,
      event_timestamp: eventTime,
      // When AWS relayed the notification; WhatsApp's own time is when the status or message happened.
      arrival_timestamp: relayed ?? eventTime,
      // The WhatsApp Business Account groups a sender's traffic, as a configuration set does for SES.
      application: business.wabaId ? { app_id: business.wabaId, sdk: {} } : { sdk: {} },
      client: typeof clientId === 'string' ? { client_id: clientId } : {},
      device: { platform: {} },
      session: {},
      attributes,
    };
    if (awsAccountId) normalized.awsAccountId = awsAccountId;
    records.push(normalized);
  };

  for (const change of entry.changes.map(asObject)) {
    if (typeof change.field === 'string') fields.push(change.field);
    const value = asObject(change.value);
    const metadata = asObject(value.metadata);
    const business: Business = {
      wabaId,
      phoneNumberId: typeof metadata.phone_number_id === 'string' ? metadata.phone_number_id : undefined,
      displayPhoneNumber: typeof metadata.display_phone_number === 'string' ? metadata.display_phone_number : undefined,
    };
    for (const status of asArray(value.statuses).map(asObject)) {
      const name = status.status;
      const eventType = typeof name === 'string' ? STATUS_EVENT_TYPES.get(name) : undefined;
      if (eventType === undefined) {
        return fail(`unknown message status ${JSON.stringify(name)} (known: ${WHATSAPP_STATUSES.join(', ')})`);
      }
      if (typeof status.id !== 'string' || status.id.length === 0) {
        return fail(`a '${name}' status without a message id`);
      }
      add(eventType, epochSecondsToMillis(status.timestamp, `the '${name}' status's timestamp`),
        status.recipient_id, statusAttributes(status, business), business);
    }
    for (const message of asArray(value.messages).map(asObject)) {
      if (typeof message.id !== 'string' || message.id.length === 0) {
        return fail('an inbound message without an id');
      }
      add(WHATSAPP_RECEIVED, epochSecondsToMillis(message.timestamp, 'an inbound message\'s timestamp'),
        message.from, messageAttributes(message, business, asArray(value.contacts)), business);
    }
  }
  if (records.length === 0) {
    return fail(`the webhook entry holds no message status and no message (fields: ${fields.join(', ') || 'none'})`);
  }
  return records;
}

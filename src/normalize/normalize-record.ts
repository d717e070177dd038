/**
 * Turns any record a source writes to the delivery stream into the Pinpoint event record shape that the
 * `all_events` table declares. The database's record processor (in Firehose) and the local engine run this
 * same function, so what the tests prove is what is deployed.
 *
 * Four sources are recognised: Pinpoint event streams (already in the record shape), SES configuration-set
 * event publishing, End User Messaging SMS/voice v2 configuration-set events, and End User Messaging Social
 * (WhatsApp) events relayed by an SNS topic. A WhatsApp event may report several messages: `normalizeRecords`
 * returns one record per message status or message, `normalizeRecord` the record of any other source.
 */
import { JsonObject, UnrecognisedRecordError, isJsonObject } from './json-record';
import { isSesRecord, normalizeSesRecord } from './ses';
import { isSmsVoiceRecord, normalizeSmsVoiceRecord } from './sms-voice';
import { toTableShape } from './table-shape';
import { isWhatsAppRecord, normalizeWhatsAppRecord } from './whatsapp';

export type { JsonObject };
export { UnrecognisedRecordError, isJsonObject };

/** What the caller knows about where the records came from and the records themselves do not say. */
export interface NormalizeOptions {
  /**
   * The AWS account the delivery stream belongs to. End User Messaging SMS and voice records do not name the
   * sending account; Pinpoint, SES and WhatsApp records do, and keep their own.
   */
  readonly awsAccountId?: string;
}

/** Pinpoint event stream records carry `event_type`; they are in the record shape already. */
function isPinpointRecord(record: JsonObject): boolean {
  return typeof record.event_type === 'string' && record.event_type.length > 0;
}

/** The source formats, most specific test first. */
export type RecordSource = 'pinpoint' | 'ses' | 'sms-voice' | 'whatsapp';

/** Which source wrote the record, or undefined when it is of no known format. */
export function recordSource(record: JsonObject): RecordSource | undefined {
  if (isPinpointRecord(record)) return 'pinpoint';
  if (isSesRecord(record)) return 'ses';
  if (isSmsVoiceRecord(record)) return 'sms-voice';
  if (isWhatsAppRecord(record)) return 'whatsapp';
  return undefined;
}

/**
 * Normalizes one parsed record into the Pinpoint record shape: one record for every source but WhatsApp, one per
 * message status or message for a WhatsApp event. The delivery stream writes them all for the one source record.
 * @throws UnrecognisedRecordError when the record is of no known format, or of a known one but incomplete
 */
export function normalizeRecords(record: unknown, options: NormalizeOptions = {}): JsonObject[] {
  // The WhatsApp test first: one key lookup, so that every other record is told apart once, in normalizeRecord.
  if (isJsonObject(record) && isWhatsAppRecord(record) && recordSource(record) === 'whatsapp') {
    return normalizeWhatsAppRecord(record, options).map(toTableShape);
  }
  return [normalizeRecord(record, options)];
}

/**
 * Normalizes one parsed record of a source that writes one event per record into the Pinpoint record shape.
 * A WhatsApp event that reports exactly one message is accepted too; one that reports several needs
 * `normalizeRecords`.
 * @throws UnrecognisedRecordError when the record is of no known format, or of a known one but incomplete
 */
export function normalizeRecord(record: unknown, options: NormalizeOptions = {}): JsonObject {
  if (!isJsonObject(record)) {
    const kind = record === null ? 'null' : Array.isArray(record) ? 'an array' : typeof record;
    throw new UnrecognisedRecordError(`The record is ${kind}, not a JSON object`);
  }
  switch (recordSource(record)) {
    case 'pinpoint':
      // Both shapes at once: which source wrote it cannot be told, and either reading would drop the other's fields.
      if (isSesRecord(record)) {
        throw new UnrecognisedRecordError('The record is ambiguous: it has both a Pinpoint event_type '
          + `('${record.event_type}') and the SES shape (an eventType with a mail object)`);
      }
      return toTableShape(record);
    case 'ses':
      return toTableShape(normalizeSesRecord(record));
    case 'sms-voice':
      return toTableShape(normalizeSmsVoiceRecord(record, options));
    case 'whatsapp': {
      const records = normalizeWhatsAppRecord(record, options);
      if (records.length !== 1) {
        throw new Error(`normalizeRecord: this WhatsApp event reports ${records.length} messages; use normalizeRecords`);
      }
      return toTableShape(records[0]);
    }
    default:
      throw new UnrecognisedRecordError(
        'The record is of no known format: not a Pinpoint event stream record (no event_type), '
        + 'not an SES event (no eventType with a mail object), '
        + 'not an End User Messaging SMS/voice event (no TEXT_, MEDIA_, VOICE_ or RCS_ eventType), '
        + 'not an End User Messaging Social event (no whatsAppWebhookEntry)'
        + (typeof record.eventType === 'string' ? `; its eventType is '${record.eventType}'` : ''),
      );
  }
}

/**
 * Turns any record a source writes to the delivery stream into the Pinpoint event record shape that the
 * `all_events` table declares. The database's record processor (in Firehose) and the local engine run this
 * same function, so what the tests prove is what is deployed.
 *
 * Three sources are recognised: Pinpoint event streams (already in the record shape), SES
 * configuration-set event publishing and End User Messaging SMS/voice v2 configuration-set events.
 */
import { JsonObject, UnrecognisedRecordError, isJsonObject } from './json-record';
import { isSesRecord, normalizeSesRecord } from './ses';
import { isSmsVoiceRecord, normalizeSmsVoiceRecord } from './sms-voice';
import { toTableShape } from './table-shape';

export type { JsonObject };
export { UnrecognisedRecordError, isJsonObject };

/** What the caller knows about where the records came from and the records themselves do not say. */
export interface NormalizeOptions {
  /**
   * The AWS account the delivery stream belongs to. End User Messaging records do not name the sending
   * account; Pinpoint and SES records do, and keep their own.
   */
  readonly awsAccountId?: string;
}

/** Pinpoint event stream records carry `event_type`; they are in the record shape already. */
function isPinpointRecord(record: JsonObject): boolean {
  return typeof record.event_type === 'string' && record.event_type.length > 0;
}

/** The source formats, most specific test first. */
export type RecordSource = 'pinpoint' | 'ses' | 'sms-voice';

/** Which source wrote the record, or undefined when it is of no known format. */
export function recordSource(record: JsonObject): RecordSource | undefined {
  if (isPinpointRecord(record)) return 'pinpoint';
  if (isSesRecord(record)) return 'ses';
  if (isSmsVoiceRecord(record)) return 'sms-voice';
  return undefined;
}

/**
 * Normalizes one parsed record into the Pinpoint record shape.
 * @throws UnrecognisedRecordError when the record is of no known format, or of a known one but incomplete
 */
export function normalizeRecord(record: unknown, options: NormalizeOptions = {}): JsonObject {
  if (!isJsonObject(record)) {
    const kind = record === null ? 'null' : Array.isArray(record) ? 'an array' : typeof record;
    throw new UnrecognisedRecordError(`The record is ${kind}, not a JSON object`);
  }
  switch (recordSource(record)) {
    case 'pinpoint':
      return toTableShape(record);
    case 'ses':
      return toTableShape(normalizeSesRecord(record));
    case 'sms-voice':
      return toTableShape(normalizeSmsVoiceRecord(record, options));
    default:
      throw new UnrecognisedRecordError(
        'The record is of no known format: not a Pinpoint event stream record (no event_type), '
        + 'not an SES event (no eventType with a mail object), '
        + 'not an End User Messaging SMS/voice event (no TEXT_, MEDIA_, VOICE_ or RCS_ eventType)'
        + (typeof record.eventType === 'string' ? `; its eventType is '${record.eventType}'` : ''),
      );
  }
}

/**
 * Turns any record a source writes to the delivery stream into the Pinpoint event record shape that the
 * `all_events` table declares. The database's record processor (in Firehose) and the local engine run this
 * same function, so what the tests prove is what is deployed.
 */

/** A record that could not be recognised or normalized; the processor sends it to the error output. */
export class UnrecognisedRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecognisedRecordError';
  }
}

/** A JSON object, as parsed from one record. */
export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Pinpoint event stream records carry `event_type`; they pass through untouched. */
function isPinpointRecord(record: JsonObject): boolean {
  return typeof record.event_type === 'string' && record.event_type.length > 0;
}

/**
 * Normalizes one parsed record into the Pinpoint record shape.
 * @throws UnrecognisedRecordError when the record is of no known format
 */
export function normalizeRecord(record: unknown): JsonObject {
  if (!isJsonObject(record)) {
    throw new UnrecognisedRecordError('The record is not a JSON object');
  }
  if (isPinpointRecord(record)) {
    return record;
  }
  throw new UnrecognisedRecordError('The record is not a Pinpoint event stream record (no event_type)');
}

import { embeddedMetricsLine, METRICS_NAMESPACE } from './embedded-metrics';
import { JsonObject, NormalizeOptions, normalizeRecords } from '../normalize/normalize-record';
import { decodeUtf8, refuseInexactParse } from '../normalize/strict-json';
import { columnToJsonKeyMappings, INGEST_TIMESTAMP } from '../schema/event-schema';

/** CloudWatch namespace of the metrics the record processor publishes. */
export const PROCESSOR_METRICS_NAMESPACE = METRICS_NAMESPACE;
/** Records the processor sent to the error prefix, per delivery stream. */
export const RECORDS_FAILED_PROCESSING_METRIC = 'RecordsFailedProcessing';

/** One record as Firehose hands it to a transformation function. */
export interface FirehoseInputRecord {
  readonly recordId: string;
  /** base64 of the record's bytes. */
  readonly data: string;
  /** When the record reached the delivery stream, epoch milliseconds. */
  readonly approximateArrivalTimestamp?: number;
}

/** One record as a transformation function returns it to Firehose. */
export interface FirehoseOutputRecord {
  readonly recordId: string;
  /** `ProcessingFailed` sends the original record to the error prefix; nothing is ever `Dropped`. */
  readonly result: 'Ok' | 'ProcessingFailed';
  readonly data: string;
}

/** Why one record failed, for the handler's log. */
export interface RecordFailure {
  readonly recordId: string;
  readonly reason: string;
}

export interface ProcessedBatch {
  readonly records: FirehoseOutputRecord[];
  readonly failures: RecordFailure[];
}

/**
 * The largest response the processor returns, in bytes. Lambda refuses a synchronous response over 6 MB (the
 * whole invocation then fails, Firehose retries it and finally sends the batch to the error prefix); read as
 * 6,000,000 bytes, the stricter of the decimal and binary readings.
 */
export const RESPONSE_LIMIT_BYTES = 6_000_000;

/** What the processor knows beyond the records: the account, and how large its response may be. */
export interface ProcessingOptions extends NormalizeOptions {
  /** @default RESPONSE_LIMIT_BYTES */
  readonly responseLimitBytes?: number;
  /**
   * Write each record as a row of the Iceberg table: with its `ingest_timestamp` (the hour in which it reached the
   * delivery stream, in epoch microseconds as Firehose takes Iceberg timestamps), and every key that differs from
   * its column's name (`awsAccountId`) under the column's name, since Firehose matches keys to Iceberg columns
   * by name, with no key mapping of its own.
   * @default false (the Parquet table: the hour is the object's folder, and the SerDe maps the keys)
   */
  readonly icebergRows?: boolean;
}

/** Name of the record processor's environment variable that turns on `ProcessingOptions.icebergRows`. */
export const ICEBERG_ROWS_ENV = 'ICEBERG_ROWS';

const HOUR_MILLIS = 3_600_000;
const KEYS_TO_COLUMNS = Object.entries(columnToJsonKeyMappings()).map(([column, key]) => ({ column, key }));

/**
 * A normalized record as an Iceberg row: `ingest_timestamp` added (the arrival hour, the value the Parquet table's
 * partition column holds for the same record), keys renamed to their columns.
 */
function asIcebergRow(record: unknown, arrivalMillis: number): unknown {
  const row: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const { column, key } of KEYS_TO_COLUMNS) {
    if (Object.hasOwn(row, key)) {
      row[column] = row[key];
      delete row[key];
    }
  }
  row[INGEST_TIMESTAMP.name] = Math.floor(arrivalMillis / HOUR_MILLIS) * HOUR_MILLIS * 1000;
  return row;
}

/** `{"records":[` and `]}` around the answers, as Lambda's runtime serializes the response. */
const RESPONSE_ENVELOPE_BYTES = JSON.stringify({ records: [] }).length;

/** Bytes of one answer other than its record ID and data, plus the comma that separates it from the next. */
const ANSWER_OVERHEAD_BYTES = {
  Ok: JSON.stringify({ recordId: '', result: 'Ok', data: '' }).length - 2 + 1,
  ProcessingFailed: JSON.stringify({ recordId: '', result: 'ProcessingFailed', data: '' }).length - 2 + 1,
} as const;

/** Characters a JSON string holds as they are, one byte each. */
const PLAIN_JSON_TEXT = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Bytes of a string written as JSON, quotes included. */
function jsonStringBytes(text: string): number {
  return PLAIN_JSON_TEXT.test(text) ? text.length + 2 : Buffer.byteLength(JSON.stringify(text));
}

/** Bytes of one answer in the response; `data` is base64, one byte a character. */
const answerBytes = (result: FirehoseOutputRecord['result'], recordIdBytes: number, data: string) =>
  ANSWER_OVERHEAD_BYTES[result] + recordIdBytes + data.length;

/**
 * Bytes reused from record to record: decoding each record and encoding each answer into a buffer of its own costs
 * more than the decoding and encoding themselves. Nothing is kept in them from one record to the next.
 */
class ScratchBytes {
  private bytes = Buffer.allocUnsafe(64 * 1024);
  /** The buffer, at least `size` bytes long. */
  atLeast(size: number): Buffer {
    if (this.bytes.length < size) this.bytes = Buffer.allocUnsafe(Math.max(size, this.bytes.length * 2));
    return this.bytes;
  }
}
const recordScratch = new ScratchBytes();
const answerScratch = new ScratchBytes();

/** A record's base64 data as bytes, in the record scratch buffer, with one byte spare after them. */
export function decodeBase64(data: string): Buffer {
  const bytes = recordScratch.atLeast(Math.ceil(data.length / 4) * 3 + 1);
  return bytes.subarray(0, bytes.write(data, 0, 'base64'));
}

/** UTF-8 takes at most 3 bytes for each UTF-16 unit of a string (4 for a surrogate pair, which is two units). */
const UTF8_BYTES_PER_UNIT = 3;

/**
 * Normalized records' JSON texts as Firehose receives them: each text and a newline (which keeps the raw objects
 * readable as JSON lines; the Parquet converter ignores it), base64-encoded. One source record answers one row
 * but for a WhatsApp event reporting several messages, whose rows follow one another.
 */
export function encodeJsonLines(jsonTexts: readonly string[]): string {
  let size = 0;
  for (const json of jsonTexts) size += json.length * UTF8_BYTES_PER_UNIT + 1;
  const bytes = answerScratch.atLeast(size);
  let length = 0;
  for (const json of jsonTexts) {
    length += bytes.write(json, length);
    bytes[length++] = 0x0a;
  }
  return bytes.toString('base64', 0, length);
}

/** The normalized records of one source record, as `encodeJsonLines` writes them. */
const encodeRecords = (normalized: readonly unknown[]): string => encodeJsonLines(normalized.map(record => JSON.stringify(record)));

/**
 * A record's own bytes (as `decodeBase64` left them, with the byte spare after them) and a newline, base64-encoded:
 * what `encodeJsonLines` writes of its text, without encoding it again.
 */
function encodeBytesLine(bytes: Buffer): string {
  const line = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length + 1);
  line[bytes.length] = 0x0a;
  return line.toString('base64');
}

/**
 * One record's bytes, decoded, parsed, held to what they say (`refuseInexactParse`) and normalized (into Iceberg
 * rows with `icebergRows`), as Firehose receives them.
 * @throws SyntaxError when the text is not JSON
 * @throws UnrecognisedRecordError when the table would not hold the text exactly, or the record is of no known format
 */
function normalizeRecordBytes(bytes: Buffer, arrivalMillis: number | undefined, options: ProcessingOptions): string {
  const text = decodeUtf8(bytes);
  const parsed: unknown = JSON.parse(text);
  let normalized: JsonObject[];
  try {
    normalized = normalizeRecords(parsed, options);
  } catch (error) {
    // Text the table would not hold exactly is refused for that first, whatever else is wrong with the record.
    refuseInexactParse(text, parsed);
    throw error;
  }
  if (options.icebergRows) {
    refuseInexactParse(text, parsed);
    if (arrivalMillis === undefined) {
      throw new Error('the record has no approximateArrivalTimestamp, from which its ingest_timestamp is made');
    }
    return encodeRecords(normalized.map(r => asIcebergRow(r, arrivalMillis)));
  }
  if (normalized.length === 1 && normalized[0] === parsed) {
    // A record the table holds as it is (a Pinpoint record, nearly always): its JSON text is the output.
    const json = JSON.stringify(parsed);
    if (json === text) {
      // Its own text: no key can repeat in it, what remains to check is its integers, and its bytes (valid UTF-8,
      // decoded exactly) are the output's.
      refuseInexactParse(text, parsed, true);
      return encodeBytesLine(bytes);
    }
    refuseInexactParse(text, parsed);
    return encodeJsonLines([json]);
  }
  refuseInexactParse(text, parsed);
  return encodeRecords(normalized);
}

/**
 * Parses each record as JSON and normalizes it into the Pinpoint record shape. A record that is not JSON, of no
 * known format, or that the table would not hold exactly (invalid UTF-8, a repeated key, an integer beyond a
 * double's precision: see `refuseInexactParse`) is returned as `ProcessingFailed` with its original data, so
 * Firehose writes it under the error prefix and it is never lost.
 *
 * The response never exceeds `responseLimitBytes` when the request is within it (the processor's buffer hint keeps
 * requests near 1 MB): every record still to be answered has room kept for it to be answered with its original
 * data (the answer is then smaller than the record was in the request), and a normalized record that would eat
 * into that room is answered `ProcessingFailed` instead, with its original data, to be replayed from the error
 * prefix. A larger request gets an answer no larger than itself.
 *
 * Firehose takes exactly one output record per input record. A WhatsApp event reporting several messages
 * becomes several Pinpoint-shape records: they travel in the one output record as consecutive JSON objects, the
 * form AWS documents for several JSON documents in one record with record format conversion (an array of them
 * is refused). See docs/normalization.md.
 */
export function processFirehoseRecords(records: readonly FirehoseInputRecord[], options: ProcessingOptions = {}): ProcessedBatch {
  const limit = options.responseLimitBytes ?? RESPONSE_LIMIT_BYTES;
  const recordIdBytes = records.map(record => jsonStringBytes(record.recordId));
  // The response so far, plus every record still to come answered with its original data.
  let committed = RESPONSE_ENVELOPE_BYTES;
  records.forEach((record, i) => {
    committed += answerBytes('ProcessingFailed', recordIdBytes[i], record.data);
  });

  const failures: RecordFailure[] = [];
  const answers = records.map((record, i): FirehoseOutputRecord => {
    const failedBytes = answerBytes('ProcessingFailed', recordIdBytes[i], record.data);
    let data: string;
    try {
      data = normalizeRecordBytes(decodeBase64(record.data), record.approximateArrivalTimestamp, options);
    } catch (error) {
      failures.push({ recordId: record.recordId, reason: error instanceof Error ? error.message : String(error) });
      return { recordId: record.recordId, result: 'ProcessingFailed', data: record.data };
    }
    const okBytes = answerBytes('Ok', recordIdBytes[i], data);
    // An answer no larger than the record as it came is always given, even to a request that is itself too large.
    if (okBytes > failedBytes && committed - failedBytes + okBytes > limit) {
      failures.push({
        recordId: record.recordId,
        reason: `the normalized record would take the response over ${limit} bytes (Lambda's limit): `
          + 'sent to the error prefix with its original data, to be replayed',
      });
      return { recordId: record.recordId, result: 'ProcessingFailed', data: record.data };
    }
    committed += okBytes - failedBytes;
    return { recordId: record.recordId, result: 'Ok', data };
  });
  return { records: answers, failures };
}

/**
 * A log line in CloudWatch's embedded metric format: CloudWatch turns it into the processing-failure metric
 * without the function needing permission to publish metrics.
 */
export function processingMetricsLogLine(deliveryStreamArn: string, failed: number, processed: number): string {
  const deliveryStream = deliveryStreamArn.split('/').pop() ?? deliveryStreamArn;
  return embeddedMetricsLine({ DeliveryStream: deliveryStream }, { [RECORDS_FAILED_PROCESSING_METRIC]: failed },
    { message: 'processed records', records: processed });
}

/** The account in a delivery stream ARN: the account whose sources write into it. */
export function accountOfArn(arn: string): string | undefined {
  return arn.split(':')[4] || undefined;
}

/**
 * Reading what Firehose writes under the error prefix, and deciding whether a failed record would now pass.
 *
 * Firehose writes one JSON document per failed record. Data-transformation failures
 * (`processing-failed/`) carry `errorCode`, `errorMessage`, `rawData` (base64 of the record as it arrived) and
 * `lambdaArn`; format-conversion failures (`format-conversion-failed/`) carry `rawData` (base64 of the record as
 * the processor returned it) with the error as `errorCode`/`errorMessage`, `ErrorCode`/`ErrorMessage` or
 * `lastErrorCode`/`lastErrorMessage` (the documentation shows each), and the Glue table. Both carry
 * `attemptsMade`, `arrivalTimestamp` and `attemptEndingTimestamp`.
 */
import { gunzipSync } from 'zlib';
import { normalizeRecords } from '../normalize/normalize-record';
import { decodeUtf8, parseJsonExactly } from '../normalize/strict-json';

/** One failed record of an error object. */
export interface ErrorRecord {
  /** Its position in the object, from 0: how the replay markers name it. */
  readonly index: number;
  /** The record's bytes, decoded from `rawData`; undefined when the document has none. */
  readonly data?: Buffer;
  /** Why Firehose set it aside, as the document says. */
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

/** Firehose's largest record, before base64 (1,000 KiB): a larger one cannot be put back. */
export const MAX_RECORD_BYTES = 1000 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The JSON documents of an error object, in order. Firehose separates them with newlines; documents written
 * back to back are read too.
 * @throws Error when the text holds anything but JSON objects
 */
export function jsonDocuments(text: string): unknown[] {
  return jsonDocumentTexts(text).map(document => JSON.parse(document));
}

/**
 * The text of each JSON document of `text`, in order, exactly as written (so that a record kept is rewritten
 * byte for byte).
 * @throws Error when the text holds anything but JSON objects
 */
export function jsonDocumentTexts(text: string): string[] {
  const documents: string[] = [];
  let start = -1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (start < 0) {
      if (/\s/.test(c)) continue;
      if (c !== '{') {
        throw new Error(`expected a JSON object at character ${i}, found '${c}'`);
      }
      start = i;
    }
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        documents.push(text.slice(start, i + 1));
        start = -1;
      }
    }
  }
  if (start >= 0) {
    throw new Error(`the last JSON object (from character ${start}) is incomplete`);
  }
  return documents;
}

const firstString = (document: Record<string, unknown>, ...names: string[]): string | undefined =>
  names.map(name => document[name]).find((value): value is string => typeof value === 'string');

/**
 * The failed records of an error object's body (gzip or not).
 * @throws Error when the body is not a sequence of JSON objects
 */
export function readErrorObject(body: Uint8Array): ErrorRecord[] {
  const bytes = Buffer.from(body);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  return jsonDocuments(text).map((document, index) => {
    const fields = (document ?? {}) as Record<string, unknown>;
    const rawData = fields.rawData;
    return {
      index,
      data: typeof rawData === 'string' && BASE64.test(rawData) && rawData.length % 4 === 0 ? Buffer.from(rawData, 'base64') : undefined,
      errorCode: firstString(fields, 'errorCode', 'ErrorCode', 'lastErrorCode'),
      errorMessage: firstString(fields, 'errorMessage', 'ErrorMessage', 'lastErrorMessage'),
    };
  });
}

/**
 * Why the record would fail again, or undefined when the delivery stream's processor now accepts it: it is JSON
 * and the same normalizer the processor runs reads it, and it is small enough to put.
 */
export function stillFails(record: ErrorRecord): string | undefined {
  if (record.data === undefined) {
    return 'the error document has no base64 rawData';
  }
  if (record.data.length > MAX_RECORD_BYTES) {
    return `the record is ${record.data.length} bytes, more than Firehose's ${MAX_RECORD_BYTES}-byte limit`;
  }
  let parsed: unknown;
  try {
    // As the processor reads it: invalid UTF-8, a repeated key or a rounded integer fails there too.
    parsed = parseJsonExactly(decodeUtf8(record.data));
  } catch (error) {
    return error instanceof SyntaxError ? `the record is not JSON: ${error.message}` : (error as Error).message;
  }
  try {
    normalizeRecords(parsed);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

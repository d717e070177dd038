/**
 * Where the delivery stream writes in the events bucket. The Parquet prefix is the partition layout: one
 * folder per UTC arrival hour, the `ingest_timestamp` partition of `all_events`.
 *
 * Free of aws-cdk-lib, so that the Lambda handlers and the local engine share these rules with the constructs.
 */

/** Parquet events, `events/yyyy/MM/dd/HH/`. */
export const EVENTS_PREFIX = 'events/';
/** Every source record exactly as it arrived, before processing (no field is ever lost). */
export const RAW_PREFIX = 'raw/';
/** Records that failed processing or format conversion, with their raw data. */
export const ERRORS_PREFIX = 'errors/';
/**
 * Markers of the failed records put back into the delivery stream by the repair command: `replayed/<key of the
 * error object>`, holding which of its records were replayed, so that a record is never replayed twice.
 */
export const REPLAYED_PREFIX = 'replayed/';

/** Java DateTimeFormatter pattern of the hour folders, as Firehose's `!{timestamp:...}` writes them. */
export const HOUR_FOLDER_PATTERN = 'yyyy/MM/dd/HH';

/** Firehose prefix for the Parquet events. */
export const FIREHOSE_EVENTS_PREFIX = `${EVENTS_PREFIX}!{timestamp:${HOUR_FOLDER_PATTERN}}/`;
/** Firehose prefix for records that failed, one folder per failure kind. */
export const FIREHOSE_ERRORS_PREFIX = `${ERRORS_PREFIX}!{firehose:error-output-type}/!{timestamp:${HOUR_FOLDER_PATTERN}}/`;
/** Firehose prefix for the raw backup of every source record. */
export const FIREHOSE_RAW_PREFIX = `${RAW_PREFIX}!{timestamp:${HOUR_FOLDER_PATTERN}}/`;

/**
 * Whether `prefix` can start a folder of the layout: it ends with `/` and does not start with `/` (so it is not
 * empty either). S3 keys have no leading slash, and a prefix without the trailing one would also match
 * `events-old/`.
 */
export function isKeyPrefix(prefix: string): boolean {
  return prefix.endsWith('/') && !prefix.startsWith('/');
}

const HOUR = /^(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})$/;

/**
 * The instant (epoch milliseconds) of an hour written as the hour folders are, `yyyy/MM/dd/HH` (UTC), or
 * undefined when the text is not so written or names no real hour (`2024/02/30/00`, hour `24`).
 */
export function parseHour(hour: string): number | undefined {
  const match = HOUR.exec(hour);
  if (!match) {
    return undefined;
  }
  const [year, month, day, hourOfDay] = match.slice(1).map(Number);
  const instant = Date.UTC(year, month - 1, day, hourOfDay);
  const date = new Date(instant);
  // Date.UTC rolls impossible fields over (month 13, Feb 30, hour 24): a round trip catches them.
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1
    && date.getUTCDate() === day && date.getUTCHours() === hourOfDay;
  return real ? instant : undefined;
}

/**
 * Where the delivery stream writes in the events bucket. The Parquet prefix is the partition layout: one
 * folder per UTC arrival hour, the `ingest_timestamp` partition of `all_events`.
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

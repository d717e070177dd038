import { embeddedMetricsLine, METRICS_NAMESPACE } from './embedded-metrics';
import { NormalizeOptions, normalizeRecords } from '../normalize/normalize-record';

/** CloudWatch namespace of the metrics the record processor publishes. */
export const PROCESSOR_METRICS_NAMESPACE = METRICS_NAMESPACE;
/** Records the processor sent to the error prefix, per delivery stream. */
export const RECORDS_FAILED_PROCESSING_METRIC = 'RecordsFailedProcessing';

/** One record as Firehose hands it to a transformation function. */
export interface FirehoseInputRecord {
  readonly recordId: string;
  /** base64 of the record's bytes. */
  readonly data: string;
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
 * Parses each record as JSON and normalizes it into the Pinpoint record shape. A record that is not JSON or
 * of no known format is returned as `ProcessingFailed` with its original data, so Firehose writes it under the
 * error prefix and it is never lost.
 *
 * Firehose takes exactly one output record per input record. A WhatsApp event reporting several messages
 * becomes several Pinpoint-shape records: they travel in the one output record as consecutive JSON objects, the
 * form AWS documents for several JSON documents in one record with record format conversion (an array of them
 * is refused). See docs/normalization.md.
 */
export function processFirehoseRecords(records: readonly FirehoseInputRecord[], options: NormalizeOptions = {}): ProcessedBatch {
  const failures: RecordFailure[] = [];
  const processed = records.map((record): FirehoseOutputRecord => {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(record.data, 'base64').toString('utf8'));
      const normalized = normalizeRecords(parsed, options);
      // A newline after each record keeps the objects readable as JSON lines; the Parquet converter ignores it.
      const lines = normalized.map(r => `${JSON.stringify(r)}\n`).join('');
      return { recordId: record.recordId, result: 'Ok', data: Buffer.from(lines).toString('base64') };
    } catch (error) {
      failures.push({ recordId: record.recordId, reason: error instanceof Error ? error.message : String(error) });
      return { recordId: record.recordId, result: 'ProcessingFailed', data: record.data };
    }
  });
  return { records: processed, failures };
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

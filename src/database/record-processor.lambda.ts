import {
  FirehoseInputRecord, FirehoseOutputRecord, ICEBERG_ROWS_ENV, accountOfArn, processFirehoseRecords, processingMetricsLogLine,
} from './record-processing';

/** The Firehose data-transformation event, reduced to what the processor reads. */
interface FirehoseTransformationEvent {
  readonly deliveryStreamArn: string;
  readonly records: FirehoseInputRecord[];
}

export async function handler(event: FirehoseTransformationEvent): Promise<{ records: FirehoseOutputRecord[] }> {
  // End User Messaging records do not name the account; it is the delivery stream's.
  const { records, failures } = processFirehoseRecords(event.records, {
    awsAccountId: accountOfArn(event.deliveryStreamArn),
    icebergRows: process.env[ICEBERG_ROWS_ENV] === 'true',
  });
  console.log(processingMetricsLogLine(event.deliveryStreamArn, failures.length, records.length));
  for (const failure of failures) {
    console.log(JSON.stringify({ level: 'WARN', message: 'record sent to the error prefix', ...failure }));
  }
  return { records };
}

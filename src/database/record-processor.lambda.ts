import { FirehoseInputRecord, FirehoseOutputRecord, processFirehoseRecords, processingMetricsLogLine } from './record-processing';

/** The Firehose data-transformation event, reduced to what the processor reads. */
interface FirehoseTransformationEvent {
  readonly deliveryStreamArn: string;
  readonly records: FirehoseInputRecord[];
}

export async function handler(event: FirehoseTransformationEvent): Promise<{ records: FirehoseOutputRecord[] }> {
  const { records, failures } = processFirehoseRecords(event.records);
  console.log(processingMetricsLogLine(event.deliveryStreamArn, failures.length, records.length));
  for (const failure of failures) {
    console.log(JSON.stringify({ level: 'WARN', message: 'record sent to the error prefix', ...failure }));
  }
  return { records };
}

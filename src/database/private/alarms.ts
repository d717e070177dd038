import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { RECORD_PROCESSOR_TIMEOUT } from './record-processor';
import { IEventsDatabase } from '../events-database-ref';
import { TableFormat } from '../table-format';

/** What the alarms watch. */
export interface EventsDatabaseAlarmsProps {
  /** The database whose metrics are watched; the alarms are created in its scope. */
  readonly database: IEventsDatabase & Construct;
  /** How long Firehose buffers: data older than this plus a quarter of an hour is late. */
  readonly bufferingInterval: Duration;
  /** The function that normalizes records (made by `createRecordProcessor`), when record processing is on. */
  readonly recordProcessor?: lambda.IFunction;
}

/** The period every alarm evaluates. */
export const ALARM_PERIOD = Duration.minutes(5);
/** How much of its timeout the record processor may take before its duration alarms. */
const PROCESSOR_DURATION_SHARE = 0.8;

/** How late data may be, beyond the buffering interval, before the freshness alarm fires. */
export function freshnessThreshold(bufferingInterval: Duration): number {
  return bufferingInterval.toSeconds() + 900;
}

/**
 * The pipeline's alarms: Firehose deliveries (Parquet and raw copies), format conversion, data freshness, and with
 * record processing the processor's invocations from Firehose, its normalization failures, errors, throttles and
 * duration near its timeout. Each fires when two of three 5-minute periods breach, so that one retried failure
 * does not page anyone, and treats missing data (no traffic) as fine.
 */
export function createEventsDatabaseAlarms(props: EventsDatabaseAlarmsProps): cloudwatch.Alarm[] {
  const { database, recordProcessor } = props;
  const period = ALARM_PERIOD;
  const alarm = (id: string, description: string, metric: cloudwatch.IMetric, threshold: number,
    comparisonOperator: cloudwatch.ComparisonOperator) => new cloudwatch.Alarm(database, id, {
    alarmDescription: description,
    metric,
    threshold,
    comparisonOperator,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  const { LESS_THAN_THRESHOLD: below, GREATER_THAN_THRESHOLD: above } = cloudwatch.ComparisonOperator;
  const iceberg = database.tableFormat === TableFormat.ICEBERG;
  const alarms = [
    iceberg
      // Firehose counts commits to an Iceberg table, not a share of puts: the rows it could not write are the failure to watch.
      ? alarm('DeliveryFailureAlarm', 'Firehose could not write rows into the Iceberg table and wrote them under errors/. Read the '
        + 'stream\'s delivery log stream.', database.metricFormatConversionFailures({ period }), 0, above)
      : alarm('DeliveryFailureAlarm', 'Firehose failed to deliver Parquet events to the events bucket; it retries for 24 hours, then '
        + 'writes them under errors/. Read the stream\'s S3Delivery log stream.',
      database.metricDeliverySuccess({ period, statistic: 'Minimum' }), 1, below),
    alarm('RawCopyFailureAlarm', 'Firehose failed to write the raw copy of records under raw/. Read the stream\'s S3Backup log stream.',
      database.metricRawCopySuccess({ period, statistic: 'Minimum' }), 1, below),
    ...iceberg ? [] : [alarm('FormatConversionFailureAlarm', 'Records failed conversion to Parquet (see errors/format-conversion-failed/)',
      database.metricFormatConversionFailures({ period }), 0, above)],
    alarm('DataFreshnessAlarm', 'Records wait in Firehose much longer than the buffering interval: the database is late',
      database.metricDataFreshness({ period }), freshnessThreshold(props.bufferingInterval), above),
  ];
  if (recordProcessor) {
    alarms.push(
      alarm('ProcessingFailureAlarm', 'Records could not be normalized (see errors/processing-failed/)',
        database.metricProcessingFailures({ period }), 0, above),
      alarm('ProcessorInvocationFailureAlarm', 'Firehose could not invoke the record processor or got no valid answer; after its '
        + 'retries the records go to errors/processing-failed/. Read the processor\'s logs.',
      database.metricProcessingSuccess({ period, statistic: 'Minimum' }), 1, below),
      alarm('ProcessorErrorsAlarm', 'The record processor function failed', recordProcessor.metricErrors({ period }), 0, above),
      alarm('ProcessorThrottlesAlarm', 'The record processor function was throttled: raise the account\'s concurrency, or give it reserved '
        + 'concurrency', recordProcessor.metricThrottles({ period }), 0, above),
      alarm('ProcessorDurationAlarm', `The record processor ran close to its timeout of ${RECORD_PROCESSOR_TIMEOUT.toHumanString()}: `
        + 'Firehose retries it, then sends the buffer to errors/processing-failed/',
      recordProcessor.metricDuration({ period, statistic: 'Maximum' }), RECORD_PROCESSOR_TIMEOUT.toMilliseconds() * PROCESSOR_DURATION_SHARE, above),
    );
  }
  return alarms;
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { IEventsDatabase } from '../events-database-ref';

/** What the alarms watch. */
export interface EventsDatabaseAlarmsProps {
  /** The database whose metrics are watched; the alarms are created in its scope. */
  readonly database: IEventsDatabase & Construct;
  /** How long Firehose buffers: data older than this plus a quarter of an hour is late. */
  readonly bufferingInterval: Duration;
  /** Whether a record processor runs (and so can fail). */
  readonly processesRecords: boolean;
}

/** Alarms on delivery failures, format-conversion failures, processing failures and data freshness. */
export function createEventsDatabaseAlarms(props: EventsDatabaseAlarmsProps): cloudwatch.Alarm[] {
  const { database } = props;
  const period = Duration.minutes(5);
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
  return [
    alarm('DeliveryFailureAlarm', 'Firehose failed to deliver records to the events bucket',
      database.metricDeliverySuccess({ period, statistic: 'Minimum' }), 1, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD),
    alarm('FormatConversionFailureAlarm', 'Records failed conversion to Parquet (see errors/format-conversion-failed/)',
      database.metricFormatConversionFailures({ period }), 0, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD),
    alarm('DataFreshnessAlarm', 'Records wait in Firehose much longer than the buffering interval',
      database.metricDataFreshness({ period }), props.bufferingInterval.toSeconds() + 900, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD),
    ...(props.processesRecords ? [alarm('ProcessingFailureAlarm', 'Records could not be normalized (see errors/processing-failed/)',
      database.metricProcessingFailures({ period }), 0, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD)] : []),
  ];
}

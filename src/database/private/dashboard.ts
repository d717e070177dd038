import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ALARM_PERIOD, freshnessThreshold } from './alarms';
import { PartitionRegistrar } from '../../partitions/partition-registrar';
import { IEventsDatabase } from '../events-database-ref';

/** What the dashboard shows. */
export interface EventsDatabaseDashboardProps {
  /** The database whose pipeline is shown; the dashboard is created in its scope. */
  readonly database: IEventsDatabase & Construct;
  readonly bufferingInterval: Duration;
  readonly recordProcessor?: lambda.IFunction;
  readonly partitionRegistrar?: PartitionRegistrar;
  /** The alarms, shown with their state at the top. */
  readonly alarms: cloudwatch.IAlarm[];
}

const WIDTH = 12;
const HEIGHT = 6;

/**
 * A CloudWatch dashboard of the pipeline, in the order records flow: the alarms' state; records in, processed and
 * converted against those that failed; bytes delivered and how late the data is; the record processor; the
 * partitions registered and the registrar's dead-letter queue.
 */
export function createEventsDatabaseDashboard(scope: Construct, props: EventsDatabaseDashboardProps): cloudwatch.Dashboard {
  const { database, recordProcessor, partitionRegistrar } = props;
  const period = ALARM_PERIOD;
  const graph = (title: string, left: cloudwatch.IMetric[], options: Partial<cloudwatch.GraphWidgetProps> = {}) =>
    new cloudwatch.GraphWidget({ title, left, width: WIDTH, height: HEIGHT, period, ...options });

  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', {
    defaultInterval: Duration.days(1),
  });
  if (props.alarms.length > 0) {
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 2 * WIDTH, height: 3 }));
  }
  dashboard.addWidgets(
    graph('Records in, processed and converted', [
      database.metricIncomingRecords({ period, label: 'incoming' }),
      ...(recordProcessor ? [database.metricProcessedRecords({ period, label: 'processed' })] : []),
      database.metricConvertedRecords({ period, label: 'converted to Parquet' }),
    ]),
    graph('Records failed (kept under errors/)', [
      ...(recordProcessor ? [database.metricProcessingFailures({ period, label: 'processing failed' })] : []),
      database.metricFormatConversionFailures({ period, label: 'conversion failed' }),
    ]),
  );
  dashboard.addWidgets(
    graph('Delivered to S3', [database.metricDeliveredBytes({ period, label: 'bytes' })]),
    graph('Data freshness (seconds)', [database.metricDataFreshness({ period, label: 'oldest record waiting' })], {
      leftAnnotations: [{ value: freshnessThreshold(props.bufferingInterval), label: 'alarm', color: cloudwatch.Color.RED }],
    }),
  );
  if (recordProcessor) {
    dashboard.addWidgets(
      graph('Record processor', [
        recordProcessor.metricInvocations({ period, label: 'invocations' }),
        recordProcessor.metricErrors({ period, label: 'errors' }),
        recordProcessor.metricThrottles({ period, label: 'throttles' }),
      ], { right: [recordProcessor.metricDuration({ period, statistic: 'Maximum', label: 'longest run (ms)' })] }),
      graph('Processor invocations from Firehose that succeeded', [
        database.metricProcessingSuccess({ period, statistic: 'Minimum', label: 'share succeeded' }),
      ], { leftYAxis: { min: 0, max: 1 } }),
    );
  }
  if (partitionRegistrar) {
    dashboard.addWidgets(
      new cloudwatch.LogQueryWidget({
        title: 'Partitions registered',
        logGroupNames: [partitionRegistrar.function.logGroup.logGroupName],
        // The registrar logs one summary line per batch.
        queryLines: [
          'filter message = "batch processed"',
          'stats sum(created) as registered, sum(alreadyRegistered) as already_registered, sum(failedPartitions) as failed by bin(1h)',
        ],
        view: cloudwatch.LogQueryVisualizationType.BAR,
        width: WIDTH,
        height: HEIGHT,
      }),
      graph('Partition registration dead-letter queue', [
        partitionRegistrar.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum', label: 'messages waiting' }),
      ]),
    );
  }
  return dashboard;
}

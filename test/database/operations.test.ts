import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EventsDatabase, EventsDatabaseProps, PartitionStrategy } from '../../src';
import { expectCompliant } from '../support/compliance';

function synth(props: EventsDatabaseProps = {}, withTopic = false) {
  const stack = new Stack(new App(), 'Ops', { env: { account: '111122223333', region: 'eu-west-1' } });
  const topic = withTopic ? new sns.Topic(stack, 'OnCall', { enforceSSL: true }) : undefined;
  const db = new EventsDatabase(stack, 'Events', { ...props, ...(topic ? { alarmAction: new cw_actions.SnsAction(topic) } : {}) });
  return { stack, db, topic, template: Template.fromStack(stack) };
}

/** The alarms of a template by their construct ID (the logical ID without its hash), with what they watch. */
function alarmsOf(template: Template): Record<string, any> {
  return Object.fromEntries(Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
    .map(([logicalId, alarm]) => [logicalId.replace(/^Events/, '').replace(/[0-9A-F]{8}$/, ''), alarm.Properties]));
}

/** The dashboard's widgets, from its body, with every token written as TOKEN. */
function widgetsOf(stack: Stack, template: Template): any[] {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body = stack.resolve(dashboard.Properties.DashboardBody);
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return JSON.parse(text).widgets;
}

describe('alarms, on by default', () => {
  const { stack, db, template, topic } = synth({}, true);
  const alarms = alarmsOf(template);
  const topicRef = { Ref: stack.getLogicalId(topic!.node.defaultChild as sns.CfnTopic) };

  test('one alarm for each way the pipeline can fail, and the registrar\'s own', () => {
    expect(Object.keys(alarms).sort()).toEqual([
      'DataFreshnessAlarm', 'DeliveryFailureAlarm', 'FormatConversionFailureAlarm', 'PartitionsDeadLetterAlarm', 'PartitionsSkippedEventsAlarm',
      'ProcessingFailureAlarm', 'ProcessorDurationAlarm', 'ProcessorErrorsAlarm', 'ProcessorInvocationFailureAlarm', 'ProcessorThrottlesAlarm',
      'RawCopyFailureAlarm',
    ]);
    expect(db.alarms).toHaveLength(11);
  });

  test.each([
    // [alarm, namespace, metric, statistic, comparison, threshold]
    ['DeliveryFailureAlarm', 'AWS/Firehose', 'DeliveryToS3.Success', 'Minimum', 'LessThanThreshold', 1],
    ['RawCopyFailureAlarm', 'AWS/Firehose', 'BackupToS3.Success', 'Minimum', 'LessThanThreshold', 1],
    ['FormatConversionFailureAlarm', 'AWS/Firehose', 'FailedConversion.Records', 'Sum', 'GreaterThanThreshold', 0],
    ['DataFreshnessAlarm', 'AWS/Firehose', 'DeliveryToS3.DataFreshness', 'Maximum', 'GreaterThanThreshold', 300 + 900],
    ['ProcessorInvocationFailureAlarm', 'AWS/Firehose', 'ExecuteProcessing.Success', 'Minimum', 'LessThanThreshold', 1],
    ['ProcessingFailureAlarm', 'EngagementEventsDatabase', 'RecordsFailedProcessing', 'Sum', 'GreaterThanThreshold', 0],
    ['ProcessorErrorsAlarm', 'AWS/Lambda', 'Errors', 'Sum', 'GreaterThanThreshold', 0],
    ['ProcessorThrottlesAlarm', 'AWS/Lambda', 'Throttles', 'Sum', 'GreaterThanThreshold', 0],
    // 80 % of the processor's one-minute timeout.
    ['ProcessorDurationAlarm', 'AWS/Lambda', 'Duration', 'Maximum', 'GreaterThanThreshold', 48_000],
  ])('%s watches %s %s (%s) %s %d, and notifies the alarm action', (id, namespace, metricName, statistic, comparison, threshold) => {
    expect(alarms[id]).toMatchObject({
      Namespace: namespace,
      MetricName: metricName,
      Statistic: statistic,
      ComparisonOperator: comparison,
      Threshold: threshold,
      Period: 300,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topicRef],
    });
    expect(alarms[id].AlarmDescription.length).toBeGreaterThan(20);
    const dimension = namespace === 'AWS/Lambda' ? 'FunctionName' : namespace === 'AWS/Firehose' ? 'DeliveryStreamName' : 'DeliveryStream';
    expect(alarms[id].Dimensions.map((d: any) => d.Name)).toEqual([dimension]);
  });

  test('the registrar\'s alarms notify the alarm action too', () => {
    expect(alarms.PartitionsDeadLetterAlarm.AlarmActions).toEqual([topicRef]);
    expect(alarms.PartitionsSkippedEventsAlarm.AlarmActions).toEqual([topicRef]);
  });

  test('are cdk-nag and cfn-lint clean', () => {
    expectCompliant(stack);
  });

  test('without record processing, none watches the processor', () => {
    expect(Object.keys(alarmsOf(synth({ recordProcessing: false }).template)).sort()).toEqual([
      'DataFreshnessAlarm', 'DeliveryFailureAlarm', 'FormatConversionFailureAlarm', 'PartitionsDeadLetterAlarm', 'PartitionsSkippedEventsAlarm',
      'RawCopyFailureAlarm',
    ]);
  });

  test('the freshness threshold follows the buffering interval', () => {
    expect(alarmsOf(synth({ bufferingInterval: Duration.seconds(60) }).template).DataFreshnessAlarm.Threshold).toBe(960);
  });

  test('createAlarms: false turns them off (the registrar keeps its own), and then takes no action', () => {
    const { db: quiet, template: quietTemplate } = synth({ createAlarms: false });
    expect(quiet.alarms).toEqual([]);
    expect(Object.keys(alarmsOf(quietTemplate)).sort()).toEqual(['PartitionsDeadLetterAlarm', 'PartitionsSkippedEventsAlarm']);
    expect(() => synth({ createAlarms: false }, true))
      .toThrow(/^EventsDatabase Ops\/Events: alarmAction is given but createAlarms is false, so there is no alarm to act on/);
  });

  test('without an action, the alarms have none', () => {
    for (const alarm of Object.values(alarmsOf(synth().template))) {
      expect(alarm.AlarmActions).toBeUndefined();
    }
  });
});

describe('dashboard, with createDashboard', () => {
  test('is not created by default', () => {
    synth().template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  test('shows the alarms and the pipeline in the order records flow', () => {
    const { stack, db, template } = synth({ createDashboard: true });
    expect(db.dashboard).toBeDefined();
    const widgets = widgetsOf(stack, template);
    const metricsOf = (title: string) => widgets.find(w => w.properties.title === title)?.properties.metrics
      ?.map((m: any[]) => `${m[0]} ${m[1]}`);
    expect(widgets.map(w => w.properties.title)).toEqual([
      'Alarms',
      'Records in, processed and converted', 'Records failed (kept under errors/)',
      'Delivered to S3', 'Data freshness (seconds)',
      'Record processor', 'Processor invocations from Firehose that succeeded',
      'Partitions registered', 'Partition registration dead-letter queue',
    ]);
    expect(widgets[0].properties.alarms).toHaveLength(11);
    expect(metricsOf('Records in, processed and converted')).toEqual([
      'AWS/Firehose IncomingRecords', 'AWS/Firehose SucceedProcessing.Records', 'AWS/Firehose SucceedConversion.Records',
    ]);
    expect(metricsOf('Records failed (kept under errors/)')).toEqual([
      'EngagementEventsDatabase RecordsFailedProcessing', 'AWS/Firehose FailedConversion.Records',
    ]);
    expect(metricsOf('Delivered to S3')).toEqual(['AWS/Firehose DeliveryToS3.Bytes']);
    expect(metricsOf('Data freshness (seconds)')).toEqual(['AWS/Firehose DeliveryToS3.DataFreshness']);
    expect(widgets.find(w => w.properties.title === 'Data freshness (seconds)').properties.annotations.horizontal[0].value).toBe(1200);
    expect(metricsOf('Record processor')).toEqual(['AWS/Lambda Invocations', 'AWS/Lambda Errors', 'AWS/Lambda Throttles', 'AWS/Lambda Duration']);
    expect(metricsOf('Partition registration dead-letter queue')).toEqual(['AWS/SQS ApproximateNumberOfMessagesVisible']);
    const partitions = widgets.find(w => w.properties.title === 'Partitions registered');
    expect(partitions.type).toBe('log');
    expect(partitions.properties.query).toMatch(/SOURCE 'TOKEN' \| filter message = "batch processed"\s*\| stats sum\(created\) as registered/);
    expectCompliant(stack);
  });

  test('with projected partitions and no processor, shows what there is', () => {
    const { stack, template } = synth({
      createDashboard: true, createAlarms: false, recordProcessing: false, partitionStrategy: PartitionStrategy.projected(),
    });
    expect(widgetsOf(stack, template).map(w => w.properties.title)).toEqual([
      'Records in, processed and converted', 'Records failed (kept under errors/)', 'Delivered to S3', 'Data freshness (seconds)',
    ]);
  });
});

describe('metrics', () => {
  test.each([
    ['metricIncomingRecords', 'IncomingRecords', 'Sum'],
    ['metricProcessingSuccess', 'ExecuteProcessing.Success', 'Average'],
    ['metricProcessedRecords', 'SucceedProcessing.Records', 'Sum'],
    ['metricConvertedRecords', 'SucceedConversion.Records', 'Sum'],
    ['metricDeliveredBytes', 'DeliveryToS3.Bytes', 'Sum'],
    ['metricRawCopySuccess', 'BackupToS3.Success', 'Average'],
  ] as const)('%s is Firehose\'s %s (%s over 5 minutes) of the stream', (method, metricName, statistic) => {
    const { db, stack } = synth();
    const metric: cloudwatch.Metric = db[method]();
    expect([metric.namespace, metric.metricName, metric.statistic, metric.period.toMinutes()]).toEqual(['AWS/Firehose', metricName, statistic, 5]);
    expect(stack.resolve(metric.dimensions)).toEqual({ DeliveryStreamName: { Ref: expect.stringMatching(/^EventsDeliveryStream/) } });
  });
});

import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PartitionRegistrar, PartitionRegistrarProps } from '../../src';
import { acknowledgements, awsSolutionsFindings, cfnLintProblems } from '../support/compliance';

const ACCOUNT = '111122223333';

function synth(props: Partial<PartitionRegistrarProps> = {}) {
  const stack = new Stack(new App(), 'Registrar', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'my-events');
  const registrar = new PartitionRegistrar(stack, 'Partitions', { bucket, databaseName: 'engagement', tableName: 'all_events', ...props });
  return { stack, registrar, template: Template.fromStack(stack) };
}

describe('PartitionRegistrar', () => {
  test('an EventBridge rule sends object-created events under the events prefix of the bucket to the queue', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.s3'],
        'detail-type': ['Object Created'],
        'detail': { bucket: { name: ['my-events'] }, object: { key: [{ prefix: 'events/' }] } },
      },
      Targets: [Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PartitionsQueue'), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PartitionsDeadLetterQueue'), 'Arn'] } },
      })],
    });
  });

  test('both queues are encrypted and refuse requests without TLS; only the rule may send', () => {
    const { template } = synth();
    const queues = template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(2);
    Object.values(queues).forEach(queue => expect(queue.Properties.SqsManagedSseEnabled).toBe(true));
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: 5, deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PartitionsDeadLetterQueue'), 'Arn'] } },
      VisibilityTimeout: 6 * 120 + 60,
    });
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      const statements = policy.Properties.PolicyDocument.Statement;
      expect(statements).toContainEqual(expect.objectContaining({
        Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
      const allows = statements.filter((statement: any) => statement.Effect === 'Allow');
      expect(allows).toHaveLength(1);
      expect(allows[0]).toMatchObject({
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(/^PartitionsObjectCreated/), 'Arn'] } } },
      });
    }
  });

  test('the function reads the queue in batches and reports partial batch failures', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 60,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PartitionsQueue'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Timeout: 120,
      Environment: {
        Variables: Match.objectLike({
          DATABASE_NAME: 'engagement',
          TABLE_NAME: 'all_events',
          CATALOG_ID: ACCOUNT,
          BUCKET_NAME: 'my-events',
          EVENTS_PREFIX: 'events/',
          KNOWN_PARTITION_TTL_SECONDS: '900',
        }),
      },
    });
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  test('batching, prefix, catalog, memory and concurrency follow the props', () => {
    const { template } = synth({
      batchSize: 10,
      maxBatchingWindow: Duration.seconds(5),
      eventsPrefix: 'parquet/',
      catalogId: '444455556666',
      reservedConcurrentExecutions: 2,
      knownPartitionTtl: Duration.minutes(5),
      maxReceiveCount: 3,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 10, MaximumBatchingWindowInSeconds: 5 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      ReservedConcurrentExecutions: 2,
      Environment: { Variables: Match.objectLike({ CATALOG_ID: '444455556666', EVENTS_PREFIX: 'parquet/', KNOWN_PARTITION_TTL_SECONDS: '300' }) },
    });
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ detail: Match.objectLike({ object: { key: [{ prefix: 'parquet/' }] } }) }) });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }), VisibilityTimeout: 6 * 120 + 5 });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Resource: Match.arrayWith([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:444455556666:catalog']] }]),
        })]),
      },
    });
  });

  test('the role may only read the one table and add its partitions, write its logs and consume its queue', () => {
    const { template } = synth();
    const arn = (suffix: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:glue:eu-west-1:${ACCOUNT}:${suffix}`]] });
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(policy => policy.Properties.PolicyDocument.Statement);
    expect(statements).toContainEqual({
      Sid: 'RegisterPartitionsOfTheEventsTable',
      Effect: 'Allow',
      Action: ['glue:GetTable', 'glue:BatchCreatePartition'],
      Resource: [arn('catalog'), arn('database/engagement'), arn('table/engagement/all_events')],
    });
    const actions = statements.flatMap(statement => [statement.Action].flat());
    expect(actions.filter(action => action.startsWith('glue:'))).toEqual(['glue:GetTable', 'glue:BatchCreatePartition']);
    expect(actions.filter(action => !/^(glue|logs|sqs):/.test(action))).toEqual([]);
    expect(actions.some(action => action.includes('*'))).toBe(false);
    for (const statement of statements) {
      expect([statement.Resource].flat()).not.toContain('*');
    }
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] },
    });
    const [role] = Object.values(template.findResources('AWS::IAM::Role'));
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('an alarm fires while the dead-letter queue holds a message', () => {
    const { template, registrar } = synth();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PartitionsDeadLetterQueue'), 'QueueName'] } }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(registrar.alarm).toBeDefined();
    expect(registrar.queue).toBeDefined();
    expect(registrar.deadLetterQueue).toBeDefined();
    expect(registrar.function).toBeDefined();
  });

  test('an alarm, created by default, fires when the function skips an object-created event', () => {
    const { template, registrar } = synth();
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'EngagementEventsDatabase',
      MetricName: 'PartitionEventsSkipped',
      Dimensions: Match.arrayEquals([{ Name: 'Database', Value: 'engagement' }, { Name: 'Table', Value: 'all_events' }]),
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp('objects outside the yyyy/MM/dd/HH/ hour folders, or unreadable messages'),
    });
    expect(template.findResources('AWS::CloudWatch::Alarm')).toEqual(expect.objectContaining({
      [Stack.of(registrar).getLogicalId(registrar.skippedEventsAlarm.node.defaultChild as any)]: expect.anything(),
    }));
    expect(registrar.metricSkippedEvents({ period: Duration.hours(1) }).period.toMinutes()).toBe(60);
  });

  test('passes cdk-nag AwsSolutions and cfn-lint, with nothing to acknowledge', () => {
    const { stack } = synth();
    expect(awsSolutionsFindings(stack)).toEqual([]);
    expect(cfnLintProblems(stack)).toEqual([]);
    expect(acknowledgements(stack).filter(ack => ack.rule.includes('AwsSolutions'))).toEqual([]);
  });

  test.each([
    [{ batchSize: 0 }, /batchSize '0' is invalid: it must be a whole number from 1 to 10000/],
    [{ batchSize: 10_001 }, /batchSize '10001' is invalid/],
    [{ maxBatchingWindow: Duration.minutes(6) }, /maxBatchingWindow '6 minutes' is invalid: it must be 300 seconds or less/],
    [{ maxBatchingWindow: Duration.seconds(0) }, /maxBatchingWindow .* at least 1 second when batchSize is more than 10/],
    [{ eventsPrefix: 'events' }, /eventsPrefix 'events' is invalid: it must end with '\/'/],
    [{ eventsPrefix: '/events/' }, /eventsPrefix '\/events\/' is invalid/],
    [{ databaseName: 'Engagement-DB' }, /databaseName 'Engagement-DB' is invalid/],
    [{ tableName: 'all events' }, /tableName 'all events' is invalid/],
    [{ reservedConcurrentExecutions: 0 }, /reservedConcurrentExecutions '0' is invalid/],
    [{ maxReceiveCount: 0 }, /maxReceiveCount '0' is invalid/],
  ])('refuses %p', (props, message) => {
    expect(() => synth(props as Partial<PartitionRegistrarProps>)).toThrow(message);
  });
});

import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SKIPPED_EVENTS_METRIC } from './partition-keys';
import { RegisterPartitionsFunction } from './register-partitions-function';
import { METRICS_NAMESPACE } from '../database/embedded-metrics';
import { EVENTS_PREFIX } from '../database/layout';
import { checkCatalogName, checkKeyPrefix } from '../private/rules';

/**
 * How a `PartitionRegistrar` takes in object-created events and runs: for `PartitionStrategy.registered` and for a
 * registrar of your own.
 */
export interface PartitionRegistrarOptions {
  /**
   * Most object-created events handed to one invocation (1 to 10,000). Objects of the same hour fold into one
   * partition, so a larger batch makes fewer Glue calls.
   *
   * @default 1000
   */
  readonly batchSize?: number;

  /**
   * Longest time events are gathered before an invocation (0 to 300 seconds). A new hour becomes queryable at
   * most about this long after its first object lands.
   *
   * @default Duration.seconds(60)
   */
  readonly maxBatchingWindow?: Duration;

  /**
   * How long an invocation environment remembers a partition it registered, skipping the Glue call for further
   * objects of that hour. A partition deleted by hand is registered again after at most this long.
   *
   * @default Duration.minutes(15)
   */
  readonly knownPartitionTtl?: Duration;

  /**
   * Concurrent executions reserved for (and limiting) the function.
   *
   * @default - no reservation: the function scales with the queue
   */
  readonly reservedConcurrentExecutions?: number;

  /**
   * How many times a message is received (and fails) before it moves to the dead-letter queue.
   *
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

/** Properties of a {@link PartitionRegistrar}. */
export interface PartitionRegistrarProps extends PartitionRegistrarOptions {
  /**
   * The bucket the Parquet events land in. It must send its events to Amazon EventBridge: `eventBridgeEnabled: true`
   * on an `s3.Bucket`, or "Send notifications to Amazon EventBridge" turned on for a bucket created elsewhere.
   */
  readonly bucket: s3.IBucket;

  /** Name of the Glue database holding the events table. */
  readonly databaseName: string;

  /** Name of the events table, partitioned by one `timestamp` column (the arrival hour). */
  readonly tableName: string;

  /**
   * ID of the Glue Data Catalog holding the table (an AWS account ID).
   *
   * @default - the stack's account
   */
  readonly catalogId?: string;

  /**
   * Key prefix of the Parquet hour folders (`<prefix>yyyy/MM/dd/HH/`). Objects outside it are not registered.
   *
   * @default 'events/'
   */
  readonly eventsPrefix?: string;
}

/**
 * Registers the arrival-hour partition of the events table in the Glue Data Catalog as Parquet objects land.
 *
 * S3 "Object Created" events for the events prefix go from EventBridge to an encrypted SQS queue; a Lambda
 * function reads them in batches, folds objects into hours and calls Glue's BatchCreatePartition once per 100
 * new hours. Messages whose partition could not be registered go back to the queue, then to the dead-letter
 * queue, whose depth raises an alarm.
 */
export class PartitionRegistrar extends Construct {
  /** The queue of object-created events. */
  public readonly queue: sqs.Queue;
  /** Events that could not be delivered to or processed from the queue. Redrive them once the cause is fixed. */
  public readonly deadLetterQueue: sqs.Queue;
  /** The function registering partitions. */
  public readonly function: lambda.Function;
  /** In alarm while the dead-letter queue holds a message: some hour may be missing from the table. */
  public readonly alarm: cloudwatch.Alarm;
  /** The EventBridge rule matching object-created events under the events prefix of the bucket. */
  public readonly rule: events.Rule;
  /**
   * In alarm when the function skipped an object-created event in the last 5 minutes (see
   * `metricSkippedEvents`): an object landed under the events prefix outside the hour-folder layout, or a message
   * was unreadable. Firehose writes neither; the function's log names the keys.
   */
  public readonly skippedEventsAlarm: cloudwatch.Alarm;

  private readonly databaseName: string;
  private readonly tableName: string;

  /**
   * @param scope the construct to add the partition registrar to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: PartitionRegistrarProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.databaseName = props.databaseName;
    this.tableName = props.tableName;
    const eventsPrefix = props.eventsPrefix ?? EVENTS_PREFIX;
    const batchSize = props.batchSize ?? 1000;
    const maxBatchingWindow = props.maxBatchingWindow ?? Duration.seconds(60);
    const knownPartitionTtl = props.knownPartitionTtl ?? Duration.minutes(15);
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    validate(props, eventsPrefix, batchSize, maxBatchingWindow, maxReceiveCount);

    const timeout = Duration.minutes(2);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's guidance for queue sources: six times the function timeout, plus the batching window.
      visibilityTimeout: Duration.seconds(6 * timeout.toSeconds() + maxBatchingWindow.toSeconds()),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });

    this.rule = new events.Rule(this, 'ObjectCreated', {
      description: `Parquet objects created under ${eventsPrefix} in the events bucket, for partition registration`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.bucket.bucketName] },
          object: { key: [{ prefix: eventsPrefix }] },
        },
      },
      // Events EventBridge fails to deliver to the queue are kept in the dead-letter queue as well.
      targets: [new targets.SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue })],
    });

    const catalogId = props.catalogId ?? stack.account;
    const glueArn = (resource: string, resourceName?: string) => stack.formatArn({
      service: 'glue',
      account: catalogId,
      resource,
      resourceName,
      arnFormat: resourceName === undefined ? ArnFormat.NO_RESOURCE_NAME : ArnFormat.SLASH_RESOURCE_NAME,
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Registers partitions of ${props.databaseName}.${props.tableName}`,
    });
    logGroup.grantWrite(role);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'RegisterPartitionsOfTheEventsTable',
      actions: ['glue:GetTable', 'glue:BatchCreatePartition'],
      resources: [
        glueArn('catalog'),
        glueArn('database', props.databaseName),
        glueArn('table', `${props.databaseName}/${props.tableName}`),
      ],
    }));

    this.function = new RegisterPartitionsFunction(this, 'Function', {
      description: `Registers the arrival-hour partitions of ${props.databaseName}.${props.tableName}`,
      role,
      logGroup,
      timeout,
      memorySize: 256,
      architecture: lambda.Architecture.ARM_64,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        DATABASE_NAME: props.databaseName,
        TABLE_NAME: props.tableName,
        CATALOG_ID: catalogId,
        BUCKET_NAME: props.bucket.bucketName,
        EVENTS_PREFIX: eventsPrefix,
        KNOWN_PARTITION_TTL_SECONDS: String(knownPartitionTtl.toSeconds()),
      },
    });
    this.function.addEventSource(new SqsEventSource(this.queue, {
      batchSize,
      maxBatchingWindow,
      reportBatchItemFailures: true,
    }));

    this.alarm = new cloudwatch.Alarm(this, 'DeadLetterAlarm', {
      alarmDescription: `Object-created events of ${props.databaseName}.${props.tableName} failed partition registration `
        + 'and wait in the dead-letter queue: their hours may be missing from the table. Read the function logs, fix the '
        + 'cause, then redrive the dead-letter queue.',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.skippedEventsAlarm = new cloudwatch.Alarm(this, 'SkippedEventsAlarm', {
      alarmDescription: `Partition registration of ${props.databaseName}.${props.tableName} skipped object-created events under `
        + `${eventsPrefix}: objects outside the yyyy/MM/dd/HH/ hour folders, or unreadable messages. Firehose writes neither. `
        + 'The function logs the keys ("objects outside the events layout were skipped"): move or delete stray objects.',
      metric: this.metricSkippedEvents(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Object-created events the function skipped because they name no hour partition: objects under the events
   * prefix but outside `<prefix>yyyy/MM/dd/HH/<object>` (stray files, folder markers, impossible dates), and
   * unreadable messages. The function publishes it through its logs (CloudWatch embedded metric format).
   *
   * @param props metric options
   * @default - sum over 5 minutes
   */
  public metricSkippedEvents(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: SKIPPED_EVENTS_METRIC,
      dimensionsMap: { Database: this.databaseName, Table: this.tableName },
      statistic: 'Sum',
      period: Duration.minutes(5),
      ...props,
    });
  }
}

function validate(props: PartitionRegistrarProps, eventsPrefix: string, batchSize: number, window: Duration, maxReceiveCount: number): void {
  const fail = (prop: string, value: unknown, rule: string) => {
    throw new Error(`PartitionRegistrar: ${prop} '${value}' is invalid: ${rule}`);
  };
  checkKeyPrefix('PartitionRegistrar: eventsPrefix', eventsPrefix);
  if (!Token.isUnresolved(batchSize) && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000)) {
    fail('batchSize', batchSize, 'it must be a whole number from 1 to 10000');
  }
  if (!window.isUnresolved() && window.toMilliseconds() > 300_000) {
    fail('maxBatchingWindow', window.toHumanString(), 'it must be 300 seconds or less');
  }
  if (!window.isUnresolved() && !Token.isUnresolved(batchSize) && batchSize > 10 && window.toMilliseconds() < 1000) {
    fail('maxBatchingWindow', window.toHumanString(), 'it must be at least 1 second when batchSize is more than 10');
  }
  if (!Token.isUnresolved(maxReceiveCount) && !(Number.isInteger(maxReceiveCount) && maxReceiveCount >= 1 && maxReceiveCount <= 1000)) {
    fail('maxReceiveCount', maxReceiveCount, 'it must be a whole number from 1 to 1000');
  }
  const reserved = props.reservedConcurrentExecutions;
  if (reserved !== undefined && !Token.isUnresolved(reserved) && !(Number.isInteger(reserved) && reserved >= 1)) {
    fail('reservedConcurrentExecutions', reserved, 'it must be a whole number of at least 1');
  }
  checkCatalogName('PartitionRegistrar: databaseName', props.databaseName);
  checkCatalogName('PartitionRegistrar: tableName', props.tableName);
}

import { Annotations, ArnFormat, Duration, RemovalPolicy, Size, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { IEventsDatabase } from './events-database-ref';
import {
  ERRORS_PREFIX, EVENTS_PREFIX, FIREHOSE_ERRORS_PREFIX, FIREHOSE_EVENTS_PREFIX, FIREHOSE_RAW_PREFIX, RAW_PREFIX,
} from './layout';
import { LegacyEventsOptions, LegacyEventsTable, validateLegacyEventsOptions } from './legacy-events';
import { PROCESSOR_METRICS_NAMESPACE, RECORDS_FAILED_PROCESSING_METRIC } from './record-processing';
import { RecordProcessorFunction } from './record-processor-function';
import { partitionProjectionParameters } from '../partitions/partition-projection';
import { PartitionRegistrar } from '../partitions/partition-registrar';
import { PartitionStrategy } from '../partitions/partition-strategy';
import {
  columnToJsonKeyMappings, EVENT_COLUMNS, EVENTS_TABLE_NAME, PARTITION_KEYS, PROJECTED_EVENTS_TABLE_NAME,
  PROJECTED_PARTITION_KEYS, SchemaField, toHiveType,
} from '../schema/event-schema';
import { EventViews } from '../views/event-views';
import { createGlueView } from '../views/glue-view';
import { renderProjectedEventsView } from '../views/view-sql';

/** The Glue database name the implementation guide uses, and this construct's default. */
export const DEFAULT_DATABASE_NAME = 'due_eventdb';

const DATABASE_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
const MAX_DATABASE_NAME_LENGTH = 255;

// Firehose limits for an S3 destination that converts records to Parquet.
const MIN_CONVERSION_BUFFER = Size.mebibytes(64);
const MAX_BUFFER = Size.mebibytes(128);
const MAX_BUFFER_INTERVAL = Duration.seconds(900);
const DEFAULT_BUFFER_INTERVAL = Duration.seconds(300);

/**
 * Properties of an `EventsDatabase`.
 */
export interface EventsDatabaseProps {
  /**
   * Name of the Glue (and Athena) database. It is the one physical name the construct sets, so that queries
   * can name it; give a second copy in the same account and region a name of its own.
   *
   * Lower-case letters, digits and underscores, starting with a letter.
   * @default 'due_eventdb' (the name the implementation guide uses)
   */
  readonly databaseName?: string;

  /**
   * A bucket of your own for the events. Firehose writes Parquet under `events/`, the raw copy of every
   * record under `raw/` and failed records under `errors/`. Its encryption, access logs, lifecycle and
   * removal policy are yours; pass `encryptionKey` if it is encrypted with a customer managed key.
   * @default - a bucket is created: encrypted, TLS only, public access blocked, access logged, retained
   */
  readonly bucket?: s3.IBucket;

  /**
   * Customer managed key that encrypts the events: the created bucket is encrypted with it, or, with
   * `bucket`, the key your bucket uses. Firehose and query grants get the matching KMS permissions.
   * @default - S3-managed encryption (SSE-S3)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Bucket that receives the created bucket's server access logs. Not used with `bucket`.
   * @default - a log bucket is created (encrypted, TLS only, public access blocked, retained)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * How long Parquet events are kept in the created bucket. Not used with `bucket`.
   * @default - kept until you delete them
   */
  readonly retention?: Duration;

  /**
   * Storage-class transitions for the Parquet events in the created bucket. Not used with `bucket`.
   * @default - none: events stay in S3 Standard
   */
  readonly transitions?: s3.Transition[];

  /**
   * How long the raw copy of every record (`raw/`) and failed records (`errors/`) are kept in the created
   * bucket. The raw copy holds every field of every record, including any the table does not declare.
   * Not used with `bucket`.
   * @default - kept until you delete them
   */
  readonly rawRecordRetention?: Duration;

  /**
   * Removal policy of the created bucket, Glue database and table.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How much data Firehose buffers before it writes an object: 64 to 128 MiB with Parquet conversion.
   * @default Size.mebibytes(128)
   */
  readonly bufferingSize?: Size;

  /**
   * How long Firehose buffers data before it writes an object: 0 to 900 seconds.
   * @default Duration.seconds(300)
   */
  readonly bufferingInterval?: Duration;

  /**
   * Normalize SES and End User Messaging records into the Pinpoint record shape with a processor Lambda
   * before conversion. Turn it off only when every source is a Pinpoint event stream: records of any other
   * format then fail conversion and land under `errors/`.
   * @default true
   */
  readonly recordProcessing?: boolean;

  /**
   * How new hours of data become partitions of `all_events`.
   *
   * `REGISTERED` registers each hour in the Glue catalog as objects land, so every engine that reads the
   * catalog (Athena, Spark, EMR, Redshift Spectrum) sees it; with a bucket of your own, turn on its Amazon
   * EventBridge notifications. `PROJECTED` deploys nothing: Athena computes the partitions, other engines see none.
   * @default PartitionStrategy.REGISTERED
   */
  readonly partitionStrategy?: PartitionStrategy;

  /**
   * Reserved concurrency of the partition registration function (`PartitionStrategy.REGISTERED`).
   * @default - no reservation
   */
  readonly partitionRegistrationConcurrency?: number;

  /**
   * Create the standard Athena views (one per event type) as `views`. Add custom-event views with
   * `views.addCustomEventView(...)`.
   * @default true
   */
  readonly createViews?: boolean;

  /**
   * Create CloudWatch alarms on delivery failures, format-conversion failures, processing failures and data
   * freshness (see `alarms`). Route them by adding actions to `alarms`.
   * @default false
   */
  readonly createAlarms?: boolean;

  /**
   * Adopt a deployment of the Digital User Engagement Events Database: a table over its Parquet files (in its
   * table schema, hours projected from its `yyyy/MM/dd/HH` folders) is created in this database, and the
   * views read its events after the new ones. The old files are read where they are, never moved or changed.
   * See docs/adopting.md.
   * @default - no adopted deployment
   */
  readonly legacyEvents?: LegacyEventsOptions;
}

/**
 * Attributes of an events database deployed elsewhere, for `EventsDatabase.fromEventsDatabaseAttributes`.
 */
export interface EventsDatabaseAttributes {
  /** Name of the Glue database. */
  readonly databaseName: string;
  /** The bucket that holds the events. */
  readonly bucket: s3.IBucket;
  /** The delivery stream sources write to. */
  readonly deliveryStream: firehose.IDeliveryStream;
  /**
   * The customer managed key that encrypts the bucket.
   * @default - the bucket uses S3-managed encryption
   */
  readonly encryptionKey?: kms.IKey;
}

/** Grants shared by the database and its imported form. */
abstract class EventsDatabaseBase extends Construct implements IEventsDatabase {
  public abstract readonly bucket: s3.IBucket;
  public abstract readonly encryptionKey?: kms.IKey;
  public abstract readonly database: glue.IDatabase;
  public abstract readonly deliveryStream: firehose.IDeliveryStream;
  public readonly tableName: string = EVENTS_TABLE_NAME;

  public abstract readonly databaseName: string;

  public get tableArn(): string {
    return this.catalogArn('table', `${this.databaseName}/${this.tableName}`);
  }

  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.deliveryStream.grantPutRecords(grantee);
  }

  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    const glueGrant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'],
      resourceArns: [
        this.catalogArn('catalog'),
        this.database.databaseArn,
        // The table and the views, which live in the same database.
        this.catalogArn('table', `${this.databaseName}/*`),
      ],
    });
    this.bucket.grantRead(grantee, `${EVENTS_PREFIX}*`);
    return glueGrant;
  }

  protected catalogArn(resource: string, resourceName?: string): string {
    return Stack.of(this).formatArn({
      service: 'glue',
      resource,
      resourceName,
      arnFormat: resourceName === undefined ? ArnFormat.NO_RESOURCE_NAME : ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}

/**
 * A customer-engagement events database: a Firehose delivery stream that normalizes every record and
 * converts it to Parquet, an S3 bucket that keeps the Parquet events and a raw copy of every record, and a
 * Glue database with the table `all_events`, partitioned by the UTC hour each record arrived
 * (`ingest_timestamp`).
 *
 * Sources (`PinpointEventStream`, `SesConfigSetDestination`, `SmsVoiceEventDestination`) write into it;
 * Athena queries it.
 */
export class EventsDatabase extends EventsDatabaseBase {
  /**
   * An events database deployed in another stack or app, for sources and views to use.
   */
  public static fromEventsDatabaseAttributes(scope: Construct, id: string, attrs: EventsDatabaseAttributes): IEventsDatabase {
    validateDatabaseName(attrs.databaseName);
    class Imported extends EventsDatabaseBase {
      public readonly bucket = attrs.bucket;
      public readonly encryptionKey = attrs.encryptionKey;
      public readonly deliveryStream = attrs.deliveryStream;
      public readonly databaseName = attrs.databaseName;
      public readonly database = glue.Database.fromDatabaseArn(this, 'Database',
        this.catalogArn('database', attrs.databaseName));
    }
    return new Imported(scope, id);
  }

  public readonly bucket: s3.IBucket;
  public readonly encryptionKey?: kms.IKey;
  /** The bucket that receives the created bucket's access logs, when the construct created it. */
  public readonly serverAccessLogsBucket?: s3.IBucket;
  public readonly database: glue.IDatabase;
  /**
   * Name of the Glue database, as given: a plain string that queries and views can embed. Resources that
   * need the database to exist first should depend on `database`.
   */
  public readonly databaseName: string;
  /** The table `all_events`. */
  public readonly table: glue.S3Table;
  public readonly deliveryStream: firehose.IDeliveryStream;
  /** The Lambda function that normalizes records before conversion, unless `recordProcessing` is off. */
  public readonly recordProcessor?: lambda.IFunction;
  /** The Athena views over `all_events`, unless `createViews` is false. */
  public readonly views?: EventViews;
  /** How partitions are managed. */
  public readonly partitionStrategy: PartitionStrategy;
  /** What registers new partitions, with `PartitionStrategy.REGISTERED`. */
  public readonly partitionRegistrar?: PartitionRegistrar;
  /** The table over an adopted deployment's events, with `legacyEvents`. */
  public readonly legacyEvents?: LegacyEventsTable;
  /** The alarms created with `createAlarms`; empty otherwise. */
  public readonly alarms: cloudwatch.Alarm[] = [];

  /**
   * @param scope the construct to add the events database to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: EventsDatabaseProps = {}) {
    super(scope, id);
    const databaseName = props.databaseName ?? DEFAULT_DATABASE_NAME;
    validateDatabaseName(databaseName);
    this.databaseName = databaseName;
    validateProps(props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.partitionStrategy = props.partitionStrategy ?? PartitionStrategy.REGISTERED;
    const registered = this.partitionStrategy === PartitionStrategy.REGISTERED;

    this.encryptionKey = props.encryptionKey;
    if (props.bucket) {
      this.bucket = props.bucket;
      if (registered) {
        Annotations.of(this).addWarningV2('cdk-engagement-events-database:bucketEventBridge',
          'Partitions are registered from the events bucket\'s object-created events: turn on Amazon EventBridge '
          + 'notifications on the bucket you gave (S3 console, Properties, Event notifications), or choose '
          + 'PartitionStrategy.PROJECTED.');
      }
    } else {
      this.serverAccessLogsBucket = props.serverAccessLogsBucket ?? this.createAccessLogsBucket(removalPolicy);
      this.bucket = this.createEventsBucket(props, removalPolicy, this.serverAccessLogsBucket);
      if (registered) {
        // Set on the resource rather than through `eventBridgeEnabled`, which adds aws-cdk-lib's stack-wide
        // bucket-notifications function.
        (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
          eventBridgeConfiguration: { eventBridgeEnabled: true },
        };
      }
    }

    const database = new glue.Database(this, 'Database', { databaseName });
    database.applyRemovalPolicy(removalPolicy);
    this.database = database;

    this.table = new glue.S3Table(this, 'Table', {
      database,
      tableName: registered ? EVENTS_TABLE_NAME : PROJECTED_EVENTS_TABLE_NAME,
      description: 'Customer-engagement events, one row per event, in the Pinpoint event record shape',
      columns: EVENT_COLUMNS.map(toGlueColumn),
      partitionKeys: (registered ? PARTITION_KEYS : PROJECTED_PARTITION_KEYS).map(toGlueColumn),
      dataFormat: glue.DataFormat.PARQUET,
      storage: glue.S3TableStorage.fromBucket(this.bucket),
      s3Prefix: EVENTS_PREFIX,
      compressed: true,
      parameters: {
        'parquet.compression': 'SNAPPY',
        ...(registered ? {} : partitionProjectionParameters(this.bucket.bucketName, EVENTS_PREFIX)),
      },
    });
    this.table.applyRemovalPolicy(removalPolicy);
    if (!registered) {
      // Queries and views read `all_events` with its `ingest_timestamp` whichever way partitions are managed.
      const view = createGlueView(this, 'EventsView', databaseName, renderProjectedEventsView(PROJECTED_EVENTS_TABLE_NAME),
        'Customer-engagement events, one row per event, with ingest_timestamp derived from the projected hour folder');
      view.addResourceDependency(this.table.node.defaultChild as glue.CfnTable);
    }
    if (registered) {
      this.partitionRegistrar = new PartitionRegistrar(this, 'Partitions', {
        bucket: this.bucket,
        databaseName,
        tableName: EVENTS_TABLE_NAME,
        eventsPrefix: EVENTS_PREFIX,
        reservedConcurrentExecutions: props.partitionRegistrationConcurrency,
      });
      this.partitionRegistrar.node.addDependency(this.table);
    }

    if (props.legacyEvents) {
      this.legacyEvents = new LegacyEventsTable(this, 'LegacyEvents', {
        ...props.legacyEvents,
        database,
        removalPolicy,
      });
    }

    if (props.createViews !== false) {
      this.views = new EventViews(this, 'Views', { database: this, legacyTableName: this.legacyEvents?.tableName });
    }

    this.recordProcessor = props.recordProcessing === false ? undefined : this.createRecordProcessor();
    this.deliveryStream = this.createDeliveryStream(props);

    if (props.createAlarms) {
      this.createAlarms(props.bufferingInterval ?? DEFAULT_BUFFER_INTERVAL);
    }
  }

  /**
   * Lets `grantee` query the events (see `IEventsDatabase.grantQuery`), including an adopted deployment's.
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    const grant = super.grantQuery(grantee);
    this.legacyEvents?.grantRead(grantee);
    return grant;
  }

  /**
   * Records Firehose delivered to S3 successfully (`DeliveryToS3.Success`, 1 when every put succeeded).
   * @default - average over 5 minutes
   */
  public metricDeliverySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric('DeliveryToS3.Success', { statistic: 'Average', ...props });
  }

  /**
   * Records that failed conversion to Parquet and were written under `errors/format-conversion-failed/`.
   * @default - sum over 5 minutes
   */
  public metricFormatConversionFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric('FailedConversion.Records', { statistic: 'Sum', ...props });
  }

  /**
   * Records the record processor could not read or normalize, written under `errors/processing-failed/`.
   * The processor publishes it through its logs (CloudWatch embedded metric format).
   * @default - sum over 5 minutes
   */
  public metricProcessingFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: PROCESSOR_METRICS_NAMESPACE,
      metricName: RECORDS_FAILED_PROCESSING_METRIC,
      dimensionsMap: { DeliveryStream: this.deliveryStream.deliveryStreamName },
      statistic: 'Sum',
      ...props,
    });
  }

  /**
   * Age in seconds of the oldest record in Firehose not yet delivered to S3: how stale the database is.
   * @default - maximum over 5 minutes
   */
  public metricDataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric('DeliveryToS3.DataFreshness', { statistic: 'Maximum', ...props });
  }

  private createAccessLogsBucket(removalPolicy: RemovalPolicy): s3.Bucket {
    return new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // Ownership is left to aws-cdk-lib: the log delivery ACL or bucket policy it sets up depends on the app's
      // feature flags.
      removalPolicy,
    });
  }

  private createEventsBucket(props: EventsDatabaseProps, removalPolicy: RemovalPolicy, accessLogs: s3.IBucket): s3.Bucket {
    const expireAfter = (prefix: string, expiration?: Duration): s3.LifecycleRule[] =>
      expiration ? [{ prefix, expiration }] : [];
    return new s3.Bucket(this, 'Bucket', {
      encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: props.encryptionKey ? true : undefined,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'events-bucket/',
      removalPolicy,
      lifecycleRules: [
        ...(props.retention || props.transitions ? [{
          prefix: EVENTS_PREFIX,
          expiration: props.retention,
          transitions: props.transitions,
        }] : []),
        ...expireAfter(RAW_PREFIX, props.rawRecordRetention),
        ...expireAfter(ERRORS_PREFIX, props.rawRecordRetention),
        // Parts of multipart uploads Firehose abandoned cost storage and are never completed.
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
  }

  private createRecordProcessor(): lambda.IFunction {
    const logGroup = new logs.LogGroup(this, 'RecordProcessorLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const role = new iam.Role(this, 'RecordProcessorRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Normalizes event records for the events database delivery stream',
    });
    // Only its own log group: the function calls no other service.
    logGroup.grantWrite(role);
    return new RecordProcessorFunction(this, 'RecordProcessor', {
      description: 'Normalizes SES and End User Messaging records into the Pinpoint event record shape',
      role,
      logGroup,
      memorySize: 512,
      timeout: Duration.minutes(1),
      architecture: lambda.Architecture.ARM_64,
    });
  }

  private createDeliveryStream(props: EventsDatabaseProps): firehose.DeliveryStream {
    const cfnTable = this.table.node.defaultChild as glue.CfnTable;
    const stream = new firehose.DeliveryStream(this, 'DeliveryStream', {
      encryption: firehose.StreamEncryption.awsOwnedKey(),
      destination: new firehose.S3Bucket(this.bucket, {
        dataOutputPrefix: FIREHOSE_EVENTS_PREFIX,
        errorOutputPrefix: FIREHOSE_ERRORS_PREFIX,
        bufferingSize: props.bufferingSize ?? MAX_BUFFER,
        bufferingInterval: props.bufferingInterval ?? DEFAULT_BUFFER_INTERVAL,
        encryptionKey: this.encryptionKey,
        processors: this.recordProcessor ? [new firehose.LambdaFunctionProcessor(this.recordProcessor, {
          bufferInterval: Duration.seconds(60),
          bufferSize: Size.mebibytes(1),
          retries: 3,
        })] : undefined,
        dataFormatConversion: {
          schemaConfiguration: firehose.SchemaConfiguration.fromCfnTable(cfnTable),
          // Case-sensitive: a case-insensitive SerDe lower-cases every key it reads, map keys included, so a
          // custom attribute `myCustomKey` would be stored as `mycustomkey` and a lookup by its real name would
          // find nothing. Record keys are lower-case snake_case except `awsAccountId`, which is mapped.
          inputFormat: new firehose.OpenXJsonInputFormat({
            lowercaseColumnNames: false,
            columnToJsonKeyMappings: columnToJsonKeyMappings(),
          }),
          outputFormat: new firehose.ParquetOutputFormat({ compression: firehose.ParquetCompression.SNAPPY }),
        },
        s3Backup: {
          mode: firehose.BackupMode.ALL,
          bucket: this.bucket,
          dataOutputPrefix: FIREHOSE_RAW_PREFIX,
          errorOutputPrefix: FIREHOSE_ERRORS_PREFIX,
          encryptionKey: this.encryptionKey,
          compression: firehose.Compression.GZIP,
          bufferingInterval: props.bufferingInterval ?? DEFAULT_BUFFER_INTERVAL,
          bufferingSize: Size.mebibytes(64),
        },
      }),
    });
    this.acknowledgeDeliveryStreamFindings(stream);
    return stream;
  }

  /**
   * The Firehose L2 grants its role what it needs on the bucket, the schema and the processor with wildcard
   * actions and object paths; each finding it produces is acknowledged here, with its reason, so that users
   * running cdk-nag see only what their own code produces.
   */
  private acknowledgeDeliveryStreamFindings(stream: firehose.DeliveryStream): void {
    const findings: Record<string, string> = {
      'Action::s3:Abort*': 'Firehose aborts its own failed multipart uploads into the events bucket',
      'Action::s3:DeleteObject*': 'Part of the Firehose S3 destination grant, limited to the events bucket',
      'Action::s3:GetBucket*': 'Firehose reads the location and settings of the events bucket',
      'Action::s3:GetObject*': 'Firehose reads back the objects it writes to the events bucket',
      'Action::s3:List*': 'Firehose lists the events bucket it writes to',
      'Resource::*': 'glue:GetSchemaVersion has no resource-level permissions; Firehose reads the table schema with it',
    };
    const bucketArn = this.arnAsNagNamesIt(this.bucket.bucketArn);
    findings[`Resource::${bucketArn}/*`] = 'Firehose writes objects under events/, raw/ and errors/ of the events bucket only';
    if (this.recordProcessor) {
      const processorArn = this.arnAsNagNamesIt(this.recordProcessor.functionArn);
      findings[`Resource::${processorArn}:*`] = 'Firehose invokes the record processor function, any of its versions';
    }
    if (this.encryptionKey) {
      findings['Action::kms:GenerateDataKey*'] = 'Firehose encrypts the objects it writes with the bucket key';
      findings['Action::kms:ReEncrypt*'] = 'Part of the Firehose grant on the bucket key';
    }
    for (const [finding, reason] of Object.entries(findings)) {
      Validations.of(stream).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }
  }

  /** An ARN as cdk-nag writes it in a finding: `<Logical.Arn>` for an attribute, `<AWS::Partition>` for a reference. */
  private arnAsNagNamesIt(arn: string): string {
    const render = (value: unknown): string => {
      if (typeof value === 'string') return value;
      const intrinsic = value as { 'Ref'?: string; 'Fn::GetAtt'?: string[]; 'Fn::Join'?: [string, unknown[]] };
      if (intrinsic.Ref) return `<${intrinsic.Ref}>`;
      if (intrinsic['Fn::GetAtt']) return `<${intrinsic['Fn::GetAtt'].join('.')}>`;
      if (intrinsic['Fn::Join']) return intrinsic['Fn::Join'][1].map(render).join(intrinsic['Fn::Join'][0]);
      return JSON.stringify(value);
    };
    return render(Stack.of(this).resolve(arn));
  }

  private createAlarms(bufferingInterval: Duration): void {
    const period = Duration.minutes(5);
    const alarm = (id: string, description: string, metric: cloudwatch.IMetric, threshold: number,
      comparisonOperator: cloudwatch.ComparisonOperator) => this.alarms.push(new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }));
    alarm('DeliveryFailureAlarm', 'Firehose failed to deliver records to the events bucket',
      this.metricDeliverySuccess({ period, statistic: 'Minimum' }), 1, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD);
    alarm('FormatConversionFailureAlarm', 'Records failed conversion to Parquet (see errors/format-conversion-failed/)',
      this.metricFormatConversionFailures({ period }), 0, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD);
    if (this.partitionRegistrar) {
      this.alarms.push(this.partitionRegistrar.alarm);
    }
    alarm('DataFreshnessAlarm', 'Records wait in Firehose much longer than the buffering interval',
      this.metricDataFreshness({ period }), bufferingInterval.toSeconds() + 900, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD);
    if (this.recordProcessor) {
      alarm('ProcessingFailureAlarm', 'Records could not be normalized (see errors/processing-failed/)',
        this.metricProcessingFailures({ period }), 0, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD);
    }
  }
}

function toGlueColumn(field: SchemaField): glue.Column {
  return {
    name: field.name,
    type: { inputString: toHiveType(field.type), isPrimitive: field.type.kind === 'primitive' },
    comment: field.comment,
  };
}

function validateDatabaseName(name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  if (!DATABASE_NAME_PATTERN.test(name) || name.length > MAX_DATABASE_NAME_LENGTH) {
    throw new Error(`EventsDatabase: databaseName '${name}' is invalid: use lower-case letters, digits and underscores, `
      + `starting with a letter (${DATABASE_NAME_PATTERN}), at most ${MAX_DATABASE_NAME_LENGTH} characters`);
  }
}

function validateProps(props: EventsDatabaseProps): void {
  const size = props.bufferingSize;
  if (size && !size.isUnresolved()
    && (size.toMebibytes() < MIN_CONVERSION_BUFFER.toMebibytes() || size.toMebibytes() > MAX_BUFFER.toMebibytes())) {
    throw new Error(`EventsDatabase: bufferingSize ${size.toMebibytes()} MiB is out of range: Firehose needs 64 to 128 MiB `
      + 'when it converts records to Parquet');
  }
  const interval = props.bufferingInterval;
  if (interval && !interval.isUnresolved() && interval.toSeconds() > MAX_BUFFER_INTERVAL.toSeconds()) {
    throw new Error(`EventsDatabase: bufferingInterval ${interval.toSeconds()} s is out of range: Firehose allows 0 to 900 seconds`);
  }
  const bucketOnlyProps: Array<[string, unknown]> = [
    ['serverAccessLogsBucket', props.serverAccessLogsBucket],
    ['retention', props.retention],
    ['transitions', props.transitions],
    ['rawRecordRetention', props.rawRecordRetention],
  ];
  for (const [name, value] of bucketOnlyProps) {
    if (props.bucket && value !== undefined) {
      throw new Error(`EventsDatabase: ${name} applies to the bucket the construct creates, but a bucket was given: `
        + 'configure it on your bucket, or leave out bucket');
    }
  }
  if (props.partitionRegistrationConcurrency !== undefined && props.partitionStrategy === PartitionStrategy.PROJECTED) {
    throw new Error('EventsDatabase: partitionRegistrationConcurrency applies to PartitionStrategy.REGISTERED, but '
      + 'partitionStrategy is PROJECTED: leave out partitionRegistrationConcurrency');
  }
  if (props.legacyEvents) {
    validateLegacyEventsOptions('EventsDatabase: legacyEvents', props.legacyEvents);
    const legacyPrefix = props.legacyEvents.prefix ?? EVENTS_PREFIX;
    const overlaps = [EVENTS_PREFIX, RAW_PREFIX, ERRORS_PREFIX]
      .some(p => !Token.isUnresolved(legacyPrefix) && (legacyPrefix.startsWith(p) || p.startsWith(legacyPrefix)));
    const legacyBucket = props.legacyEvents.bucket;
    const sameBucket = props.bucket !== undefined && (legacyBucket === props.bucket
      || (!Token.isUnresolved(legacyBucket.bucketName) && legacyBucket.bucketName === props.bucket.bucketName));
    if (sameBucket && overlaps) {
      throw new Error(`EventsDatabase: legacyEvents.prefix '${legacyPrefix}' overlaps where this database writes in the same bucket `
        + `(${EVENTS_PREFIX}, ${RAW_PREFIX}, ${ERRORS_PREFIX}): the views would read new events twice and old files as new ones. `
        + 'Leave out bucket (a new bucket is created), or move the old files under another prefix');
    }
  }
  if (props.retention && props.transitions?.some(t => t.transitionAfter && t.transitionAfter.toDays() >= props.retention!.toDays())) {
    throw new Error('EventsDatabase: a transition in transitions comes after retention expires the events: '
      + 'shorten the transition or lengthen retention');
  }
}

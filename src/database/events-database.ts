import { Annotations, Duration, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, DependencyGroup, IDependable } from 'constructs';
import { EventsBucket } from './events-bucket';
import { EventsDatabaseBase } from './events-database-base';
import { IEventsDatabase } from './events-database-ref';
import { ERRORS_PREFIX, EVENTS_PREFIX, RAW_PREFIX } from './layout';
import { LegacyEventsOptions, LegacyEventsTable, validateLegacyEventsOptions } from './legacy-events';
import { createEventsDatabaseAlarms } from './private/alarms';
import { checkEventsBucketOptions, createAccessLogsBucket, createEventsBucket } from './private/buckets';
import { createEventsDatabaseDashboard } from './private/dashboard';
import { createEventsDeliveryStream } from './private/delivery-stream';
import { toGlueColumn } from './private/glue-columns';
import { createIcebergEventsTable, createTableOptimizers } from './private/iceberg-table';
import { encryptLogGroup, logGroupEncryptionKey } from './private/log-encryption';
import { createRecordProcessor } from './private/record-processor';
import { TableFormat } from './table-format';
import { partitionProjectionParameters } from '../partitions/partition-projection';
import { PartitionRegistrar } from '../partitions/partition-registrar';
import { PartitionStrategy } from '../partitions/partition-strategy';
import { checkCatalogName } from '../private/rules';
import {
  EVENT_COLUMNS, EVENTS_TABLE_NAME, PARTITION_KEYS, PROJECTED_EVENTS_TABLE_NAME, PROJECTED_PARTITION_KEYS,
} from '../schema/event-schema';
import { EventViews } from '../views/event-views';
import { createGlueView } from '../views/glue-view';
import { renderProjectedEventsView } from '../views/view-sql';

/** The Glue database name the implementation guide uses, and this construct's default. */
export const DEFAULT_DATABASE_NAME = 'due_eventdb';

// Firehose limits: an S3 destination that converts records to Parquet buffers at least 64 MiB; the Iceberg
// destination, which writes Parquet data files itself, takes any size from 1 MiB.
const MIN_CONVERSION_BUFFER = Size.mebibytes(64);
const MIN_ICEBERG_BUFFER = Size.mebibytes(1);
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
   * The bucket that holds the events: `EventsBucket.create({ ... })` with its encryption, access logs and
   * lifecycle, or `EventsBucket.fromBucket(bucket)` for a bucket of your own.
   * @default EventsBucket.create(): encrypted (SSE-S3), TLS only, public access blocked, access logged, events kept
   */
  readonly bucket?: EventsBucket;

  /**
   * Removal policy of the created bucket, Glue database and table.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How much data Firehose buffers before it writes an object: 64 to 128 MiB for the Parquet table (Firehose's
   * minimum when it converts records), 1 to 128 MiB for `TableFormat.ICEBERG`.
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
   * How `all_events` stores its rows: `TableFormat.PARQUET`, Parquet files in hour folders read through a Glue
   * table, or `TableFormat.ICEBERG`, an Apache Iceberg table that Firehose writes directly, whose rows can be deleted
   * (erasure), whose small files Glue compacts, and whose columns can change without rewriting the data. The views,
   * named queries, raw copies and error output are the same either way. Iceberg needs `recordProcessing` (the
   * processor writes each row's `ingest_timestamp`) and takes no `partitionStrategy` (its partitions are hidden).
   * See docs/adr/0006-iceberg-table-format.md.
   * @default TableFormat.PARQUET
   */
  readonly tableFormat?: TableFormat;

  /**
   * How new hours of data become partitions of `all_events`.
   *
   * `PartitionStrategy.registered()` registers each hour in the Glue catalog as objects land, so every engine
   * that reads the catalog (Athena, Spark, EMR, Redshift Spectrum) sees it; with a bucket of your own, turn on
   * its Amazon EventBridge notifications. `PartitionStrategy.projected()` deploys nothing: Athena computes the
   * partitions, other engines see none. Not for `TableFormat.ICEBERG`, whose partitions are in the table's metadata.
   * @default PartitionStrategy.registered() (with `TableFormat.PARQUET`)
   */
  readonly partitionStrategy?: PartitionStrategy;

  /**
   * Create the standard Athena views (one per event type) as `views`. Add custom-event views with
   * `views.addCustomEventView(...)`.
   * @default true
   */
  readonly createViews?: boolean;

  /**
   * Create CloudWatch alarms on the pipeline's own failures (see `alarms`): Firehose deliveries of the Parquet
   * events and of the raw copies, format-conversion failures, data freshness, and with record processing the
   * processor's invocations by Firehose, its normalization failures, errors, throttles and duration near its timeout.
   * The partition registrar's dead-letter and skipped-events alarms exist with `PartitionStrategy.registered()` in any case.
   * @default true
   */
  readonly createAlarms?: boolean;

  /**
   * What every alarm does when it fires: for instance `new cloudwatch_actions.SnsAction(topic)`. It is added to
   * the alarms of `alarms`, the partition registrar's included.
   * @default - no action: the alarms show their state in the console only
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;

  /**
   * Create a CloudWatch dashboard of the pipeline (see `dashboard`): the alarms' state, records in, processed,
   * converted and failed, bytes delivered, data freshness, the record processor, partitions registered and the
   * registrar's dead-letter queue. Off by default: a dashboard is billed every month whether anyone looks at it,
   * and the alarms already watch the pipeline.
   * @default false
   */
  readonly createDashboard?: boolean;

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
  /**
   * How the events table stores its rows, as the database was deployed with.
   * @default TableFormat.PARQUET
   */
  readonly tableFormat?: TableFormat;
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
    checkCatalogName('EventsDatabase: databaseName', attrs.databaseName);
    class Imported extends EventsDatabaseBase {
      public readonly bucket = attrs.bucket;
      public readonly encryptionKey = attrs.encryptionKey;
      public readonly deliveryStream = attrs.deliveryStream;
      public readonly databaseName = attrs.databaseName;
      public readonly tableFormat = attrs.tableFormat ?? TableFormat.PARQUET;
      public readonly database = glue.Database.fromDatabaseArn(this, 'Database', this.catalogArn('database', attrs.databaseName));
      public readonly catalogCreated = new DependencyGroup();
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
  /** How `all_events` stores its rows. */
  public readonly tableFormat: TableFormat;
  /** The Iceberg table `all_events`, with `TableFormat.ICEBERG`. */
  public readonly icebergTable?: glue.CfnTable;
  /** The Glue table optimizers of the Iceberg table (compaction, snapshot retention, orphan file deletion), with `TableFormat.ICEBERG`. */
  public readonly tableOptimizers: glue.CfnTableOptimizer[] = [];
  public readonly catalogCreated: IDependable;
  public readonly deliveryStream: firehose.IDeliveryStream;
  /** The Lambda function that normalizes records before conversion, unless `recordProcessing` is off. */
  public readonly recordProcessor?: lambda.IFunction;
  /** How partitions are managed. */
  public readonly partitionStrategy: PartitionStrategy;
  /** What registers new partitions, with `PartitionStrategy.registered()`. */
  public readonly partitionRegistrar?: PartitionRegistrar;
  /** The table over an adopted deployment's events, with `legacyEvents`. */
  public readonly legacyEvents?: LegacyEventsTable;
  /**
   * The alarms (`createAlarms`, on by default), with the partition registrar's dead-letter and skipped-events
   * alarms; empty when `createAlarms` is false.
   */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The pipeline's dashboard, with `createDashboard`. */
  public readonly dashboard?: cloudwatch.Dashboard;

  private readonly standardViews?: EventViews;
  private readonly parquetTable?: glue.S3Table;

  /**
   * @param scope the construct to add the events database to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: EventsDatabaseProps = {}) {
    super(scope, id);
    this.databaseName = props.databaseName ?? DEFAULT_DATABASE_NAME;
    checkCatalogName('EventsDatabase: databaseName', this.databaseName);
    this.checkDatabaseNameUnique();
    validateBuffering(props);
    if (props.createAlarms === false && props.alarmAction) {
      throw new Error(`EventsDatabase ${this.node.path}: alarmAction is given but createAlarms is false, so there is no alarm to act on: `
        + 'leave out createAlarms: false, or leave out alarmAction');
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.tableFormat = props.tableFormat ?? TableFormat.PARQUET;
    const iceberg = this.tableFormat === TableFormat.ICEBERG;
    if (iceberg) {
      this.validateIcebergProps(props);
    }
    this.partitionStrategy = props.partitionStrategy ?? PartitionStrategy.registered();
    // An Iceberg table keeps its partitions in its own metadata: nothing registers or projects them.
    const registrarOptions = iceberg ? undefined : this.partitionStrategy._registrarOptions;

    const eventsBucket = props.bucket ?? EventsBucket.create();
    this.encryptionKey = eventsBucket.encryptionKey;
    const createOptions = eventsBucket._createOptions;
    if (createOptions) {
      checkEventsBucketOptions(this, createOptions);
      this.serverAccessLogsBucket = createOptions.serverAccessLogsBucket ?? createAccessLogsBucket(this, createOptions, removalPolicy);
      this.bucket = createEventsBucket(this, {
        options: createOptions,
        accessLogs: this.serverAccessLogsBucket,
        removalPolicy,
        eventBridge: registrarOptions !== undefined,
      });
    } else {
      this.bucket = eventsBucket._bucket!;
      if (registrarOptions && !iceberg) {
        Annotations.of(this).addWarningV2('cdk-engagement-events-database:bucketEventBridge',
          'Partitions are registered from the events bucket\'s object-created events: turn on Amazon EventBridge '
          + 'notifications on the bucket you gave (S3 console, Properties, Event notifications), or choose '
          + 'PartitionStrategy.projected().');
      }
    }

    const database = new glue.Database(this, 'Database', { databaseName: this.databaseName });
    database.applyRemovalPolicy(removalPolicy);
    this.database = database;

    const catalog = new DependencyGroup(database);
    if (iceberg) {
      const tableProps = { database, bucket: this.bucket, encryptionKey: this.encryptionKey, removalPolicy };
      this.icebergTable = createIcebergEventsTable(this, tableProps);
      this.tableOptimizers.push(...createTableOptimizers(this, this.icebergTable, tableProps));
      catalog.add(this.icebergTable);
    } else {
      this.parquetTable = this.createParquetTable(database, registrarOptions !== undefined, removalPolicy);
      catalog.add(this.parquetTable);
    }
    if (!iceberg && !registrarOptions) {
      // Queries and views read `all_events` with its `ingest_timestamp` whichever way partitions are managed.
      const view = createGlueView(this, 'EventsView', this.databaseName, renderProjectedEventsView(PROJECTED_EVENTS_TABLE_NAME));
      view.addResourceDependency(this.parquetTable!.node.defaultChild as glue.CfnTable);
      catalog.add(view);
    } else if (registrarOptions) {
      this.partitionRegistrar = new PartitionRegistrar(this, 'Partitions', {
        ...registrarOptions,
        bucket: this.bucket,
        databaseName: this.databaseName,
        tableName: EVENTS_TABLE_NAME,
        eventsPrefix: EVENTS_PREFIX,
      });
      this.partitionRegistrar.node.addDependency(this.parquetTable!);
    }

    if (props.legacyEvents) {
      this.validateLegacyEvents(props.legacyEvents, eventsBucket._bucket);
      this.legacyEvents = new LegacyEventsTable(this, 'LegacyEvents', { ...props.legacyEvents, database, removalPolicy });
      catalog.add(this.legacyEvents.table);
    }
    this.catalogCreated = catalog;

    if (props.createViews !== false) {
      this.standardViews = new EventViews(this, 'Views', { database: this, legacyTableName: this.legacyEvents?.tableName });
    }

    const logsEncryptionKey = logGroupEncryptionKey(this, this.encryptionKey);
    this.recordProcessor = props.recordProcessing === false ? undefined : createRecordProcessor(this, logsEncryptionKey, iceberg);
    const bufferingInterval = props.bufferingInterval ?? DEFAULT_BUFFER_INTERVAL;
    this.deliveryStream = createEventsDeliveryStream(this, {
      bucket: this.bucket,
      encryptionKey: this.encryptionKey,
      logsEncryptionKey,
      table: this.parquetTable,
      iceberg: iceberg ? { database, databaseName: this.databaseName, tableName: EVENTS_TABLE_NAME, tableArn: this.tableArn } : undefined,
      recordProcessor: this.recordProcessor,
      bufferingSize: props.bufferingSize ?? MAX_BUFFER,
      bufferingInterval,
    });
    if (this.icebergTable) {
      // Firehose checks the destination table when the stream is created.
      this.deliveryStream.node.addDependency(this.icebergTable);
    }
    if (logsEncryptionKey && this.partitionRegistrar) {
      encryptLogGroup(this.partitionRegistrar.function.logGroup, logsEncryptionKey);
    }

    if (props.createAlarms ?? true) {
      this.alarms.push(...createEventsDatabaseAlarms({ database: this, bufferingInterval, recordProcessor: this.recordProcessor }));
      if (this.partitionRegistrar) {
        this.alarms.push(this.partitionRegistrar.alarm, this.partitionRegistrar.skippedEventsAlarm);
      }
    }
    if (props.alarmAction) {
      this.alarms.forEach(alarm => alarm.addAlarmAction(props.alarmAction!));
    }
    if (props.createDashboard) {
      this.dashboard = createEventsDatabaseDashboard(this, {
        database: this,
        bufferingInterval,
        recordProcessor: this.recordProcessor,
        partitionRegistrar: this.partitionRegistrar,
        alarms: this.alarms,
      });
    }
  }

  /**
   * The Glue table of the Parquet events: `all_events`, or with `PartitionStrategy.projected()` the table under it,
   * `all_events_by_hour` (`all_events` is then a view that adds `ingest_timestamp`). With `TableFormat.ICEBERG`
   * there is none, and reading this fails with a message that says so: see `icebergTable`.
   */
  public get table(): glue.S3Table {
    if (!this.parquetTable) {
      throw new Error(`EventsDatabase ${this.node.path}: the table format is Iceberg, whose table is icebergTable (a glue.CfnTable), `
        + 'not table (the Parquet format\'s glue.S3Table)');
    }
    return this.parquetTable;
  }

  /**
   * The standard Athena views over `all_events`, to which custom-event views are added. With `createViews: false`
   * there are none, and reading this fails with a message that says so: create an `EventViews` of your own.
   */
  public get views(): EventViews {
    if (!this.standardViews) {
      throw new Error(`EventsDatabase ${this.node.path}: views were not created because createViews is false. Leave out createViews, `
        + 'or create views of your own with new EventViews(scope, id, { database }).');
    }
    return this.standardViews;
  }

  /**
   * Lets `grantee` query the events (see `IEventsDatabase.grantQuery`), including an adopted deployment's.
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    const grant = super.grantQuery(grantee);
    this.legacyEvents?.grantRead(grantee);
    return grant;
  }

  /** The Glue table over the Parquet files, its partitions registered or projected. */
  private createParquetTable(database: glue.Database, registered: boolean, removalPolicy: RemovalPolicy): glue.S3Table {
    const table = new glue.S3Table(this, 'Table', {
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
        ...(registered ? {} : partitionProjectionParameters(this.bucket.bucketName, EVENTS_PREFIX,
          this.partitionStrategy._projectionOptions?.earliestHour, this.partitionStrategy._projectionOptions?.latestHour)),
      },
    });
    table.applyRemovalPolicy(removalPolicy);
    return table;
  }

  /** What the Iceberg format cannot be combined with. */
  private validateIcebergProps(props: EventsDatabaseProps): void {
    const where = `EventsDatabase ${this.node.path}: tableFormat is TableFormat.ICEBERG`;
    if (props.partitionStrategy) {
      throw new Error(`${where}, whose hour partitions are hidden in the table's metadata (nothing registers or projects them), `
        + 'but partitionStrategy is given: leave out partitionStrategy, or choose TableFormat.PARQUET');
    }
    if (props.recordProcessing === false) {
      throw new Error(`${where}, whose rows get their ingest_timestamp from the record processor, but recordProcessing is false: `
        + 'leave out recordProcessing, or choose TableFormat.PARQUET');
    }
  }

  /**
   * Two databases of one name in one account and Region would be one Glue database, and the second deployment
   * fails on it: say so at synthesis. Stacks whose account or Region differ, or are known only at deployment in one
   * of them, may deploy apart and are not compared.
   */
  private checkDatabaseNameUnique(): void {
    const stack = Stack.of(this);
    const clash = this.node.root.node.findAll().find((other): other is EventsDatabase => other !== this
      && other instanceof EventsDatabase
      && other.databaseName === this.databaseName
      && Stack.of(other).account === stack.account
      && Stack.of(other).region === stack.region);
    if (clash) {
      throw new Error(`EventsDatabase ${this.node.path}: databaseName '${this.databaseName}' is already the name of EventsDatabase `
        + `${clash.node.path} in the same account and Region, and Glue database names are unique there: give this one another `
        + 'databaseName, or use the other one here with EventsDatabase.fromEventsDatabaseAttributes(...)');
    }
  }

  /** The adopted deployment's files must not lie where this database writes. */
  private validateLegacyEvents(legacy: LegacyEventsOptions, ownBucket: s3.IBucket | undefined): void {
    validateLegacyEventsOptions('EventsDatabase: legacyEvents', legacy);
    const legacyPrefix = legacy.prefix ?? EVENTS_PREFIX;
    const overlaps = [EVENTS_PREFIX, RAW_PREFIX, ERRORS_PREFIX]
      .some(p => !Token.isUnresolved(legacyPrefix) && (legacyPrefix.startsWith(p) || p.startsWith(legacyPrefix)));
    const sameBucket = ownBucket !== undefined && (legacy.bucket === ownBucket
      || (!Token.isUnresolved(legacy.bucket.bucketName) && legacy.bucket.bucketName === ownBucket.bucketName));
    if (sameBucket && overlaps) {
      throw new Error(`EventsDatabase: legacyEvents.prefix '${legacyPrefix}' overlaps where this database writes in the same bucket `
        + `(${EVENTS_PREFIX}, ${RAW_PREFIX}, ${ERRORS_PREFIX}): the views would read new events twice and old files as new ones. `
        + 'Use EventsBucket.create() (a new bucket), or move the old files under another prefix');
    }
  }
}

function validateBuffering(props: EventsDatabaseProps): void {
  const size = props.bufferingSize;
  const iceberg = props.tableFormat === TableFormat.ICEBERG;
  const min = iceberg ? MIN_ICEBERG_BUFFER : MIN_CONVERSION_BUFFER;
  if (size && !size.isUnresolved()
    && (size.toMebibytes() < min.toMebibytes() || size.toMebibytes() > MAX_BUFFER.toMebibytes())) {
    throw new Error(`EventsDatabase: bufferingSize ${size.toMebibytes()} MiB is out of range: Firehose needs `
      + `${min.toMebibytes()} to ${MAX_BUFFER.toMebibytes()} MiB `
      + (iceberg ? 'for an Iceberg table' : 'when it converts records to Parquet'));
  }
  const interval = props.bufferingInterval;
  if (interval && !interval.isUnresolved() && interval.toSeconds() > MAX_BUFFER_INTERVAL.toSeconds()) {
    throw new Error(`EventsDatabase: bufferingInterval ${interval.toSeconds()} s is out of range: Firehose allows 0 to 900 seconds`);
  }
}

import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EVENTS_PREFIX, HOUR_FOLDER_PATTERN, parseHour } from './layout';
import { toGlueColumn } from './private/glue-columns';
import { DEFAULT_EARLIEST_HOUR, partitionProjectionParameters } from '../partitions/partition-projection';
import { checkCatalogName, checkKeyPrefix } from '../private/rules';
import { EVENTS_TABLE_NAME } from '../schema/event-schema';
import { LEGACY_EVENT_COLUMNS, LEGACY_EVENTS_TABLE_NAME, LEGACY_PARTITION_KEYS } from '../schema/legacy-schema';
import { ALL_STANDARD_VIEWS } from '../views/view-catalog';

/**
 * Where a deployment of the Digital User Engagement Events Database keeps its events, for an events database
 * that adopts it: its Parquet files stay where they are and the views read them with the new events.
 */
export interface LegacyEventsOptions {
  /** The old deployment's events bucket (e.g. `s3.Bucket.fromBucketName(this, 'Old', 'due-eventdb-...')`). */
  readonly bucket: s3.IBucket;

  /**
   * Where its hour folders (`yyyy/MM/dd/HH/`) start in the bucket: ends with `/`, does not start with `/`.
   * @default 'events/'
   */
  readonly prefix?: string;

  /**
   * The first hour (UTC, `yyyy/MM/dd/HH`) the table projects: the hour the old deployment started writing,
   * or earlier. Hours before it are not read.
   * @default '2020/01/01/00'
   */
  readonly earliestHour?: string;

  /**
   * The last hour (UTC, `yyyy/MM/dd/HH`) the table projects. Once the old deployment no longer writes, set it
   * to its last hour, so that a query without an `ingest_timestamp` filter does not list every empty hour since.
   * @default 'NOW' (the current hour: the old deployment may still be writing)
   */
  readonly latestHour?: string;

  /**
   * Name of the Glue table over the old files, in the events database's Glue database.
   * @default 'all_events_legacy'
   */
  readonly tableName?: string;

  /**
   * The customer managed key the old bucket's objects are encrypted with; query grants get `kms:Decrypt` on it.
   * @default - the objects use S3-managed encryption
   */
  readonly encryptionKey?: kms.IKey;
}

/** Properties of a `LegacyEventsTable`. */
export interface LegacyEventsTableProps extends LegacyEventsOptions {
  /** The Glue database the table is created in (the events database's). */
  readonly database: glue.IDatabase;

  /**
   * Removal policy of the Glue table (never of the bucket, which this construct does not own).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A Glue table over the Parquet files of a Digital User Engagement Events Database deployment, with that
 * solution's table schema (the Pinpoint record with `metrics` a struct of the SMS price). Athena projects
 * its `ingest_timestamp` hours from the `yyyy/MM/dd/HH` folders, so history that no longer grows needs no
 * partition registration. `EventViews` given its name read its rows as `all_events` rows.
 */
export class LegacyEventsTable extends Construct {
  /** The Glue table. */
  public readonly table: glue.S3Table;
  /** Name of the Glue table. */
  public readonly tableName: string;
  /** The old deployment's bucket. */
  public readonly bucket: s3.IBucket;
  /** Where the hour folders start in the bucket. */
  public readonly prefix: string;
  /** The key the old objects are encrypted with, if any. */
  public readonly encryptionKey?: kms.IKey;

  /**
   * @param scope the construct to add the legacy events table to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: LegacyEventsTableProps) {
    super(scope, id);
    validateLegacyEventsOptions('LegacyEventsTable', props);
    this.tableName = props.tableName ?? LEGACY_EVENTS_TABLE_NAME;
    this.bucket = props.bucket;
    this.prefix = props.prefix ?? EVENTS_PREFIX;
    this.encryptionKey = props.encryptionKey;

    this.table = new glue.S3Table(this, 'Table', {
      database: props.database,
      tableName: this.tableName,
      description: 'Events of an adopted Digital User Engagement Events Database deployment, in its table schema',
      columns: LEGACY_EVENT_COLUMNS.map(toGlueColumn),
      partitionKeys: LEGACY_PARTITION_KEYS.map(toGlueColumn),
      dataFormat: glue.DataFormat.PARQUET,
      storage: glue.S3TableStorage.fromBucket(this.bucket),
      s3Prefix: this.prefix,
      compressed: true,
      parameters: {
        'parquet.compression': 'SNAPPY',
        ...partitionProjectionParameters(this.bucket.bucketName, this.prefix, props.earliestHour ?? DEFAULT_EARLIEST_HOUR, props.latestHour ?? 'NOW'),
      },
    });
    this.table.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
  }

  /** Lets `grantee` read the old Parquet files (and decrypt them with `encryptionKey`). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const grant = this.bucket.grantRead(grantee, `${this.prefix}*`);
    this.encryptionKey?.grantDecrypt(grantee);
    return grant;
  }
}

/** Checks the options, naming the prop and the rule; `owner` prefixes the message (e.g. `EventsDatabase: legacyEvents`). */
export function validateLegacyEventsOptions(owner: string, options: LegacyEventsOptions): void {
  if (options.prefix !== undefined) {
    checkKeyPrefix(`${owner}: prefix`, options.prefix);
  }
  const earliestHour = options.earliestHour ?? DEFAULT_EARLIEST_HOUR;
  const earliest = parseHour(earliestHour);
  if (earliest === undefined) {
    throw new Error(`${owner}: earliestHour '${earliestHour}' is invalid: it must be an hour written ${HOUR_FOLDER_PATTERN} (UTC), e.g. 2021/03/01/00`);
  }
  const latestHour = options.latestHour;
  if (latestHour !== undefined && latestHour !== 'NOW') {
    const latest = parseHour(latestHour);
    if (latest === undefined || latest < earliest) {
      throw new Error(`${owner}: latestHour '${latestHour}' is invalid: it must be 'NOW' or an hour written ${HOUR_FOLDER_PATTERN} (UTC), `
        + `not before earliestHour '${earliestHour}'`);
    }
  }
  const name = options.tableName;
  if (name !== undefined && !Token.isUnresolved(name)) {
    checkCatalogName(`${owner}: tableName`, name);
    if (name === EVENTS_TABLE_NAME) {
      throw new Error(`${owner}: tableName '${name}' is taken by the events table; choose another name, e.g. '${LEGACY_EVENTS_TABLE_NAME}'`);
    }
    if (ALL_STANDARD_VIEWS.some(v => v.name === name)) {
      throw new Error(`${owner}: tableName '${name}' is taken by a standard view; choose another name, e.g. '${LEGACY_EVENTS_TABLE_NAME}'`);
    }
  }
}

import { Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ICEBERG_NAMED_QUERIES, NAMED_QUERIES } from './named-queries';
import { IEventsDatabase } from '../database/events-database-ref';
import { grantKeyThroughServices } from '../database/private/grants';
import { TableFormat } from '../database/table-format';
import { checkDatabaseGiven, checkLifecycleDays } from '../private/rules';

/** Props of `AnalyticsWorkgroup`. */
export interface AnalyticsWorkgroupProps {
  /** The events database the workgroup queries; the named queries run in its Glue database. */
  readonly database: IEventsDatabase;
  /**
   * Name of the Athena workgroup.
   * @default - a name unique to this construct in its stack
   */
  readonly workGroupName?: string;
  /**
   * Bucket for query results (under `results/`). A bucket you bring keeps its own lifecycle rules.
   * @default - an encrypted, private bucket whose results expire after `resultsExpiration`
   */
  readonly resultsBucket?: s3.IBucket;
  /**
   * How long query results are kept in the bucket this construct creates, in whole days.
   * @default Duration.days(30)
   */
  readonly resultsExpiration?: Duration;
  /**
   * Customer managed key that encrypts query results (SSE-KMS) and the results bucket it creates.
   * @default - results encrypted with S3 managed keys (SSE-S3)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Cancel any query that would scan more than this many bytes (at least 10 MB, 10,000,000 bytes).
   * @default - no limit
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * Save the reference analyses (SMS cost, engagement by subject, campaign engagement, bounce, complaint,
   * open and click monitoring, ...) as named queries in the workgroup; with an Iceberg table
   * (`TableFormat.ICEBERG`), also the erasure of one email address's or phone number's events.
   * @default true
   */
  readonly namedQueries?: boolean;
  /**
   * Bucket for the server access logs of the results bucket this construct creates.
   * @default - no server access logs (query results are transient; Athena's CloudTrail events record every query)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
  /**
   * What happens to the results bucket this construct creates when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Prefix of query results in the results bucket. */
const RESULTS_PREFIX = 'results/';
const MIN_BYTES_SCANNED_CUTOFF = 10_000_000;
const WORKGROUP_NAME_PATTERN = /^[a-zA-Z0-9._-]{1,128}$/;

/**
 * An Athena workgroup for the events database: engine version 3, encrypted results in a bucket where they
 * expire, the workgroup's settings enforced on every query, an optional per-query scan limit, and the
 * reference analyses saved as named queries.
 */
export class AnalyticsWorkgroup extends Construct {
  /** The Athena workgroup. */
  public readonly workGroup: athena.CfnWorkGroup;
  /** Name of the workgroup. */
  public readonly workGroupName: string;
  /** The bucket query results are written to. */
  public readonly resultsBucket: s3.IBucket;
  /** The named queries, in the order of the reference analyses (empty when `namedQueries` is false). */
  public readonly namedQueries: athena.CfnNamedQuery[] = [];

  /** The events database the workgroup queries. */
  public readonly database: IEventsDatabase;
  private readonly encryptionKey?: kms.IKey;

  /**
   * @param scope the construct to add the workgroup to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: AnalyticsWorkgroupProps) {
    super(scope, id);
    checkDatabaseGiven(this, 'AnalyticsWorkgroup', props?.database);
    this.database = props.database;
    this.encryptionKey = props.encryptionKey;
    checkLifecycleDays(`AnalyticsWorkgroup ${this.node.path}: resultsExpiration`, props.resultsExpiration);

    const cutoff = props.bytesScannedCutoffPerQuery;
    if (cutoff !== undefined && (!Number.isInteger(cutoff) || cutoff < MIN_BYTES_SCANNED_CUTOFF)) {
      throw new Error(`AnalyticsWorkgroup: bytesScannedCutoffPerQuery ${cutoff} is invalid: it must be an integer of at least ${MIN_BYTES_SCANNED_CUTOFF} (10 MB)`);
    }
    this.workGroupName = props.workGroupName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    if (!WORKGROUP_NAME_PATTERN.test(this.workGroupName)) {
      throw new Error(`AnalyticsWorkgroup: workGroupName '${this.workGroupName}' is invalid: use 1 to 128 letters, digits, '.', '_' or '-'`);
    }
    const expiration = props.resultsExpiration ?? Duration.days(30);
    if (props.resultsBucket && props.resultsExpiration) {
      throw new Error('AnalyticsWorkgroup: resultsExpiration applies only to the results bucket this construct creates; set the lifecycle of your own resultsBucket instead');
    }

    if (props.resultsBucket) {
      this.resultsBucket = props.resultsBucket;
    } else {
      const bucket = new s3.Bucket(this, 'ResultsBucket', {
        encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
        encryptionKey: props.encryptionKey,
        bucketKeyEnabled: props.encryptionKey ? true : undefined,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        serverAccessLogsBucket: props.serverAccessLogsBucket,
        serverAccessLogsPrefix: props.serverAccessLogsBucket ? 'athena-results/' : undefined,
        lifecycleRules: [{ expiration, abortIncompleteMultipartUploadAfter: Duration.days(1) }],
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      if (!props.serverAccessLogsBucket) {
        Validations.of(bucket).acknowledge({
          id: 'AwsSolutions-S1',
          reason: 'Athena query results are transient and expire; CloudTrail records every query that writes them. Pass serverAccessLogsBucket to log access.',
        });
      }
      this.resultsBucket = bucket;
    }

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: this.workGroupName,
      description: `Queries over the engagement events database ${this.database.databaseName}`,
      state: 'ENABLED',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: this.resultsBucket.s3UrlForObject(RESULTS_PREFIX),
          encryptionConfiguration: props.encryptionKey
            ? { encryptionOption: 'SSE_KMS', kmsKey: props.encryptionKey.keyArn }
            : { encryptionOption: 'SSE_S3' },
        },
      },
    });
    this.node.defaultChild = this.workGroup;

    if (props.namedQueries ?? true) {
      // Resource IDs go by position: queries are only ever added at the end.
      const queries = [...NAMED_QUERIES, ...this.database.tableFormat === TableFormat.ICEBERG ? ICEBERG_NAMED_QUERIES : []];
      queries.forEach((query, index) => {
        const namedQuery = new athena.CfnNamedQuery(this, `Query${index + 1}`, {
          name: query.name,
          description: query.description,
          database: this.database.databaseName,
          queryString: query.sql,
          workGroup: this.workGroup.ref,
        });
        this.namedQueries.push(namedQuery);
      });
    }
  }

  /** The workgroup's ARN. */
  public get workGroupArn(): string {
    return Stack.of(this).formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroupName });
  }

  /**
   * Lets `grantee` run queries in this workgroup over the events database: start, stop and read queries and
   * the named queries of the workgroup, write and read results, and read the events (through the database's
   * `grantQuery`).
   */
  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: [
        'athena:StartQueryExecution', 'athena:StopQueryExecution', 'athena:GetQueryExecution',
        'athena:GetQueryResults', 'athena:GetQueryResultsStream', 'athena:ListQueryExecutions',
        'athena:GetWorkGroup', 'athena:BatchGetQueryExecution', 'athena:GetNamedQuery',
        'athena:ListNamedQueries', 'athena:BatchGetNamedQuery',
      ],
      resourceArns: [this.workGroupArn],
    });
    // What Athena does with the caller's permissions to write and read results.
    iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resourceArns: [this.resultsBucket.bucketArn],
      resource: this.resultsBucket,
    });
    iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resourceArns: [this.resultsBucket.arnForObjects(`${RESULTS_PREFIX}*`)],
      resource: this.resultsBucket,
    });
    const resultsKey = this.encryptionKey ?? this.resultsBucket.encryptionKey;
    if (resultsKey) {
      grantKeyThroughServices(grantee, resultsKey, ['kms:Decrypt', 'kms:GenerateDataKey'], ['s3', 'athena']);
    }
    this.database.grantQuery(grantee);
    return grant;
  }
}

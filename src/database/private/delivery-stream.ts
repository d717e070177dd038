import { ArnFormat, Duration, Size, Stack, Token, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { arnAsNagNamesIt } from '../../private/nag-names';
import { columnToJsonKeyMappings } from '../../schema/event-schema';
import { ERRORS_PREFIX, EVENTS_PREFIX, FIREHOSE_ERRORS_PREFIX, FIREHOSE_EVENTS_PREFIX, FIREHOSE_RAW_PREFIX, RAW_PREFIX } from '../layout';

/**
 * The data Firehose gathers before it invokes the record processor. Lambda answers a synchronous invocation with at
 * most 6 MB, and the processor answers with every record normalized, base64-encoded as it came: realistic records
 * grow at most 1.6× (End User Messaging SMS; SES 1.1×, Pinpoint 1×: benchmarks/processor.ts), so a 1 MB batch,
 * about 1.5 MB as Lambda receives it, is answered in 2.2 MB at most. No batch size bounds every input (one record
 * may be 1,000 KiB, and a malformed one can grow five-fold), so the processor also keeps its response within the
 * limit itself: records that would cross it go to the error prefix with their original data (RESPONSE_LIMIT_BYTES).
 */
const PROCESSOR_BUFFER_SIZE = Size.mebibytes(1);
const PROCESSOR_BUFFER_INTERVAL = Duration.seconds(60);

/** What the delivery stream writes to and through. */
export interface EventsDeliveryStreamProps {
  readonly bucket: s3.IBucket;
  /** The key that encrypts the bucket: objects are written with it. */
  readonly encryptionKey?: kms.IKey;
  /** The key that encrypts the stream's log group, when CloudWatch Logs may use it. */
  readonly logsEncryptionKey?: kms.IKey;
  /** The table whose schema the Parquet conversion applies; none when Firehose writes `iceberg`. */
  readonly table?: glue.S3Table;
  /** The Iceberg table Firehose writes directly, instead of converting records to Parquet files. */
  readonly iceberg?: IcebergDestinationTable;
  /** Normalizes records before conversion, when record processing is on. */
  readonly recordProcessor?: lambda.IFunction;
  readonly bufferingSize: Size;
  readonly bufferingInterval: Duration;
}

/** The Iceberg table of an events database, where Firehose writes it. */
export interface IcebergDestinationTable {
  readonly databaseName: string;
  readonly tableName: string;
  readonly tableArn: string;
  readonly database: glue.IDatabase;
}

/**
 * The delivery stream: records normalized by the processor, converted to Snappy Parquet with the table as
 * schema (or, with `iceberg`, written into the Iceberg table), and every source record kept as it arrived (gzip
 * JSON) beside the events.
 */
export function createEventsDeliveryStream(scope: Construct, props: EventsDeliveryStreamProps): firehose.DeliveryStream {
  const destination = new ExplicitlyGrantedS3Destination(props, {
    dataOutputPrefix: FIREHOSE_EVENTS_PREFIX,
    errorOutputPrefix: FIREHOSE_ERRORS_PREFIX,
    bufferingSize: props.bufferingSize,
    bufferingInterval: props.bufferingInterval,
    encryptionKey: props.encryptionKey,
    processors: props.recordProcessor ? [new firehose.LambdaFunctionProcessor(props.recordProcessor, {
      bufferInterval: PROCESSOR_BUFFER_INTERVAL,
      bufferSize: PROCESSOR_BUFFER_SIZE,
      retries: 3,
    })] : undefined,
    dataFormatConversion: props.table && {
      schemaConfiguration: firehose.SchemaConfiguration.fromCfnTable(props.table.node.defaultChild as glue.CfnTable),
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
      bucket: props.bucket,
      dataOutputPrefix: FIREHOSE_RAW_PREFIX,
      errorOutputPrefix: FIREHOSE_ERRORS_PREFIX,
      encryptionKey: props.encryptionKey,
      compression: firehose.Compression.GZIP,
      bufferingInterval: props.bufferingInterval,
      bufferingSize: Size.mebibytes(64),
    },
  });
  const stream = new firehose.DeliveryStream(scope, 'DeliveryStream', {
    encryption: firehose.StreamEncryption.awsOwnedKey(),
    destination,
  });
  if (destination.icebergConfiguration) {
    // aws-cdk-lib's destinations are S3 and HTTP endpoints only: the Iceberg one is set on the resource.
    (stream.node.defaultChild as firehose.CfnDeliveryStream).icebergDestinationConfiguration = destination.icebergConfiguration;
  }
  acknowledgeNagFindings(stream, props);
  acknowledgeCidrMapping(Stack.of(scope));
  return stream;
}

/**
 * aws-cdk-lib's S3 destination, with the role Firehose assumes and the stream's log group declared here. The
 * destination grants its role `grantReadWrite` on the bucket (deleting objects, setting their retention and legal
 * hold included) and the bucket key's encrypt and decrypt without conditions; here the role takes none of those
 * grants (it is passed as an immutable role, which drops them) and gets instead an explicit policy with what
 * Firehose needs, scoped to the prefixes it writes, and a trust that only this account can use.
 *
 * The role and log group are created under the IDs aws-cdk-lib gives them, so that their logical IDs do not change.
 */
class ExplicitlyGrantedS3Destination implements firehose.IDestination {
  /** With `iceberg`, the Iceberg destination made from the S3 one when bound. */
  public icebergConfiguration?: firehose.CfnDeliveryStream.IcebergDestinationConfigurationProperty;

  constructor(private readonly props: EventsDeliveryStreamProps, private readonly options: Omit<firehose.S3BucketProps, 'role'>) {}

  public bind(scope: Construct, options: firehose.DestinationBindOptions): firehose.DestinationConfig {
    const role = new iam.Role(scope, 'S3 Destination Role', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', {
        // The stream's ARN would make the role and the stream depend on each other; the account is known.
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
      }),
    });
    // Found by aws-cdk-lib's destination under this ID and used for its log streams.
    const logGroup = new logs.LogGroup(scope, 'LogGroup', {
      retention: logs.RetentionDays.TWO_YEARS,
      encryptionKey: this.props.logsEncryptionKey,
    });
    const config = new firehose.S3Bucket(this.props.bucket, { ...this.options, role: role.withoutPolicyUpdates() }).bind(scope, options);
    const policy = firehoseStatements(this.props, logGroup).map(statement => role.addToPrincipalPolicy(statement).policyDependable!);
    // Firehose checks the role's permissions when the stream is created.
    const dependables = [...config.dependables ?? [], ...policy];
    if (this.props.iceberg) {
      this.icebergConfiguration = icebergDestination(config.extendedS3DestinationConfiguration!, this.props.iceberg);
      return { dependables };
    }
    return { ...config, dependables };
  }
}

/**
 * The Iceberg destination with what the S3 destination would have had: the role, buffering, logging and record
 * processor, and as its S3 configuration the raw copy of every source record (`AllData`, gzip JSON under
 * `raw/`) and the error output (under `errors/`), exactly where the Parquet format keeps them.
 */
function icebergDestination(s3Destination: firehose.CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty,
  table: IcebergDestinationTable): firehose.CfnDeliveryStream.IcebergDestinationConfigurationProperty {
  const stack = Stack.of(table.database);
  return {
    roleArn: s3Destination.roleArn,
    // Firehose only ever inserts the events: no update or delete is routed through the stream.
    appendOnly: true,
    catalogConfiguration: { catalogArn: stack.formatArn({ service: 'glue', resource: 'catalog', arnFormat: ArnFormat.NO_RESOURCE_NAME }) },
    destinationTableConfigurationList: [{ destinationDatabaseName: table.databaseName, destinationTableName: table.tableName }],
    bufferingHints: s3Destination.bufferingHints,
    cloudWatchLoggingOptions: s3Destination.cloudWatchLoggingOptions,
    processingConfiguration: s3Destination.processingConfiguration,
    s3BackupMode: 'AllData',
    s3Configuration: s3Destination.s3BackupConfiguration as firehose.CfnDeliveryStream.S3DestinationConfigurationProperty,
  };
}

/**
 * What Firehose needs to write the events bucket, read the table schema, invoke the processor and log, as the
 * Firehose developer guide lists it for an S3 destination with format conversion.
 */
function firehoseStatements(props: EventsDeliveryStreamProps, logGroup: logs.ILogGroup): iam.PolicyStatement[] {
  const { bucket, encryptionKey, table, iceberg, recordProcessor } = props;
  const stack = Stack.of(logGroup);
  const catalogArn = stack.formatArn({ service: 'glue', resource: 'catalog', arnFormat: ArnFormat.NO_RESOURCE_NAME });
  const tableStatements = iceberg ? [
    // Firehose reads the table's schema and commits each buffer's data files as a new snapshot.
    new iam.PolicyStatement({
      sid: 'WriteTheIcebergTable',
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable'],
      resources: [catalogArn, iceberg.database.databaseArn, iceberg.tableArn],
    }),
    // Iceberg's writer removes the data files of a commit that failed.
    new iam.PolicyStatement({
      sid: 'RemoveUncommittedDataFiles',
      actions: ['s3:DeleteObject'],
      resources: [bucket.arnForObjects(`${EVENTS_PREFIX}*`)],
    }),
  ] : [
    new iam.PolicyStatement({
      sid: 'ReadTheTableSchema',
      actions: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      resources: [catalogArn, table!.database.databaseArn, table!.tableArn],
    }),
    // Part of the guide's policy for format conversion; the action has no resource-level permissions.
    new iam.PolicyStatement({ sid: 'ReadSchemaVersions', actions: ['glue:GetSchemaVersion'], resources: ['*'] }),
  ];
  const statements = [
    new iam.PolicyStatement({
      sid: 'ListTheEventsBucket',
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [bucket.bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'WriteEventsRawCopiesAndErrors',
      actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
      resources: [EVENTS_PREFIX, RAW_PREFIX, ERRORS_PREFIX].map(prefix => bucket.arnForObjects(`${prefix}*`)),
    }),
    ...tableStatements,
    new iam.PolicyStatement({
      sid: 'LogDeliveryErrors',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logGroup.logGroupArn],
    }),
  ];
  if (encryptionKey) {
    statements.push(new iam.PolicyStatement({
      sid: 'EncryptObjectsThroughS3',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [encryptionKey.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` },
        // The bucket's ARN with S3 Bucket Keys, the object's without.
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucket.bucketArn, bucket.arnForObjects('*')] },
      },
    }));
  }
  if (recordProcessor) {
    statements.push(new iam.PolicyStatement({
      sid: 'InvokeTheRecordProcessor',
      actions: ['lambda:InvokeFunction'],
      resources: [recordProcessor.functionArn, `${recordProcessor.functionArn}:*`],
    }));
  }
  return statements;
}

/**
 * The wildcards left in the Firehose role's policy, each acknowledged here with its reason, so that users running
 * cdk-nag see only what their own code produces.
 */
function acknowledgeNagFindings(stream: firehose.DeliveryStream, props: EventsDeliveryStreamProps): void {
  const findings: Record<string, string> = props.iceberg ? {} : {
    'Resource::*': 'glue:GetSchemaVersion has no resource-level permissions; Firehose reads the table schema with it',
  };
  const bucketArn = arnAsNagNamesIt(stream, props.bucket.bucketArn);
  for (const prefix of [EVENTS_PREFIX, RAW_PREFIX, ERRORS_PREFIX]) {
    findings[`Resource::${bucketArn}/${prefix}*`] = `Firehose writes objects under ${prefix} of the events bucket, one per buffer, under names it makes`;
  }
  if (props.recordProcessor) {
    const processorArn = arnAsNagNamesIt(stream, props.recordProcessor.functionArn);
    findings[`Resource::${processorArn}:*`] = 'Firehose invokes the record processor function, any of its versions';
  }
  for (const [finding, reason] of Object.entries(findings)) {
    Validations.of(stream).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}

/** cfn-lint's rule that a template's mappings are used. */
const UNUSED_MAPPING_RULE = 'W7001';

/**
 * aws-cdk-lib's Firehose module gives every stack with a delivery stream a mapping of Firehose's CIDR blocks per
 * region (for the stream's `connections`), and writes it into the template whenever the stack's region is known
 * only at deployment, used or not. cfn-lint then warns that the mapping is unused. cfn-lint reads acknowledgements
 * from resources and from the template's metadata, never from a mapping, so the rule is acknowledged for the
 * template, added to any the stack already ignores.
 */
function acknowledgeCidrMapping(stack: Stack): void {
  if (!Token.isUnresolved(stack.region)) {
    return; // The module looks the region up at synthesis and writes no mapping.
  }
  const cfnLint = stack.templateOptions.metadata?.['cfn-lint'] ?? {};
  const ignored: string[] = cfnLint.config?.ignore_checks ?? [];
  if (!ignored.includes(UNUSED_MAPPING_RULE)) {
    stack.addMetadata('cfn-lint', { ...cfnLint, config: { ...cfnLint.config, ignore_checks: [...ignored, UNUSED_MAPPING_RULE] } });
  }
}

import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { arnAsNagNamesIt } from '../../private/nag-names';
import { EVENT_COLUMNS, EVENTS_TABLE_NAME, INGEST_TIMESTAMP, toIcebergFields } from '../../schema/event-schema';
import { EVENTS_PREFIX } from '../layout';

/**
 * The columns of the Iceberg `all_events`: the table's columns, then `ingest_timestamp`, which on Iceberg is a
 * column the rows carry (the record processor writes it) rather than a folder, and the source of the hidden
 * hour partition.
 */
export const ICEBERG_EVENT_COLUMNS = [...EVENT_COLUMNS, INGEST_TIMESTAMP];

/** The hidden partition: the hour of `ingest_timestamp`, i.e. one partition per arrival hour. */
export const ICEBERG_PARTITION_TRANSFORM = 'hour';

/** How long the table keeps snapshots: time travel, and the rows deleted since, which stay in S3 until then. */
export const SNAPSHOT_RETENTION = Duration.days(7);
/** How old a file no snapshot references must be before it is deleted (younger ones may be a commit under way). */
export const ORPHAN_FILE_RETENTION = Duration.days(3);

/** The Glue table optimizers created for the Iceberg table, by their `Type`. */
export const TABLE_OPTIMIZER_TYPES = ['compaction', 'retention', 'orphan_file_deletion'] as const;

export interface IcebergEventsTableProps {
  readonly database: glue.Database;
  readonly bucket: s3.IBucket;
  readonly encryptionKey?: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
}

/** The S3 location of the Iceberg table: its data files and metadata live under the events prefix. */
export function icebergTableLocation(bucket: s3.IBucket): string {
  return `s3://${bucket.bucketName}/${EVENTS_PREFIX}`;
}

/**
 * `all_events` as an Iceberg v2 table, declared whole in CloudFormation: the Glue Data Catalog writes its first
 * metadata file (schema, hour partition spec, properties) when the stack creates it, so no Athena DDL or custom
 * resource is needed. Every field comes from the one declaration of the columns (`toIcebergFields`); the Glue
 * `IcebergStructField.Type` is a string in CloudFormation, so a nested type is given as its Iceberg JSON text.
 */
export function createIcebergEventsTable(scope: Construct, props: IcebergEventsTableProps): glue.CfnTable {
  const fields = toIcebergFields(ICEBERG_EVENT_COLUMNS);
  const ingest = fields.find(f => f.name === INGEST_TIMESTAMP.name)!;
  const table = new glue.CfnTable(scope, 'IcebergTable', {
    catalogId: Stack.of(scope).account,
    databaseName: props.database.databaseName,
    tableInput: {
      name: EVENTS_TABLE_NAME,
      description: 'Customer-engagement events, one row per event, in the Pinpoint event record shape (Apache Iceberg)',
      tableType: 'EXTERNAL_TABLE',
    },
    openTableFormatInput: {
      icebergInput: {
        metadataOperation: 'CREATE',
        version: '2',
        icebergTableInput: {
          location: icebergTableLocation(props.bucket),
          schema: {
            schemaId: 0,
            type: 'struct',
            fields: fields.map(f => ({
              id: f.id,
              name: f.name,
              required: f.required,
              type: typeof f.type === 'string' ? f.type : JSON.stringify(f.type),
              doc: f.doc,
            })),
          },
          partitionSpec: {
            specId: 0,
            fields: [{ sourceId: ingest.id, transform: ICEBERG_PARTITION_TRANSFORM, name: `${INGEST_TIMESTAMP.name}_hour`, fieldId: 1000 }],
          },
          properties: {
            'write.format.default': 'parquet',
            'write.parquet.compression-codec': 'snappy',
            // Deletes write delete files (merge-on-read), which compaction later folds into the data files.
            'write.delete.mode': 'merge-on-read',
          },
        },
      },
    },
  });
  table.addResourceDependency(props.database.node.defaultChild as glue.CfnDatabase);
  table.applyRemovalPolicy(props.removalPolicy);
  return table;
}

/**
 * The Glue table optimizers of the Iceberg table, with the role they run as: compaction (Firehose writes one
 * small file per buffer), snapshot retention (expires snapshots older than `SNAPSHOT_RETENTION` and deletes the
 * files only they referenced: the data files of erased rows included), and orphan file deletion.
 */
export function createTableOptimizers(scope: Construct, table: glue.CfnTable, props: IcebergEventsTableProps): glue.CfnTableOptimizer[] {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'TableOptimizerRole', {
    assumedBy: new iam.ServicePrincipal('glue.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }),
    description: 'Compacts the events table, expires its snapshots and deletes its orphan files (Glue table optimizers)',
  });
  // The log groups Glue writes each optimizer's runs to.
  const logGroupArns = Object.fromEntries(['compaction', 'retention', 'orphan-file-deletion'].map(kind => [kind,
    stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: `/aws-glue/iceberg-${kind}/logs:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME })]));
  const tableArn = stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${props.database.databaseName}/${EVENTS_TABLE_NAME}` });
  const statements = [
    new iam.PolicyStatement({
      sid: 'ListTheEventsBucket',
      actions: ['s3:GetBucketLocation', 's3:ListBucket'],
      resources: [props.bucket.bucketArn],
    }),
    new iam.PolicyStatement({
      sid: 'RewriteTheTableFiles',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: [props.bucket.arnForObjects(`${EVENTS_PREFIX}*`)],
    }),
    new iam.PolicyStatement({
      sid: 'CommitToTheTable',
      actions: ['glue:GetTable', 'glue:UpdateTable'],
      resources: [stack.formatArn({ service: 'glue', resource: 'catalog', arnFormat: ArnFormat.NO_RESOURCE_NAME }), props.database.databaseArn, tableArn],
    }),
    new iam.PolicyStatement({
      sid: 'LogTheOptimizerRuns',
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: Object.values(logGroupArns),
    }),
  ];
  if (props.encryptionKey) {
    statements.push(new iam.PolicyStatement({
      sid: 'EncryptObjectsThroughS3',
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [props.encryptionKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
    }));
  }
  const policy = new iam.Policy(scope, 'TableOptimizerPolicy', { statements, roles: [role] });
  const findings: Record<string, string> = {
    [`Resource::${arnAsNagNamesIt(scope, props.bucket.bucketArn)}/${EVENTS_PREFIX}*`]:
      `The optimizers rewrite, expire and delete the table's data and metadata files under ${EVENTS_PREFIX}, under names Iceberg makes`,
  };
  for (const [kind, arn] of Object.entries(logGroupArns)) {
    findings[`Resource::${arnAsNagNamesIt(scope, arn)}`] = `Glue writes the ${kind} optimizer's runs to log streams it names in its own log group`;
  }
  for (const [finding, reason] of Object.entries(findings)) {
    Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }

  return TABLE_OPTIMIZER_TYPES.map(type => {
    const optimizer = new glue.CfnTableOptimizer(scope, `TableOptimizer-${type}`, {
      catalogId: stack.account,
      databaseName: props.database.databaseName,
      tableName: EVENTS_TABLE_NAME,
      type,
      tableOptimizerConfiguration: {
        enabled: true,
        roleArn: role.roleArn,
        ...(type === 'retention' ? {
          retentionConfiguration: {
            icebergConfiguration: {
              snapshotRetentionPeriodInDays: SNAPSHOT_RETENTION.toDays(),
              numberOfSnapshotsToRetain: 1,
              cleanExpiredFiles: true,
            },
          },
        } : {}),
        ...(type === 'orphan_file_deletion' ? {
          orphanFileDeletionConfiguration: {
            icebergConfiguration: { orphanFileRetentionPeriodInDays: ORPHAN_FILE_RETENTION.toDays(), location: icebergTableLocation(props.bucket) },
          },
        } : {}),
      },
    });
    optimizer.addResourceDependency(table);
    optimizer.node.addDependency(policy);
    return optimizer;
  });
}

/**
 * `tableFormat: TableFormat.ICEBERG`: the Iceberg table declared in the template with its hour partition, the
 * Firehose Iceberg destination with the record processor, raw copy and error output, the Glue table optimizers
 * and their role, no partition registrar, and views that declare `ingest_timestamp` as Iceberg holds it.
 */
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AnalyticsWorkgroup, EventsBucket, EventsDatabase, EventsDatabaseProps, EventViews, PartitionStrategy, TableFormat } from '../../src';
import { ERRORS_PREFIX, EVENTS_PREFIX, RAW_PREFIX } from '../../src/database/layout';
import { ICEBERG_EVENT_COLUMNS } from '../../src/database/private/iceberg-table';
import { ICEBERG_ROWS_ENV } from '../../src/database/record-processing';
import { EVENT_COLUMNS, toIcebergFields } from '../../src/schema/event-schema';
import { ICEBERG_NAMED_QUERIES, NAMED_QUERIES } from '../../src/views/named-queries';
import { expectCompliant } from '../support/compliance';
import { decodePrestoView } from '../trino/glue-catalog';

function synth(props: EventsDatabaseProps = {}): { stack: Stack; db: EventsDatabase; template: Template } {
  const stack = new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
  const db = new EventsDatabase(stack, 'Events', { tableFormat: TableFormat.ICEBERG, ...props });
  return { stack, db, template: Template.fromStack(stack) };
}

const only = (template: Template, type: string): any => {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
};

describe('EventsDatabase with tableFormat ICEBERG', () => {
  const { stack, db, template } = synth();
  const glueTables = Object.values(template.findResources('AWS::Glue::Table')).map((r: any) => r.Properties);
  const icebergTable = glueTables.find(t => t.OpenTableFormatInput)!;
  const icebergInput = icebergTable.OpenTableFormatInput.IcebergInput;

  test('declares all_events as an Iceberg v2 table under events/, hidden-partitioned by the hour of ingest_timestamp', () => {
    expect(icebergTable.TableInput.Name).toBe('all_events');
    expect(icebergInput).toMatchObject({ MetadataOperation: 'CREATE', Version: '2' });
    const input = icebergInput.IcebergTableInput;
    expect(input.Location).toEqual({ 'Fn::Join': ['', ['s3://', { Ref: stack.getLogicalId(db.bucket.node.defaultChild as any) }, `/${EVENTS_PREFIX}`]] });
    const ingest = input.Schema.Fields.find((f: any) => f.Name === 'ingest_timestamp');
    expect(ingest).toMatchObject({ Type: 'timestamp', Required: false });
    expect(input.PartitionSpec.Fields).toEqual([{ SourceId: ingest.Id, Transform: 'hour', Name: 'ingest_timestamp_hour', FieldId: 1000 }]);
    expect(input.Properties['write.format.default']).toBe('parquet');
  });

  test('the Iceberg schema is the declared columns in Iceberg types, nested types as their Iceberg JSON', () => {
    const fields = icebergInput.IcebergTableInput.Schema.Fields;
    expect(fields.map((f: any) => f.Name)).toEqual([...EVENT_COLUMNS.map(c => c.name), 'ingest_timestamp']);
    const expected = toIcebergFields(ICEBERG_EVENT_COLUMNS);
    fields.forEach((f: any, i: number) => {
      expect(f.Id).toBe(expected[i].id);
      expect(typeof f.Type === 'string' && f.Type.startsWith('{') ? JSON.parse(f.Type) : f.Type).toEqual(expected[i].type);
    });
    const byName = Object.fromEntries(fields.map((f: any) => [f.Name, f.Type]));
    expect(byName.event_timestamp).toBe('long');
    expect(JSON.parse(byName.all_metrics)).toMatchObject({ type: 'map', key: 'string', value: 'double' });
    // Every ID in the schema, nested ones included, is unique.
    const ids: number[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) {
        value.forEach(collect);
      } else if (value && typeof value === 'object') {
        for (const [key, v] of Object.entries(value)) {
          if (key === 'id' || key.endsWith('-id')) ids.push(v as number);
          collect(v);
        }
      }
    };
    collect(expected);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('Firehose writes the Iceberg table through the record processor, with the raw copy and error output of the Parquet format', () => {
    const stream = only(template, 'AWS::KinesisFirehose::DeliveryStream');
    expect(stream.ExtendedS3DestinationConfiguration).toBeUndefined();
    const destination = stream.IcebergDestinationConfiguration;
    expect(destination.DestinationTableConfigurationList).toEqual([{ DestinationDatabaseName: 'due_eventdb', DestinationTableName: 'all_events' }]);
    expect(stack.resolve(destination.CatalogConfiguration.CatalogArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:111122223333:catalog']],
    });
    // CloudFormation spells this one property with a lower-case s.
    expect(destination.s3BackupMode).toBe('AllData');
    expect(destination.AppendOnly).toBe(true);
    expect(destination.S3Configuration).toMatchObject({
      Prefix: `${RAW_PREFIX}!{timestamp:yyyy/MM/dd/HH}/`,
      ErrorOutputPrefix: `${ERRORS_PREFIX}!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/`,
      CompressionFormat: 'GZIP',
    });
    const processor = destination.ProcessingConfiguration.Processors[0];
    expect(processor.Type).toBe('Lambda');
    expect(stack.resolve(processor.Parameters.find((p: any) => p.ParameterName === 'LambdaArn').ParameterValue))
      .toEqual({ 'Fn::GetAtt': [stack.getLogicalId(db.recordProcessor!.node.defaultChild as any), 'Arn'] });
    expect(destination.CloudWatchLoggingOptions.Enabled).toBe(true);
    const streamResource = Object.values(template.findResources('AWS::KinesisFirehose::DeliveryStream'))[0] as any;
    expect(streamResource.DependsOn).toContain(stack.getLogicalId(db.icebergTable!));
  });

  test('the record processor writes Iceberg rows', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ [ICEBERG_ROWS_ENV]: 'true' }) } });
  });

  test('Firehose may commit to the table and write its files, nothing more', () => {
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p: any) => p.Properties);
    const firehosePolicy = policies.find(p => p.PolicyDocument.Statement.some((s: any) => s.Sid === 'WriteTheIcebergTable'))!;
    const statements = Object.fromEntries(firehosePolicy.PolicyDocument.Statement.map((s: any) => [s.Sid, s]));
    expect(statements.WriteTheIcebergTable.Action).toEqual(['glue:GetDatabase', 'glue:GetTable', 'glue:UpdateTable']);
    expect(JSON.stringify(stack.resolve(statements.WriteTheIcebergTable.Resource))).toContain('table/due_eventdb/all_events');
    expect(statements.ReadSchemaVersions).toBeUndefined();
    expect(JSON.stringify(stack.resolve(statements.RemoveUncommittedDataFiles.Resource))).toContain(`/${EVENTS_PREFIX}*`);
  });

  test('Glue compacts the table, expires its snapshots and deletes its orphan files, as a role only Glue of this account assumes', () => {
    const optimizers = Object.values(template.findResources('AWS::Glue::TableOptimizer')).map((r: any) => r.Properties);
    expect(optimizers.map(o => o.Type).sort()).toEqual(['compaction', 'orphan_file_deletion', 'retention']);
    for (const optimizer of optimizers) {
      expect(optimizer).toMatchObject({ TableName: 'all_events', TableOptimizerConfiguration: { Enabled: true } });
      expect(optimizer.DatabaseName).toEqual({ Ref: stack.getLogicalId(db.database.node.defaultChild as any) });
    }
    const retention = optimizers.find(o => o.Type === 'retention')!.TableOptimizerConfiguration.RetentionConfiguration.IcebergConfiguration;
    expect(retention).toEqual({ SnapshotRetentionPeriodInDays: 7, NumberOfSnapshotsToRetain: 1, CleanExpiredFiles: true });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'glue.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
        }],
      },
    });
    expect(db.tableOptimizers).toHaveLength(3);
  });

  test('registers no partitions: no registrar function, rule or queue', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1); // the record processor
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.resourceCountIs('AWS::SQS::Queue', 0);
    expect(db.partitionRegistrar).toBeUndefined();
  });

  test('views declare ingest_timestamp as Iceberg holds it, timestamp(6)', () => {
    const views = glueTables.filter(t => t.TableInput.TableType === 'VIRTUAL_VIEW');
    expect(views.length).toBeGreaterThan(10);
    for (const view of views) {
      const declared = decodePrestoView(view.TableInput.ViewOriginalText).columns.find(c => c.name === 'ingest_timestamp');
      expect(declared?.type).toBe('timestamp(6)');
    }
  });

  test('table names the Parquet table: reading it says where the Iceberg table is', () => {
    expect(() => db.table).toThrow(/the table format is Iceberg, whose table is icebergTable/);
    expect(db.icebergTable).toBeDefined();
  });

  test('the alarms and metrics watch Firehose\'s Iceberg delivery', () => {
    const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
      .map(([id, r]: [string, any]) => [id.replace(/^Events(\w+Alarm)[0-9A-F]{8}$/, '$1'), r.Properties.MetricName]);
    expect(Object.fromEntries(alarms)).toMatchObject({
      DeliveryFailureAlarm: 'DeliveryToIceberg.FailedRowCount',
      DataFreshnessAlarm: 'DeliveryToIceberg.DataFreshness',
      RawCopyFailureAlarm: 'BackupToS3.Success',
    });
    expect(alarms.map(([id]) => id)).not.toContain('FormatConversionFailureAlarm');
    expect(db.metricDeliveredBytes().metricName).toBe('DeliveryToIceberg.Bytes');
    expect(db.metricConvertedRecords().metricName).toBe('DeliveryToIceberg.SuccessfulRowCount');
    expect(db.metricDeliverySuccess()).toMatchObject({ metricName: 'DeliveryToIceberg.Success', statistic: 'Sum' });
  });

  test('the analytics workgroup saves the erasure query after the reference analyses', () => {
    const withWorkgroup = new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
    const database = new EventsDatabase(withWorkgroup, 'Events', { tableFormat: TableFormat.ICEBERG });
    new AnalyticsWorkgroup(withWorkgroup, 'Analytics', { database });
    const queries = Template.fromStack(withWorkgroup).findResources('AWS::Athena::NamedQuery');
    expect(Object.values(queries).map((q: any) => q.Properties.Name)).toEqual([...NAMED_QUERIES, ...ICEBERG_NAMED_QUERIES].map(q => q.name));
    expect(Object.keys(queries).at(-1)).toMatch(new RegExp(`^AnalyticsQuery${NAMED_QUERIES.length + 1}`));
    expect(Object.values(queries).at(-1)!.Properties.QueryString).toMatch(/^DELETE FROM all_events$/m);
  });

  test('passes cdk-nag AwsSolutions and cfn-lint', () => {
    expectCompliant(stack);
  });
});

test('with a customer managed key, the optimizers decrypt and encrypt through S3 only, and the template stays compliant', () => {
  const stack = new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  new EventsDatabase(stack, 'Events', { tableFormat: TableFormat.ICEBERG, bucket: EventsBucket.create({ encryptionKey: key }) });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({
        Sid: 'EncryptObjectsThroughS3',
        Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } },
      })]),
    },
    Roles: [{ Ref: Match.stringLikeRegexp('TableOptimizerRole') }],
  });
  expectCompliant(stack);
});

describe('tableFormat ICEBERG refuses what it cannot do, naming the construct and the fix', () => {
  test('a partition strategy', () => {
    expect(() => synth({ partitionStrategy: PartitionStrategy.projected() }))
      .toThrow(/EventsDatabase Test\/Events: tableFormat is TableFormat.ICEBERG.*leave out partitionStrategy/);
  });
  test('no record processing', () => {
    expect(() => synth({ recordProcessing: false }))
      .toThrow(/EventsDatabase Test\/Events: tableFormat is TableFormat.ICEBERG.*leave out recordProcessing/);
  });
  test('a buffer outside the Iceberg destination\'s 1 to 128 MiB', () => {
    expect(() => synth({ bufferingSize: Size.mebibytes(129) })).toThrow(/bufferingSize 129 MiB is out of range: Firehose needs 1 to 128 MiB for an Iceberg table/);
  });
});

test('grantErase adds to erase-person\'s grants what the erasure query\'s DELETE needs on the Iceberg table', () => {
  const stack = new Stack(new App(), 'Erase', { env: { account: '111122223333', region: 'eu-west-1' } });
  const db = new EventsDatabase(stack, 'Events', { tableFormat: TableFormat.ICEBERG });
  const role = new iam.Role(stack, 'Eraser', { assumedBy: new iam.AccountRootPrincipal() });
  db.grantErase(role);
  const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }] },
  })) as any[];
  const statements = stack.resolve(policy.Properties.PolicyDocument.Statement);
  const allowing = (action: string) => statements.filter((s: any) => ([] as string[]).concat(s.Action).includes(action));
  expect(allowing('glue:UpdateTable').map((s: any) => JSON.stringify(s.Resource))).toEqual([
    expect.stringContaining(':table/due_eventdb/all_events'),
  ]);
  expect(allowing('glue:GetTable')).toHaveLength(1);
  const writes = allowing('s3:PutObject').map((s: any) => JSON.stringify(s.Resource)).join(' ');
  expect(writes).toContain('/events/*');
  expect(writes).toContain('/raw/*');
  expect(JSON.stringify(allowing('s3:DeleteObject').map((s: any) => s.Resource))).not.toContain('/events/');
});

test('the Iceberg destination buffers less than the 64 MiB Parquet conversion needs', () => {
  const { template } = synth({ bufferingSize: Size.mebibytes(8), bufferingInterval: Duration.seconds(60) });
  expect(only(template, 'AWS::KinesisFirehose::DeliveryStream').IcebergDestinationConfiguration.BufferingHints)
    .toEqual({ SizeInMBs: 8, IntervalInSeconds: 60 });
});

test('an imported Iceberg database gets views that declare timestamp(6) and the erasure query', () => {
  const stack = new Stack(new App(), 'Views', { env: { account: '111122223333', region: 'eu-west-1' } });
  const holder = new Construct(stack, 'Imports');
  const database = EventsDatabase.fromEventsDatabaseAttributes(stack, 'Events', {
    databaseName: 'due_eventdb',
    bucket: s3.Bucket.fromBucketName(holder, 'Bucket', 'events-bucket'),
    deliveryStream: firehose.DeliveryStream.fromDeliveryStreamArn(holder, 'Stream', 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/events'),
    tableFormat: TableFormat.ICEBERG,
  });
  expect(database.tableFormat).toBe(TableFormat.ICEBERG);
  new EventViews(stack, 'Views', { database });
  new AnalyticsWorkgroup(stack, 'Analytics', { database });
  const template = Template.fromStack(stack);
  const view = Object.values(template.findResources('AWS::Glue::Table'))[0] as any;
  expect(decodePrestoView(view.Properties.TableInput.ViewOriginalText).columns.find(c => c.name === 'ingest_timestamp')?.type).toBe('timestamp(6)');
  const names = Object.values(template.findResources('AWS::Athena::NamedQuery')).map((q: any) => q.Properties.Name);
  expect(names.at(-1)).toBe(ICEBERG_NAMED_QUERIES[0].name);
  expect(EventsDatabase.fromEventsDatabaseAttributes(stack, 'Parquet', {
    databaseName: 'other', bucket: database.bucket, deliveryStream: database.deliveryStream,
  }).tableFormat).toBe(TableFormat.PARQUET);
});

import { App, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Dependable } from 'constructs';
import { EventsBucket, EventsDatabase, EventsDatabaseProps, PartitionStrategy } from '../../src';
import { EVENT_COLUMNS, toHiveType } from '../../src/schema/event-schema';
import { acknowledgements, expectCompliant } from '../support/compliance';

function synth(props?: EventsDatabaseProps): { stack: Stack; db: EventsDatabase; template: Template } {
  const stack = new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
  const db = new EventsDatabase(stack, 'Events', props);
  return { stack, db, template: Template.fromStack(stack) };
}

function deliveryConfig(template: Template): any {
  const streams = template.findResources('AWS::KinesisFirehose::DeliveryStream');
  expect(Object.keys(streams)).toHaveLength(1);
  return Object.values(streams)[0].Properties.ExtendedS3DestinationConfiguration;
}

describe('EventsDatabase with no props', () => {
  const { stack, db, template } = synth();

  test('creates an encrypted, TLS-only, private, access-logged events bucket that is retained', () => {
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LoggingConfiguration: { DestinationBucketName: Match.anyValue(), LogFilePrefix: 'events-bucket/' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
    // No physical names: a second copy in the same account deploys.
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) {
      expect(bucket.Properties.BucketName).toBeUndefined();
    }
  });

  test('creates the Glue database due_eventdb and the table all_events from the declared schema', () => {
    template.hasResource('AWS::Glue::Database', {
      Properties: { DatabaseInput: { Name: 'due_eventdb' } },
      DeletionPolicy: 'Retain',
    });
    const tables = template.findResources('AWS::Glue::Table', { Properties: { TableInput: { Name: 'all_events' } } });
    const [table] = Object.values(tables);
    expect(table.DeletionPolicy).toBe('Retain');
    const input = table.Properties.TableInput;
    expect(input.StorageDescriptor.Columns.map((c: any) => [c.Name, c.Type]))
      .toEqual(EVENT_COLUMNS.map(c => [c.name, toHiveType(c.type)]));
    expect(input.PartitionKeys).toEqual([expect.objectContaining({ Name: 'ingest_timestamp', Type: 'timestamp' })]);
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
    expect(JSON.stringify(input.StorageDescriptor.Location)).toContain('/events/');
  });

  test('keeps what the predecessor lost: custom metrics, the whole app context, link tags, rendering failures', () => {
    const type = (name: string) => toHiveType(EVENT_COLUMNS.find(c => c.name === name)!.type);
    expect(type('all_metrics')).toBe('map<string,double>');
    expect(type('attributes')).toBe('map<string,string>');
    expect(type('client_context')).toBe('struct<custom:map<string,string>>');
    expect(type('event_timestamp')).toBe('bigint');
    expect(type('arrival_timestamp')).toBe('bigint');
    expect(type('application')).toContain('sdk:map<string,string>');
    expect(type('session')).toBe('map<string,string>');
    expect(type('facets')).toContain('all_link_tags:map<string,array<string>>');
    expect(type('facets')).toContain('rendering_failure:struct<error_message:string,template_name:string>');
  });

  test('converts JSON to Snappy Parquet with the table as schema, keeping a raw copy of every record', () => {
    const config = deliveryConfig(template);
    expect(config.Prefix).toBe('events/!{timestamp:yyyy/MM/dd/HH}/');
    expect(config.ErrorOutputPrefix).toBe('errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/');
    expect(config.BufferingHints).toEqual({ IntervalInSeconds: 300, SizeInMBs: 128 });
    expect(config.CompressionFormat ?? 'UNCOMPRESSED').toBe('UNCOMPRESSED');
    expect(config.DataFormatConversionConfiguration).toMatchObject({
      Enabled: true,
      InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: expect.anything() } },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
      SchemaConfiguration: { DatabaseName: expect.anything(), TableName: { Ref: expect.stringMatching(/^EventsTable/) } },
    });
    expect(config.S3BackupMode).toBe('Enabled');
    expect(config.S3BackupConfiguration).toMatchObject({ Prefix: 'raw/!{timestamp:yyyy/MM/dd/HH}/', CompressionFormat: 'GZIP' });
    expect(config.CloudWatchLoggingOptions).toMatchObject({ Enabled: true });
  });

  test('reads record keys case-sensitively, so map keys keep their case, mapping the one camel-case key', () => {
    expect(deliveryConfig(template).DataFormatConversionConfiguration.InputFormatConfiguration).toEqual({
      Deserializer: { OpenXJsonSerDe: { CaseInsensitive: false, ColumnToJsonKeyMappings: { awsaccountid: 'awsAccountId' } } },
    });
  });

  test('encrypts the stream at rest', () => {
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
    });
  });

  test('normalizes records with the shipped processor before conversion', () => {
    const config = deliveryConfig(template);
    expect(config.ProcessingConfiguration.Enabled).toBe(true);
    expect(config.ProcessingConfiguration.Processors[0].Type).toBe('Lambda');
    // Batches of 1 MB: even records that grow as much as End User Messaging's (1.6×) answer far under Lambda's 6 MB.
    expect(config.ProcessingConfiguration.Processors[0].Parameters).toEqual(expect.arrayContaining([
      { ParameterName: 'BufferSizeInMBs', ParameterValue: '1' },
      { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '60' },
    ]));
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x', Handler: 'index.handler', Architectures: ['arm64'],
    });
    // The processor's role may write to its own log group and nothing else.
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: stack.getLogicalId(db.node.findChild('RecordProcessorRole').node.defaultChild as iam.CfnRole) }] },
    });
    const actions = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [].concat(s.Action)));
    expect(actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  test('exposes every child', () => {
    expect(db.databaseName).toBe('due_eventdb');
    expect(db.tableName).toBe('all_events');
    expect(stack.resolve(db.tableArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:111122223333:table/due_eventdb/all_events']],
    });
    expect(db.bucket).toBeDefined();
    expect(db.serverAccessLogsBucket).toBeDefined();
    expect(db.deliveryStream).toBeDefined();
    expect(db.recordProcessor).toBeDefined();
    expect(db.table.tableName).toBeDefined();
    expect(db.alarms).toHaveLength(11);
    expect(db.dashboard).toBeUndefined();
    expect(db.views.viewNames).toEqual(expect.arrayContaining(['email_send', 'sms_success', 'campaign_send']));
  });

  test('passes cdk-nag AwsSolutions and cfn-lint, acknowledging only the Firehose role findings, each with a reason', () => {
    expectCompliant(stack);
    const acks = acknowledgements(stack).filter(a => a.rule.includes('AwsSolutions'));
    console.log(`Acknowledged findings:\n${acks.map(a => `  ${a.path}: ${a.rule} — ${a.reason}`).join('\n')}`);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.path).toBe('Test/Events/DeliveryStream');
      expect(ack.rule).toMatch(/^(Annotation::)?AwsSolutions-IAM5\[.+\]$/);
      expect(ack.reason.length).toBeGreaterThan(20);
    }
  });

  test('keeps logical IDs stable (a changed logical ID replaces a user\'s resource)', () => {
    const ids = Object.entries(template.toJSON().Resources as Record<string, { Type: string }>)
      .map(([id, resource]) => `${resource.Type} ${id}`).sort();
    expect(ids).toMatchSnapshot();
  });
});

describe('EventsDatabase options', () => {
  test('a customer managed key encrypts the bucket and Firehose writes with it', () => {
    const stack = new Stack(new App(), 'Kms');
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const db = new EventsDatabase(stack, 'Events', { bucket: EventsBucket.create({ encryptionKey: key }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() }, BucketKeyEnabled: true,
        }],
      },
    });
    expect(deliveryConfig(template).EncryptionConfiguration).toEqual({
      KMSEncryptionConfig: { AWSKMSKeyARN: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
    });
    expect(db.encryptionKey).toBe(key);
    expectCompliant(stack);
  });

  test('uses a bucket the user brings and creates none', () => {
    const stack = new Stack(new App(), 'Own');
    const bucket = s3.Bucket.fromBucketName(stack, 'Mine', 'my-events-bucket');
    const db = new EventsDatabase(stack, 'Events', { bucket: EventsBucket.fromBucket(bucket), databaseName: 'marketing_events' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    expect(db.bucket).toBe(bucket);
    expect(db.serverAccessLogsBucket).toBeUndefined();
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'marketing_events' } });
    expect(JSON.stringify(deliveryConfig(template).BucketARN)).toContain('my-events-bucket');
    expectCompliant(stack);
  });

  test('lifecycle: events retention and transitions, raw copies with their own retention', () => {
    const { template } = synth({
      bucket: EventsBucket.create({
        retention: Duration.days(730),
        transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }],
        rawRecordRetention: Duration.days(30),
      }),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'events/', ExpirationInDays: 730, Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }] }),
          Match.objectLike({ Prefix: 'raw/', ExpirationInDays: 30 }),
          Match.objectLike({ Prefix: 'errors/', ExpirationInDays: 30 }),
        ]),
      },
    });
  });

  test('removalPolicy applies to the bucket, database and table', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
    const [database] = Object.values(template.findResources('AWS::Glue::Database'));
    const [table] = Object.values(template.findResources('AWS::Glue::Table', { Properties: { TableInput: { Name: 'all_events' } } }));
    expect([database.DeletionPolicy, table.DeletionPolicy]).toEqual(['Delete', 'Delete']);
  });

  test('the standard views are deployed by default and can be left out', () => {
    const withViews = synth().template.findResources('AWS::Glue::Table', { Properties: { TableInput: { TableType: 'VIRTUAL_VIEW' } } });
    expect(Object.keys(withViews).length).toBeGreaterThanOrEqual(15);
    const { db, template } = synth({ createViews: false });
    expect(() => db.views).toThrow(/EventsDatabase Test\/Events: views were not created because createViews is false/);
    expect(template.findResources('AWS::Glue::Table', { Properties: { TableInput: { TableType: 'VIRTUAL_VIEW' } } })).toEqual({});
  });

  test('buffering is configurable', () => {
    const { template } = synth({ bufferingSize: Size.mebibytes(64), bufferingInterval: Duration.seconds(60) });
    expect(deliveryConfig(template).BufferingHints).toEqual({ IntervalInSeconds: 60, SizeInMBs: 64 });
  });

  test('record processing can be turned off for Pinpoint-only deployments', () => {
    const { db, template, stack } = synth({ recordProcessing: false });
    expect(db.recordProcessor).toBeUndefined();
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toEqual([expect.stringMatching(/^EventsPartitionsFunction/)]);
    expect(deliveryConfig(template).ProcessingConfiguration).toBeUndefined();
    expectCompliant(stack);
  });

  test('metrics name the stream', () => {
    const { db, stack } = synth();
    expect(db.metricDeliverySuccess().metricName).toBe('DeliveryToS3.Success');
    expect(db.metricFormatConversionFailures().statistic).toBe('Sum');
    expect(db.metricDataFreshness().statistic).toBe('Maximum');
    expect(stack.resolve(db.metricProcessingFailures().dimensions)).toEqual({ DeliveryStream: { Ref: expect.any(String) } });
  });
});

describe('partition strategies', () => {
  test('registered (the default): bucket events through EventBridge and SQS to the shipped registrar', () => {
    const { db, template, stack } = synth();
    expect(db.partitionRegistrar).toBeDefined();
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
    });
    // No stack-wide bucket-notifications handler.
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'source': ['aws.s3'], 'detail-type': ['Object Created'] }),
    });
    const tables = template.findResources('AWS::Glue::Table');
    const parameters = Object.values(tables)[0].Properties.TableInput.Parameters;
    expect(parameters['projection.enabled']).toBeUndefined();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('EventBridge'))).toEqual([]);
  });

  test('registered with a bucket of the user\'s warns that its EventBridge notifications must be on', () => {
    const stack = new Stack(new App(), 'Own');
    const bucket = s3.Bucket.fromBucketName(stack, 'Mine', 'my-events-bucket');
    new EventsDatabase(stack, 'Events', { bucket: EventsBucket.fromBucket(bucket) });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('turn on Amazon EventBridge notifications'))).toHaveLength(1);
  });

  test('projected: no registrar, and projection over the hour folders Firehose writes', () => {
    const { db, template, stack } = synth({ partitionStrategy: PartitionStrategy.projected() });
    expect(db.partitionRegistrar).toBeUndefined();
    template.resourceCountIs('AWS::SQS::Queue', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    const bucket = Object.values(template.findResources('AWS::S3::Bucket')).find(b => b.Properties.LoggingConfiguration);
    expect(bucket!.Properties.NotificationConfiguration).toBeUndefined();
    const tables = Object.values(template.findResources('AWS::Glue::Table')).map(t => t.Properties.TableInput);
    const table = tables.find(t => t.Name === 'all_events_by_hour');
    expect(table.PartitionKeys).toEqual([expect.objectContaining({ Name: 'ingest_hour', Type: 'string' })]);
    expect(table.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.ingest_hour.type': 'date',
      'projection.ingest_hour.format': 'yyyy/MM/dd/HH',
      'projection.ingest_hour.interval.unit': 'HOURS',
    });
    expect(JSON.stringify(table.Parameters['storage.location.template'])).toContain('/events/${ingest_hour}/');
    // all_events is a view over it with ingest_timestamp, so queries and views see the same all_events.
    const view = tables.find(t => t.Name === 'all_events');
    expect(view.TableType).toBe('VIRTUAL_VIEW');
    expect(view.StorageDescriptor.Columns.at(-1)).toEqual({ Name: 'ingest_timestamp', Type: 'timestamp' });
    expect(deliveryConfig(template).Prefix).toBe('events/!{timestamp:yyyy/MM/dd/HH}/');
    // The standard views read the all_events view, so they are created after it and the table under it.
    const catalogIds = Object.entries(template.findResources('AWS::Glue::Table'))
      .filter(([, t]) => ['all_events', 'all_events_by_hour'].includes(t.Properties.TableInput.Name)).map(([id]) => id);
    expect(catalogIds).toHaveLength(2);
    const viewIds: string[] = db.views.viewNames.map(name => stack.getLogicalId(db.views.view(name)));
    expect(viewIds.map(id => template.toJSON().Resources[id].DependsOn)).toEqual(viewIds.map(() => expect.arrayContaining(catalogIds)));
    expectCompliant(stack);
  });

  test('projected takes the hours it projects, and refuses a malformed one where it is written', () => {
    const { template } = synth({ partitionStrategy: PartitionStrategy.projected({ earliestHour: '2026/11/01/00', latestHour: '2026/12/31/23' }) });
    const table = Object.values(template.findResources('AWS::Glue::Table')).map(t => t.Properties.TableInput)
      .find(t => t.Name === 'all_events_by_hour');
    expect(table.Parameters['projection.ingest_hour.range']).toBe('2026/11/01/00,2026/12/31/23');
    expect(() => PartitionStrategy.projected({ earliestHour: '2026-11-01' }))
      .toThrow(/^PartitionStrategy.projected\(\): earliestHour '2026-11-01' is invalid: it must be an hour written yyyy\/MM\/dd\/HH/);
    expect(() => PartitionStrategy.projected({ earliestHour: '2026/11/01/00', latestHour: '2026/10/01/00' }))
      .toThrow(/latestHour '2026\/10\/01\/00' is invalid: .*not before earliestHour/);
  });

  test('registered takes the registrar\'s options', () => {
    const { db, template } = synth({ partitionStrategy: PartitionStrategy.registered({ reservedConcurrentExecutions: 2, batchSize: 100 }) });
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: Match.absent(),
      ReservedConcurrentExecutions: 2,
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ EVENTS_PREFIX: 'events/' }) },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 100 });
    expect(db.partitionRegistrar).toBeDefined();
  });

  test('the registrar\'s options are checked', () => {
    expect(() => synth({ partitionStrategy: PartitionStrategy.registered({ batchSize: 0 }) })).toThrow(/batchSize '0' is invalid/);
  });
});

describe('EventsDatabase rejects bad props with a message that says what to change', () => {
  test.each(['Due_EventDB', '1events', 'events-db', '', 'events db', 'a'.repeat(256)])('databaseName %p', name => {
    expect(() => synth({ databaseName: name })).toThrow(/databaseName '.*' is invalid: use lower-case letters, digits and underscores/);
  });
  test.each([32, 129])('bufferingSize %p MiB', mib => {
    expect(() => synth({ bufferingSize: Size.mebibytes(mib) })).toThrow(/bufferingSize .* out of range: Firehose needs 64 to 128 MiB/);
  });
  test('bufferingInterval over 900 s', () => {
    expect(() => synth({ bufferingInterval: Duration.seconds(901) })).toThrow(/bufferingInterval 901 s is out of range/);
  });
  test.each([
    ['retention', Duration.days(0), '0 days'],
    ['retention', Duration.hours(12), '12 hours'],
    ['rawRecordRetention', Duration.days(0), '0 days'],
    ['rawRecordRetention', Duration.hours(36), '1 day 12 hours'],
    ['noncurrentVersionRetention', Duration.hours(6), '6 hours'],
  ])('bucket %s of %p: S3 counts whole days, at least one', (prop, duration, shown) => {
    expect(() => synth({ bucket: EventsBucket.create({ [prop]: duration }) })).toThrow(
      `EventsDatabase Test/Events: bucket ${prop} ${shown} is invalid: S3 lifecycle rules count whole days, at least 1: use Duration.days(n) with n of 1 or more`);
  });
  test('a transition after the events expire', () => {
    expect(() => synth({
      bucket: EventsBucket.create({
        retention: Duration.days(30),
        transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(60) }],
      }),
    })).toThrow(/transition in transitions comes after retention expires/);
  });
});

describe('one database name per account and Region', () => {
  const env = { account: '111122223333', region: 'eu-west-1' };

  test('two databases of the same name in one app fail at synth, naming both and the fix', () => {
    const app = new App();
    new EventsDatabase(new Stack(app, 'First', { env }), 'Events');
    expect(() => new EventsDatabase(new Stack(app, 'Second', { env }), 'Events')).toThrow(
      /^EventsDatabase Second\/Events: databaseName 'due_eventdb' is already the name of EventsDatabase First\/Events in the same account and Region.*give this one another databaseName, or use the other one here with EventsDatabase.fromEventsDatabaseAttributes/);
  });

  test('in two stacks whose account is known only at deployment, too', () => {
    const app = new App();
    new EventsDatabase(new Stack(app, 'First'), 'Events', { databaseName: 'marketing_events' });
    expect(() => new EventsDatabase(new Stack(app, 'Second'), 'Other', { databaseName: 'marketing_events' })).toThrow(/already the name of/);
  });

  test('other names, other Regions and other accounts deploy side by side', () => {
    const app = new App();
    new EventsDatabase(new Stack(app, 'First', { env }), 'Events');
    new EventsDatabase(new Stack(app, 'Named', { env }), 'Events', { databaseName: 'other_events' });
    new EventsDatabase(new Stack(app, 'Virginia', { env: { ...env, region: 'us-east-1' } }), 'Events');
    new EventsDatabase(new Stack(app, 'Elsewhere', { env: { ...env, account: '444455556666' } }), 'Events');
  });
});

describe('cfn-lint acknowledgement of aws-cdk-lib\'s Firehose CIDR mapping', () => {
  const metadataOf = (stack: Stack) => Template.fromStack(stack).toJSON().Metadata;

  test('a stack whose region is known at deployment only carries the mapping, so its template ignores W7001', () => {
    const stack = new Stack(new App(), 'Agnostic');
    new EventsDatabase(stack, 'Events');
    expect(Template.fromStack(stack).toJSON().Mappings).toBeDefined();
    expect(metadataOf(stack)).toEqual({ 'cfn-lint': { config: { ignore_checks: ['W7001'] } } });
  });

  test('the rule is added to what the stack already ignores, once', () => {
    const stack = new Stack(new App(), 'Agnostic');
    stack.addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'], regions: ['eu-west-1'] } });
    new EventsDatabase(stack, 'Events');
    new EventsDatabase(stack, 'Other', { databaseName: 'other_events' });
    expect(metadataOf(stack)).toEqual({ 'cfn-lint': { config: { ignore_checks: ['W3005', 'W7001'], regions: ['eu-west-1'] } } });
  });

  test('a stack with a region writes no mapping and ignores nothing', () => {
    const { template } = synth();
    expect(template.toJSON().Mappings).toBeUndefined();
    expect(template.toJSON().Metadata).toBeUndefined();
  });
});

describe('grants', () => {
  test('grantWrite lets a principal put records into the stream only', () => {
    const stack = new Stack();
    const db = new EventsDatabase(stack, 'Events');
    const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
    db.grantWrite(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }],
      PolicyDocument: {
        Statement: [{
          Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Effect: 'Allow', Resource: Match.anyValue(),
        }],
      },
    });
  });

  test('grantQuery gives Glue read on the database, table and views, S3 read of events, KMS decrypt', () => {
    const stack = new Stack(new App(), 'Query', { env: { account: '111122223333', region: 'eu-west-1' } });
    const key = new kms.Key(stack, 'Key');
    const db = new EventsDatabase(stack, 'Events', { bucket: EventsBucket.create({ encryptionKey: key }) });
    const role = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    db.grantQuery(role);
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }] },
    }));
    const statements = policy.Properties.PolicyDocument.Statement;
    const actions = statements.flatMap((s: any) => [].concat(s.Action));
    expect(actions.sort()).toEqual([
      'glue:BatchGetPartition', 'glue:GetDatabase', 'glue:GetPartition', 'glue:GetPartitions', 'glue:GetTable', 'glue:GetTables',
      'kms:Decrypt', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket',
    ]);
    const glueStatement = statements.find((s: any) => ([] as string[]).concat(s.Action).includes('glue:GetTable'));
    expect(JSON.stringify(glueStatement.Resource)).toContain(':table/due_eventdb/*');
    const s3Statement = statements.find((s: any) => ([] as string[]).concat(s.Action).includes('s3:GetObject'));
    expect(JSON.stringify(s3Statement.Resource)).toContain('/events/*');
    // Analysts read the objects through S3, and so decrypt them only through S3.
    const kmsStatement = statements.find((s: any) => s.Action === 'kms:Decrypt');
    expect(kmsStatement.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
  });

  test('grantErase gives erase-person what it does under raw/ and errors/, and nothing of the Parquet table', () => {
    const stack = new Stack(new App(), 'Erase', { env: { account: '111122223333', region: 'eu-west-1' } });
    const key = new kms.Key(stack, 'Key');
    const db = new EventsDatabase(stack, 'Events', { bucket: EventsBucket.create({ encryptionKey: key }) });
    const role = new iam.Role(stack, 'Eraser', { assumedBy: new iam.AccountRootPrincipal() });
    db.grantErase(role);
    const [policy] = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) }] },
    }));
    const statements = stack.resolve(policy.Properties.PolicyDocument.Statement);
    expect(statements.flatMap((s: any) => [].concat(s.Action)).sort()).toEqual([
      'kms:Decrypt', 'kms:GenerateDataKey', 's3:DeleteObject', 's3:GetObject', 's3:ListBucket', 's3:PutObject',
    ]);
    const objects = statements.find((s: any) => ([] as string[]).concat(s.Action).includes('s3:DeleteObject'));
    const resources = JSON.stringify(objects.Resource);
    expect(resources).toContain('/raw/*');
    expect(resources).toContain('/errors/*');
    expect(resources).not.toContain('/events/');
    const kmsStatement = statements.find((s: any) => ([] as string[]).concat(s.Action).includes('kms:GenerateDataKey'));
    expect(kmsStatement.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } });
  });
});

describe('EventsDatabase.fromEventsDatabaseAttributes', () => {
  test('gives sources and views what they need from a database in another stack', () => {
    const stack = new Stack(new App(), 'Consumer', { env: { account: '111122223333', region: 'eu-west-1' } });
    const deliveryStream = firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'events-stream');
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'events-bucket');
    const db = EventsDatabase.fromEventsDatabaseAttributes(stack, 'Imported', { databaseName: 'due_eventdb', bucket, deliveryStream });
    expect(db.databaseName).toBe('due_eventdb');
    expect(db.tableName).toBe('all_events');
    expect(stack.resolve(db.tableArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':glue:eu-west-1:111122223333:table/due_eventdb/all_events']],
    });
    const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
    db.grantWrite(role);
    db.grantQuery(role);
    const json = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(json).toContain('deliverystream/events-stream');
    expect(json).toContain('database/due_eventdb');
  });

  test('has the metrics of a created database', () => {
    const stack = new Stack(new App(), 'Consumer', { env: { account: '111122223333', region: 'eu-west-1' } });
    const db = EventsDatabase.fromEventsDatabaseAttributes(stack, 'Imported', {
      databaseName: 'due_eventdb',
      bucket: s3.Bucket.fromBucketName(stack, 'Bucket', 'events-bucket'),
      deliveryStream: firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'events-stream'),
    });
    expect(db.metricDeliverySuccess().dimensions).toEqual({ DeliveryStreamName: 'events-stream' });
    expect(db.metricFormatConversionFailures().metricName).toBe('FailedConversion.Records');
    expect(db.metricProcessingFailures().dimensions).toEqual({ DeliveryStream: 'events-stream' });
    expect(db.metricDataFreshness().statistic).toBe('Maximum');
    // Its catalog was deployed by another stack: views have nothing to wait for.
    expect(Dependable.of(db.catalogCreated).dependencyRoots).toEqual([]);
  });

  test('validates the database name', () => {
    const stack = new Stack();
    expect(() => EventsDatabase.fromEventsDatabaseAttributes(stack, 'Bad', {
      databaseName: 'Bad-Name',
      bucket: s3.Bucket.fromBucketName(stack, 'B', 'bucket-b'),
      deliveryStream: firehose.DeliveryStream.fromDeliveryStreamName(stack, 'S', 's'),
    })).toThrow(/databaseName 'Bad-Name' is invalid/);
  });
});

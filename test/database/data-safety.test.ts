import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EventsBucket, EventsDatabase, EventsDatabaseProps, IEventsDatabase } from '../../src';
import { expectCompliant } from '../support/compliance';

function newStack(): Stack {
  return new Stack(new App(), 'Safe', { env: { account: '111122223333', region: 'eu-west-1' } });
}

function synth(props: EventsDatabaseProps = {}) {
  const stack = newStack();
  const db = new EventsDatabase(stack, 'Events', props);
  return { stack, db, template: Template.fromStack(stack) };
}

function eventsBucketOf(template: Template): any {
  const [bucket] = Object.values(template.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: Match.anyValue() } }));
  return bucket.Properties;
}

function statementsOf(stack: Stack, role: iam.IRole): any[] {
  const roleRef = { Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) };
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter(policy => JSON.stringify(policy.Properties.Roles) === JSON.stringify([roleRef]))
    .flatMap(policy => policy.Properties.PolicyDocument.Statement);
}

function firehoseRole(db: EventsDatabase): iam.Role {
  return db.deliveryStream.node.findChild('S3 Destination Role') as iam.Role;
}

const actionsOf = (statements: any[]) => statements.flatMap(statement => [].concat(statement.Action)).sort();

describe('the events bucket keeps what is overwritten or deleted', () => {
  test('versioned by default; earlier versions expire after 30 days, then their delete markers', () => {
    const bucket = eventsBucketOf(synth().template);
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.LifecycleConfiguration.Rules).toContainEqual({
      NoncurrentVersionExpiration: { NoncurrentDays: 30 }, ExpiredObjectDeleteMarker: true, Status: 'Enabled',
    });
  });

  test('so is the access-log bucket it creates, so that a deleted log can be restored', () => {
    const [logs] = Object.values(synth().template.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: Match.absent() } }));
    expect(logs.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(logs.Properties.LifecycleConfiguration.Rules).toEqual([{
      NoncurrentVersionExpiration: { NoncurrentDays: 30 }, ExpiredObjectDeleteMarker: true, Status: 'Enabled',
    }]);
  });

  test('how long earlier versions are kept can be chosen, and versioning turned off', () => {
    const longer = eventsBucketOf(synth({ bucket: EventsBucket.create({ noncurrentVersionRetention: Duration.days(90) }) }).template);
    expect(longer.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } }));
    const off = eventsBucketOf(synth({ bucket: EventsBucket.create({ versioned: false }) }).template);
    expect(off.VersioningConfiguration).toBeUndefined();
    expect(JSON.stringify(off.LifecycleConfiguration)).not.toContain('Noncurrent');
    expect(() => synth({ bucket: EventsBucket.create({ versioned: false, noncurrentVersionRetention: Duration.days(5) }) }))
      .toThrow(/^EventsDatabase Safe\/Events: bucket noncurrentVersionRetention applies to earlier versions, which an unversioned bucket does not keep/);
  });
});

describe('raw copies and failed records, which hold email addresses and phone numbers, expire', () => {
  test('after 90 days by default', () => {
    const rules = eventsBucketOf(synth().template).LifecycleConfiguration.Rules;
    expect(rules).toContainEqual({ Prefix: 'raw/', ExpirationInDays: 90, Status: 'Enabled' });
    expect(rules).toContainEqual({ Prefix: 'errors/', ExpirationInDays: 90, Status: 'Enabled' });
    // The Parquet events are the database: kept until the user says otherwise.
    expect(rules.filter((rule: any) => rule.Prefix === 'events/')).toEqual([]);
  });

  test('after what the user chooses', () => {
    const { template } = synth({ bucket: EventsBucket.create({ rawRecordRetention: Duration.days(400) }) });
    const rules = eventsBucketOf(template).LifecycleConfiguration.Rules;
    expect(rules).toContainEqual({ Prefix: 'raw/', ExpirationInDays: 400, Status: 'Enabled' });
    expect(rules).toContainEqual({ Prefix: 'errors/', ExpirationInDays: 400, Status: 'Enabled' });
  });
});

describe('the role Firehose assumes', () => {
  test('may write only where the stream writes, and never delete objects or set their retention or legal hold', () => {
    const { stack, db } = synth();
    const statements = statementsOf(stack, firehoseRole(db));
    expect(actionsOf(statements)).toEqual([
      'glue:GetSchemaVersion', 'glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions',
      'lambda:InvokeFunction', 'logs:CreateLogStream', 'logs:PutLogEvents',
      's3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject',
    ]);
    const objects = statements.find(statement => [].concat(statement.Action).includes('s3:PutObject' as never));
    expect(stack.resolve(objects.Resource).map((arn: any) => arn['Fn::Join'][1][1])).toEqual(['/events/*', '/raw/*', '/errors/*']);
  });

  test('trusts Firehose for this account only', () => {
    const { stack, db } = synth();
    const role = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(firehoseRole(db).node.defaultChild as iam.CfnRole)];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'firehose.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    }]);
  });

  test('uses the bucket key only through S3, for the events bucket', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const db = new EventsDatabase(stack, 'Events', { bucket: EventsBucket.create({ encryptionKey: key }) });
    const kmsStatements = statementsOf(stack, firehoseRole(db)).filter(statement => String([].concat(statement.Action)[0]).startsWith('kms:'));
    expect(kmsStatements).toEqual([expect.objectContaining({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      Condition: {
        StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [expect.anything(), expect.anything()] },
      },
    })]);
    expectCompliant(stack);
  });
});

describe('log groups and the customer managed key', () => {
  test('with a key of this app, every log group of the database is encrypted with it, and the key lets CloudWatch Logs use it', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new EventsDatabase(stack, 'Events', { bucket: EventsBucket.create({ encryptionKey: key }) });
    const template = Template.fromStack(stack);
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    expect(Object.keys(logGroups).map(id => id.replace(/[0-9A-F]{8}$/, '')).sort())
      .toEqual(['EventsDeliveryStreamLogGroup', 'EventsPartitionsLogs', 'EventsRecordProcessorLogs']);
    for (const logGroup of Object.values(logGroups)) {
      expect(logGroup.Properties.KmsKeyId).toEqual(keyArn);
    }
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'CloudWatchLogsEncryptsLogGroups',
          Effect: 'Allow',
          Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
          Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111122223333:log-group:*']] } } },
        }]),
      },
    });
    expectCompliant(stack);
  });

  test('without a key, the log groups keep CloudWatch Logs\' own encryption', () => {
    for (const logGroup of Object.values(synth().template.findResources('AWS::Logs::LogGroup'))) {
      expect(logGroup.Properties.KmsKeyId).toBeUndefined();
    }
  });

  test('with an imported key, whose policy the app cannot change, the log groups are not encrypted with it, and a warning says so', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111122223333:key/0e0d0c0b-0a09-0807-0605-040302010000');
    new EventsDatabase(stack, 'Events', { bucket: EventsBucket.create({ encryptionKey: key }) });
    for (const logGroup of Object.values(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'))) {
      expect(logGroup.Properties.KmsKeyId).toBeUndefined();
    }
    expect(Annotations.fromStack(stack).findWarning('/Safe/Events', Match.stringLikeRegexp('log groups keep CloudWatch Logs\' own encryption'))).toHaveLength(1);
  });
});

describe('grantQuery decrypts through S3, whoever holds the key', () => {
  function decryptStatement(stack: Stack, database: IEventsDatabase): any {
    const analyst = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
    database.grantQuery(analyst);
    return statementsOf(stack, analyst).find(statement => statement.Action === 'kms:Decrypt');
  }
  const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/0e0d0c0b-0a09-0807-0605-040302010000';
  const VIA_S3 = { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } };

  test('an imported bucket given with its key', () => {
    const stack = newStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Theirs', 'their-events-bucket');
    const db = new EventsDatabase(stack, 'Events', { bucket: EventsBucket.fromBucket(bucket, kms.Key.fromKeyArn(stack, 'Key', KEY_ARN)) });
    expect(decryptStatement(stack, db)).toEqual({ Action: 'kms:Decrypt', Effect: 'Allow', Resource: KEY_ARN, Condition: VIA_S3 });
  });

  test('a database imported with its key', () => {
    const stack = newStack();
    const db = EventsDatabase.fromEventsDatabaseAttributes(stack, 'Imported', {
      databaseName: 'due_eventdb',
      bucket: s3.Bucket.fromBucketName(stack, 'Bucket', 'events-bucket'),
      deliveryStream: firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'events-stream'),
      encryptionKey: kms.Key.fromKeyArn(stack, 'Key', KEY_ARN),
    });
    expect(decryptStatement(stack, db)).toEqual({ Action: 'kms:Decrypt', Effect: 'Allow', Resource: KEY_ARN, Condition: VIA_S3 });
  });

  test('a bucket of the user\'s that carries its key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const bucket = new s3.Bucket(stack, 'Theirs', { encryptionKey: key, enforceSSL: true });
    const db = new EventsDatabase(stack, 'Events', { bucket: EventsBucket.fromBucket(bucket) });
    expect(db.encryptionKey).toBe(key);
    expect(decryptStatement(stack, db)).toMatchObject({ Action: 'kms:Decrypt', Condition: VIA_S3 });
  });

  test('no key, no KMS permission', () => {
    const stack = newStack();
    expect(decryptStatement(stack, new EventsDatabase(stack, 'Events'))).toBeUndefined();
  });
});

import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AnalyticsWorkgroup, AnalyticsWorkgroupProps } from '../../src';
import { NAMED_QUERIES } from '../../src/views/named-queries';
import { acknowledgements, expectCompliant } from '../support/compliance';
import { importedDatabase } from '../support/imported-database';

function build(props: Partial<AnalyticsWorkgroupProps> = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const database = importedDatabase(stack, 'Events');
  const workgroup = new AnalyticsWorkgroup(stack, 'Analytics', { database, ...props });
  return { stack, database, workgroup, template: () => Template.fromStack(stack) };
}

test('an engine v3 workgroup that enforces encrypted results in a bucket where they expire', () => {
  const { template, workgroup } = build();
  const t = template();
  t.hasResourceProperties('AWS::Athena::WorkGroup', {
    Name: workgroup.workGroupName,
    State: 'ENABLED',
    WorkGroupConfiguration: {
      EnforceWorkGroupConfiguration: true,
      PublishCloudWatchMetricsEnabled: true,
      EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
      ResultConfiguration: {
        EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
        OutputLocation: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
      },
      BytesScannedCutoffPerQuery: Match.absent(),
    },
  });
  t.hasResourceProperties('AWS::S3::Bucket', {
    BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 30, Status: 'Enabled' })] },
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
  });
  t.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
  expect(JSON.stringify(stackResolve(workgroup))).toContain('/results/');
});

function stackResolve(workgroup: AnalyticsWorkgroup) {
  return Stack.of(workgroup).resolve(workgroup.workGroup.workGroupConfiguration);
}

test('one named query per reference analysis, in the events database and the workgroup', () => {
  const { template, database, workgroup } = build();
  const queries = template().findResources('AWS::Athena::NamedQuery');
  expect(Object.values(queries).map(q => q.Properties.Name)).toEqual(NAMED_QUERIES.map(q => q.name));
  for (const [i, query] of Object.values(queries).entries()) {
    expect(query.Properties).toEqual({
      Name: NAMED_QUERIES[i].name,
      Description: NAMED_QUERIES[i].description,
      Database: database.databaseName,
      QueryString: NAMED_QUERIES[i].sql,
      WorkGroup: { Ref: Stack.of(workgroup).getLogicalId(workgroup.workGroup) },
    });
  }
});

test('a customer managed key encrypts the results (SSE_KMS) and the bucket; a scan limit is set', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const database = importedDatabase(stack, 'Events');
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  new AnalyticsWorkgroup(stack, 'Analytics', {
    database, encryptionKey: key, bytesScannedCutoffPerQuery: 1_000_000_000, resultsExpiration: Duration.days(7), namedQueries: false,
  });
  const t = Template.fromStack(stack);
  t.hasResourceProperties('AWS::Athena::WorkGroup', {
    WorkGroupConfiguration: {
      BytesScannedCutoffPerQuery: 1_000_000_000,
      ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } } },
    },
  });
  t.hasResourceProperties('AWS::S3::Bucket', {
    BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: Match.anyValue() } })] },
    LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7 })] },
  });
  t.resourceCountIs('AWS::Athena::NamedQuery', 0);
});

test('a results bucket of your own is used as is', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const database = importedDatabase(stack, 'Events');
  const bucket = s3.Bucket.fromBucketName(stack, 'Mine', 'my-results');
  new AnalyticsWorkgroup(stack, 'Analytics', { database, resultsBucket: bucket });
  const t = Template.fromStack(stack);
  t.resourceCountIs('AWS::S3::Bucket', 0);
  t.hasResourceProperties('AWS::Athena::WorkGroup', {
    WorkGroupConfiguration: { ResultConfiguration: { OutputLocation: 's3://my-results/results/' } },
  });
});

test.each([
  [{ bytesScannedCutoffPerQuery: 1000 }, /bytesScannedCutoffPerQuery 1000 is invalid: it must be an integer of at least 10000000/],
  [{ workGroupName: 'has space' }, /workGroupName 'has space' is invalid/],
])('bad props are refused: %j', (props, message) => {
  expect(() => build(props)).toThrow(message);
});

test('resultsExpiration with a bucket of your own is refused', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const database = importedDatabase(stack, 'Events');
  expect(() => new AnalyticsWorkgroup(stack, 'Analytics', {
    database, resultsBucket: s3.Bucket.fromBucketName(stack, 'Mine', 'my-results'), resultsExpiration: Duration.days(1),
  })).toThrow(/resultsExpiration applies only to the results bucket this construct creates/);
});

test('grantQuery allows the workgroup\'s query actions on its ARN only, and results access', () => {
  const { stack, workgroup, template } = build();
  const role = new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() });
  workgroup.grantQuery(role);
  const policies = template().findResources('AWS::IAM::Policy');
  const statements = Object.values(policies).flatMap(p => p.Properties.PolicyDocument.Statement);
  const athena = statements.find(s => [s.Action].flat().includes('athena:StartQueryExecution'));
  expect(athena.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:athena:eu-west-1:111122223333:workgroup/${workgroup.workGroupName}`]] });
  expect(statements.some(s => [s.Action].flat().includes('glue:GetTable'))).toBe(true);
  expect(statements.some(s => [s.Action].flat().includes('s3:PutObject'))).toBe(true);
});

test('passes cdk-nag AwsSolutions and cfn-lint, each acknowledgement with its reason', () => {
  const { stack } = build({ bytesScannedCutoffPerQuery: 10_000_000 });
  expectCompliant(stack);
  expect(acknowledgements(stack).map(a => a.rule)).toEqual([expect.stringMatching(/(^|::)AwsSolutions-S1$/)]);
  expect(acknowledgements(stack)[0].reason).toMatch(/transient/);
});

test('with an access-log bucket there is nothing to acknowledge', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const database = importedDatabase(stack, 'Events');
  const logs = s3.Bucket.fromBucketName(stack, 'Logs', 'access-logs-example');
  new AnalyticsWorkgroup(stack, 'Analytics', { database, serverAccessLogsBucket: logs });
  expectCompliant(stack);
  expect(acknowledgements(stack)).toEqual([]);
});

import { CfnElement, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { IEventsDatabase } from '../../src';
import { awsSolutionsFindings, cfnLintProblems } from '../support/compliance';

/** The delivery stream of the imported stand-in database. */
export const IMPORTED_STREAM_ARN = 'arn:aws:firehose:eu-west-1:111111111111:deliverystream/engagement-events';

/**
 * A stand-in for an events database, built from real CDK resources, for testing the sources on their own: the
 * sources use only the interface, and never change the database.
 */
class StandInEventsDatabase extends Construct implements IEventsDatabase {
  public readonly bucket: s3.IBucket;
  public readonly encryptionKey?: kms.IKey;
  public readonly database: glue.IDatabase;
  public readonly databaseName: string;
  public readonly tableName = 'all_events';
  public readonly tableArn: string;
  public readonly deliveryStream: firehose.IDeliveryStream;

  constructor(scope: Construct, id: string, parts: { bucket: s3.IBucket; database: glue.IDatabase; deliveryStream: firehose.IDeliveryStream }) {
    super(scope, id);
    this.bucket = parts.bucket;
    this.database = parts.database;
    this.databaseName = parts.database.databaseName;
    this.tableArn = Stack.of(this).formatArn({ service: 'glue', resource: 'table', resourceName: `${this.databaseName}/${this.tableName}` });
    this.deliveryStream = parts.deliveryStream;
  }

  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.deliveryStream.grantPutRecords(grantee);
  }

  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    return this.bucket.grantRead(grantee, 'events/*');
  }
}

/** A database deployed by another stack, imported by ARNs: what a source stack usually sees. */
export function importedDatabase(scope: Construct, id = 'Database'): IEventsDatabase {
  const holder = new Construct(scope, `${id}Imports`);
  return new StandInEventsDatabase(scope, id, {
    bucket: s3.Bucket.fromBucketName(holder, 'Bucket', 'engagement-events-bucket'),
    database: glue.Database.fromDatabaseArn(holder, 'Glue', 'arn:aws:glue:eu-west-1:111111111111:database/engagement_events'),
    deliveryStream: firehose.DeliveryStream.fromDeliveryStreamArn(holder, 'Stream', IMPORTED_STREAM_ARN),
  });
}

/**
 * A database created in the same stack as the source. Its own compliance findings are acknowledged here (it is a
 * stand-in, not the real database), so a compliance check of the stack judges the source alone.
 */
export function databaseInStack(scope: Construct, id = 'Database'): IEventsDatabase {
  const parts = new Construct(scope, `${id}Parts`);
  const bucket = new s3.Bucket(parts, 'Bucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const database = new glue.Database(parts, 'Glue', { databaseName: 'engagement_events' });
  const deliveryStream = new firehose.DeliveryStream(parts, 'Stream', {
    destination: new firehose.S3Bucket(bucket),
    encryption: firehose.StreamEncryption.awsOwnedKey(),
  });
  Validations.of(parts).acknowledge(
    { id: 'AwsSolutions-S1', reason: 'Stand-in database for tests' },
    { id: 'AwsSolutions-IAM5[Action::s3:Abort*]', reason: 'Stand-in database for tests' },
    { id: 'AwsSolutions-IAM5[Action::s3:DeleteObject*]', reason: 'Stand-in database for tests' },
    { id: 'AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: 'Stand-in database for tests' },
    { id: 'AwsSolutions-IAM5[Action::s3:GetObject*]', reason: 'Stand-in database for tests' },
    { id: 'AwsSolutions-IAM5[Action::s3:List*]', reason: 'Stand-in database for tests' },
    { id: `AwsSolutions-IAM5[Resource::<${Stack.of(parts).getLogicalId(bucket.node.defaultChild as CfnElement)}.Arn>/*]`, reason: 'Stand-in database for tests' },
  );
  return new StandInEventsDatabase(scope, id, { bucket, database, deliveryStream });
}

/**
 * cfn-lint warnings the sources' stacks draw on top of the project-wide accepted ones, each with its reason.
 * W3005: aws-cdk-lib's lambda.Function always adds a DependsOn on its role, even a role it also references.
 */
export const SOURCE_CFN_LINT_WARNINGS: Record<string, string> = {
  W3005: 'aws-cdk-lib\'s lambda.Function adds DependsOn on the role it is given, which its Role property already references',
};

/** W3696 on a stack where PinpointEventStream creates a project: the same fact its synth-time warning reports. */
export const PINPOINT_APP_WARNING: Record<string, string> = {
  W3696: 'AWS::Pinpoint::App belongs to a service past end of support; PinpointEventStream warns at synth when it creates one',
};

/**
 * Asserts that a stack passes cdk-nag AwsSolutions with no unacknowledged finding, and cfn-lint with no error and no
 * warning beyond the accepted ones.
 */
export function expectSourceCompliant(stack: Stack, acceptedWarnings: Record<string, string> = {}): void {
  const accepted = { ...SOURCE_CFN_LINT_WARNINGS, ...acceptedWarnings };
  expect(awsSolutionsFindings(stack)).toEqual([]);
  expect(cfnLintProblems(stack).filter(problem => !(problem.split(' ')[0] in accepted && problem.startsWith('W')))).toEqual([]);
}

import { CfnElement, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { IEventsDatabase } from '../../src';

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

import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EventsDatabase, IEventsDatabase } from '../../src';
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

/** W3696 on a stack where PinpointEventStream creates a project: the same fact its synth-time warning reports. */
export const PINPOINT_APP_WARNING: Record<string, string> = {
  W3696: 'AWS::Pinpoint::App belongs to a service past end of support; PinpointEventStream warns at synth when it creates one',
};

/**
 * Asserts that a stack passes cdk-nag AwsSolutions with no unacknowledged finding, and cfn-lint with no error and no
 * warning beyond the project-wide accepted ones and `acceptedWarnings`.
 */
export function expectSourceCompliant(stack: Stack, acceptedWarnings: Record<string, string> = {}): void {
  expect(awsSolutionsFindings(stack)).toEqual([]);
  expect(cfnLintProblems(stack).filter(problem => !(problem.startsWith('W') && problem.split(' ')[0] in acceptedWarnings))).toEqual([]);
}

/** The real database, imported by its attributes as another stack would: delivery stream, bucket and name. */
export function importedEventsDatabase(scope: Construct, id = 'Database'): IEventsDatabase {
  const holder = new Construct(scope, `${id}Imports`);
  return EventsDatabase.fromEventsDatabaseAttributes(scope, id, {
    databaseName: 'engagement_events',
    bucket: s3.Bucket.fromBucketName(holder, 'Bucket', 'engagement-events-bucket'),
    deliveryStream: firehose.DeliveryStream.fromDeliveryStreamArn(holder, 'Stream', IMPORTED_STREAM_ARN),
  });
}

/** Options that point an AWS SDK v3 client at a moto server on the loopback interface. */
export function motoClientConfig(endpoint: string) {
  return { endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}

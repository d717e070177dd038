import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EventsDatabase, IEventsDatabase } from '../../src';

/** The delivery stream of the imported database. */
export const IMPORTED_STREAM_ARN = 'arn:aws:firehose:eu-west-1:111111111111:deliverystream/engagement-events';

/**
 * An events database deployed by another stack, imported by its attributes as a source or view stack sees it:
 * the library's own import, so that the tests of what takes an `IEventsDatabase` use what users use.
 */
export function importedDatabase(scope: Construct, id = 'Database', databaseName = 'engagement_events'): IEventsDatabase {
  const holder = new Construct(scope, `${id}Imports`);
  return EventsDatabase.fromEventsDatabaseAttributes(scope, id, {
    databaseName,
    bucket: s3.Bucket.fromBucketName(holder, 'Bucket', 'engagement-events-bucket'),
    deliveryStream: firehose.DeliveryStream.fromDeliveryStreamArn(holder, 'Stream', IMPORTED_STREAM_ARN),
  });
}

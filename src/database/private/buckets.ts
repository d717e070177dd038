import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EventsBucketOptions } from '../events-bucket';
import { ERRORS_PREFIX, EVENTS_PREFIX, RAW_PREFIX } from '../layout';

/** The bucket that receives the events bucket's server access logs, when none is given. */
export function createAccessLogsBucket(scope: Construct, removalPolicy: RemovalPolicy): s3.Bucket {
  return new s3.Bucket(scope, 'AccessLogsBucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    // Ownership is left to aws-cdk-lib: the log delivery ACL or bucket policy it sets up depends on the app's
    // feature flags.
    removalPolicy,
  });
}

/** How the events bucket is created. */
export interface CreateEventsBucketProps {
  readonly options: EventsBucketOptions;
  readonly accessLogs: s3.IBucket;
  readonly removalPolicy: RemovalPolicy;
  /** Send the bucket's events to EventBridge, where the partition registrar picks them up. */
  readonly eventBridge: boolean;
}

/** The events bucket: encrypted, TLS only, private, access logged, with lifecycle rules per prefix. */
export function createEventsBucket(scope: Construct, props: CreateEventsBucketProps): s3.Bucket {
  const { encryptionKey, retention, transitions, rawRecordRetention } = props.options;
  if (retention && transitions?.some(t => t.transitionAfter && t.transitionAfter.toDays() >= retention.toDays())) {
    throw new Error('EventsDatabase: a transition in transitions comes after retention expires the events: '
      + 'shorten the transition or lengthen retention');
  }
  const expireAfter = (prefix: string, expiration?: Duration): s3.LifecycleRule[] =>
    expiration ? [{ prefix, expiration }] : [];
  const bucket = new s3.Bucket(scope, 'Bucket', {
    encryption: encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey,
    bucketKeyEnabled: encryptionKey ? true : undefined,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: props.accessLogs,
    serverAccessLogsPrefix: 'events-bucket/',
    removalPolicy: props.removalPolicy,
    lifecycleRules: [
      ...(retention || transitions ? [{ prefix: EVENTS_PREFIX, expiration: retention, transitions }] : []),
      ...expireAfter(RAW_PREFIX, rawRecordRetention),
      ...expireAfter(ERRORS_PREFIX, rawRecordRetention),
      // Parts of multipart uploads Firehose abandoned cost storage and are never completed.
      { abortIncompleteMultipartUploadAfter: Duration.days(7) },
    ],
  });
  if (props.eventBridge) {
    // Set on the resource rather than through `eventBridgeEnabled`, which adds aws-cdk-lib's stack-wide
    // bucket-notifications function.
    (bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
  }
  return bucket;
}

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { checkLifecycleDays } from '../../private/rules';
import { EventsBucketOptions } from '../events-bucket';
import { ERRORS_PREFIX, EVENTS_PREFIX, RAW_PREFIX } from '../layout';

/** How long raw copies and failed records are kept by default: they hold email addresses and phone numbers. */
const DEFAULT_RAW_RECORD_RETENTION = Duration.days(90);
/** How long an overwritten or deleted object's earlier version is kept by default. */
const DEFAULT_NONCURRENT_VERSION_RETENTION = Duration.days(30);

/**
 * The bucket that receives the events bucket's server access logs, when none is given. Versioned like the events
 * bucket (`options.versioned`), so that a log deleted by mistake, or by someone covering their tracks, can be
 * restored for as long as earlier versions of events are.
 */
export function createAccessLogsBucket(scope: Construct, options: EventsBucketOptions, removalPolicy: RemovalPolicy): s3.Bucket {
  const versioned = options.versioned ?? true;
  return new s3.Bucket(scope, 'AccessLogsBucket', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    // Ownership is left to aws-cdk-lib: the log delivery ACL or bucket policy it sets up depends on the app's
    // feature flags.
    removalPolicy,
    versioned,
    lifecycleRules: versioned ? [earlierVersionsExpire(options)] : undefined,
  });
}

/** Earlier versions of objects expire, and then the delete markers left alone. */
function earlierVersionsExpire(options: EventsBucketOptions): s3.LifecycleRule {
  return {
    noncurrentVersionExpiration: options.noncurrentVersionRetention ?? DEFAULT_NONCURRENT_VERSION_RETENTION,
    expiredObjectDeleteMarker: true,
  };
}

/** How the events bucket is created. */
export interface CreateEventsBucketProps {
  readonly options: EventsBucketOptions;
  readonly accessLogs: s3.IBucket;
  readonly removalPolicy: RemovalPolicy;
  /** Send the bucket's events to EventBridge, where the partition registrar picks them up. */
  readonly eventBridge: boolean;
}

/**
 * Checks the options of a bucket to create, naming the database (`scope`), the prop and the fix: S3 counts lifecycle
 * rules in whole days, an unversioned bucket has no earlier versions, and an object cannot move to another storage
 * class after it expired.
 */
export function checkEventsBucketOptions(scope: Construct, options: EventsBucketOptions): void {
  const { retention, transitions } = options;
  const where = `EventsDatabase ${scope.node.path}: bucket`;
  checkLifecycleDays(`${where} retention`, retention);
  checkLifecycleDays(`${where} rawRecordRetention`, options.rawRecordRetention);
  checkLifecycleDays(`${where} noncurrentVersionRetention`, options.noncurrentVersionRetention);
  if (options.versioned === false && options.noncurrentVersionRetention) {
    throw new Error(`${where} noncurrentVersionRetention applies to earlier versions, which an unversioned bucket does not keep: `
      + 'leave out versioned: false, or leave out noncurrentVersionRetention');
  }
  if (retention && transitions?.some(t => t.transitionAfter && t.transitionAfter.toDays() >= retention.toDays())) {
    throw new Error(`${where}: a transition in transitions comes after retention expires the events: `
      + 'shorten the transition or lengthen retention');
  }
}

/** The events bucket: encrypted, TLS only, private, access logged, versioned, with lifecycle rules per prefix. */
export function createEventsBucket(scope: Construct, props: CreateEventsBucketProps): s3.Bucket {
  const { encryptionKey, retention, transitions } = props.options;
  const rawRecordRetention = props.options.rawRecordRetention ?? DEFAULT_RAW_RECORD_RETENTION;
  const versioned = props.options.versioned ?? true;
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
    versioned,
    lifecycleRules: [
      ...(retention || transitions ? [{ prefix: EVENTS_PREFIX, expiration: retention, transitions }] : []),
      { prefix: RAW_PREFIX, expiration: rawRecordRetention },
      { prefix: ERRORS_PREFIX, expiration: rawRecordRetention },
      // Parts of multipart uploads Firehose abandoned cost storage and are never completed.
      { abortIncompleteMultipartUploadAfter: Duration.days(7) },
      // An expired or deleted object leaves its earlier version behind, and once that expires, a delete marker.
      ...(versioned ? [earlierVersionsExpire(props.options)] : []),
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

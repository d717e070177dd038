import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** How `EventsDatabase` creates the events bucket, for `EventsBucket.create`. */
export interface EventsBucketOptions {
  /**
   * Customer managed key that encrypts the bucket. Firehose and query grants get the matching KMS permissions.
   * @default - S3-managed encryption (SSE-S3)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Bucket that receives the bucket's server access logs.
   * @default - a log bucket is created (encrypted, TLS only, public access blocked, retained)
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * How long Parquet events are kept.
   * @default - kept until you delete them
   */
  readonly retention?: Duration;

  /**
   * Storage-class transitions for the Parquet events.
   * @default - none: events stay in S3 Standard
   */
  readonly transitions?: s3.Transition[];

  /**
   * How long the raw copy of every record (`raw/`) and failed records (`errors/`) are kept, in whole days. The raw
   * copy holds every field of every record, including any the table does not declare, and both hold personal data
   * (email addresses, phone numbers), so they expire by default: long enough to replay records after a failure has
   * been noticed and fixed, short enough not to keep a second copy of everyone's contact details for good. Lengthen
   * it if you replay or audit further back.
   * @default Duration.days(90)
   */
  readonly rawRecordRetention?: Duration;

  /**
   * Keep every version of every object (S3 versioning), so that an object overwritten or deleted by mistake can be
   * restored; the access-log bucket the construct creates is versioned alike. Earlier versions expire after
   * `noncurrentVersionRetention`.
   * @default true
   */
  readonly versioned?: boolean;

  /**
   * How long an overwritten or deleted object's earlier version is kept, in whole days, when `versioned` is on.
   * @default Duration.days(30)
   */
  readonly noncurrentVersionRetention?: Duration;
}

/**
 * The bucket that holds the events: one that `EventsDatabase` creates (`EventsBucket.create`, the default), or one
 * of yours (`EventsBucket.fromBucket`). Lifecycle and access-log options exist only for a created bucket, so they
 * cannot be given with a bucket whose settings are yours.
 *
 * In either bucket, Firehose writes Parquet under `events/`, the raw copy of every record under `raw/` and failed
 * records under `errors/`.
 */
export class EventsBucket {
  /**
   * A bucket created with the database: encrypted, TLS only, public access blocked, access logged, and removed
   * according to the database's `removalPolicy` (retained by default).
   * @param options how the bucket is encrypted, logged and expired
   */
  public static create(options: EventsBucketOptions = {}): EventsBucket {
    return new EventsBucket(options.encryptionKey, undefined, options);
  }

  /**
   * A bucket of your own. Its encryption, access logs, lifecycle and removal policy are yours. With
   * `PartitionStrategy.registered()`, turn on its Amazon EventBridge notifications.
   * @param bucket the bucket
   * @param encryptionKey the customer managed key the bucket is encrypted with, if it is (Firehose and query
   *   grants get the matching KMS permissions); by default the bucket's own `encryptionKey`, if it has one
   */
  public static fromBucket(bucket: s3.IBucket, encryptionKey?: kms.IKey): EventsBucket {
    return new EventsBucket(encryptionKey ?? bucket.encryptionKey, bucket, undefined);
  }

  /** The customer managed key that encrypts the events, if any. */
  public readonly encryptionKey?: kms.IKey;

  /** @internal The bucket given to `fromBucket`. */
  public readonly _bucket?: s3.IBucket;

  /** @internal The options given to `create`. */
  public readonly _createOptions?: EventsBucketOptions;

  private constructor(encryptionKey: kms.IKey | undefined, bucket: s3.IBucket | undefined, createOptions: EventsBucketOptions | undefined) {
    this.encryptionKey = encryptionKey;
    this._bucket = bucket;
    this._createOptions = createOptions;
  }
}

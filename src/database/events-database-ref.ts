import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct, IDependable } from 'constructs';

/**
 * What sources, views and analysts need from an events database, whether it was created in this stack
 * (`EventsDatabase`) or imported (`EventsDatabase.fromEventsDatabaseAttributes`).
 */
export interface IEventsDatabase extends IConstruct {
  /** The bucket that holds the Parquet events, the raw copies of every record and delivery errors. */
  readonly bucket: s3.IBucket;
  /** The customer managed key that encrypts the bucket, when there is one. */
  readonly encryptionKey?: kms.IKey;
  /** The Glue database. */
  readonly database: glue.IDatabase;
  /** Name of the Glue database (also the Athena database). */
  readonly databaseName: string;
  /** Name of the events table, `all_events`. */
  readonly tableName: string;
  /** ARN of the events table. */
  readonly tableArn: string;
  /** The delivery stream every source writes its records to. */
  readonly deliveryStream: firehose.IDeliveryStream;
  /**
   * Depend on this to be deployed once the Glue database and everything views read in it exist (`all_events`,
   * with projected hours also the table under it, and an adopted deployment's table), and to be removed before
   * them. Empty for an imported database, whose catalog another stack deployed.
   */
  readonly catalogCreated: IDependable;

  /** Lets `grantee` put records into the delivery stream. */
  grantWrite(grantee: iam.IGrantable): iam.Grant;
  /**
   * Lets `grantee` query the events with Athena: read the Glue database, table and views, read the Parquet
   * objects, and decrypt them when a customer managed key encrypts the bucket. Athena workgroup permissions
   * are granted by the workgroup.
   */
  grantQuery(grantee: iam.IGrantable): iam.Grant;

  /**
   * Whether Firehose delivered to S3 (`DeliveryToS3.Success`: 1 when every put succeeded).
   * @default - average over 5 minutes
   */
  metricDeliverySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Records that failed conversion to Parquet and were written under `errors/format-conversion-failed/`.
   * @default - sum over 5 minutes
   */
  metricFormatConversionFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Records the record processor could not read or normalize, written under `errors/processing-failed/`.
   * The processor publishes it through its logs (CloudWatch embedded metric format).
   * @default - sum over 5 minutes
   */
  metricProcessingFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Age in seconds of the oldest record in Firehose not yet delivered to S3: how stale the database is.
   * @default - maximum over 5 minutes
   */
  metricDataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct, IDependable } from 'constructs';
import { TableFormat } from './table-format';

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
  /** How the events table stores its rows: Parquet files, or an Apache Iceberg table. */
  readonly tableFormat: TableFormat;
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
   * Lets `grantee` carry out an erasure request: run the repair command's `erase-person` (list the bucket, read,
   * rewrite and delete objects under `raw/` and `errors/`, with the bucket's key through S3) and, with
   * `TableFormat.ICEBERG`, the erasure named query's `DELETE` in Athena (what `grantQuery` allows, and
   * `glue:UpdateTable` on the table and `s3:PutObject` under `events/` to write the delete files and the new
   * snapshot). Athena workgroup permissions are granted by the workgroup.
   */
  grantErase(grantee: iam.IGrantable): iam.Grant;

  /**
   * Whether Firehose delivered to S3 (`DeliveryToS3.Success`: 1 when every put succeeded). With
   * `TableFormat.ICEBERG`, the commits Firehose made to the table (`DeliveryToIceberg.Success`).
   * @default - average over 5 minutes (with Iceberg, sum)
   */
  metricDeliverySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Records that failed conversion to Parquet and were written under `errors/format-conversion-failed/`. With
   * `TableFormat.ICEBERG`, the rows Firehose could not write into the table, written under `errors/`
   * (`DeliveryToIceberg.FailedRowCount`).
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
   * Age in seconds of the oldest record in Firehose not yet delivered to S3 (with Iceberg, to the table): how
   * stale the database is.
   * @default - maximum over 5 minutes
   */
  metricDataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Records the sources put into the delivery stream (`IncomingRecords`).
   * @default - sum over 5 minutes
   */
  metricIncomingRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Share of the record processor's invocations by Firehose that succeeded (`ExecuteProcessing.Success`: 1 when
   * every one did). A failed invocation is retried; after the retries its records go under
   * `errors/processing-failed/`.
   * @default - average over 5 minutes
   */
  metricProcessingSuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Records the record processor returned normalized (`SucceedProcessing.Records`).
   * @default - sum over 5 minutes
   */
  metricProcessedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Records converted to Parquet (`SucceedConversion.Records`); with Iceberg, rows written into the table
   * (`DeliveryToIceberg.SuccessfulRowCount`).
   * @default - sum over 5 minutes
   */
  metricConvertedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Bytes Firehose delivered to the events bucket (`DeliveryToS3.Bytes`; with Iceberg, `DeliveryToIceberg.Bytes`).
   * @default - sum over 5 minutes
   */
  metricDeliveredBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /**
   * Whether Firehose wrote the raw copy of records under `raw/` (`BackupToS3.Success`: 1 when every put succeeded).
   * @default - average over 5 minutes
   */
  metricRawCopySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import { IEventsDatabase } from './events-database-ref';
import { ERRORS_PREFIX, EVENTS_PREFIX, RAW_PREFIX } from './layout';
import { grantKeyThroughServices, grantReadObjects } from './private/grants';
import { PROCESSOR_METRICS_NAMESPACE, RECORDS_FAILED_PROCESSING_METRIC } from './record-processing';
import { TableFormat } from './table-format';
import { EVENTS_TABLE_NAME } from '../schema/event-schema';

/**
 * What every events database can do, whether this app created it or imported it: its grants and its metrics.
 * The subclasses only say where the parts are.
 *
 * @internal a hidden base class: jsii copies its members into `EventsDatabase`
 */
export abstract class EventsDatabaseBase extends Construct implements IEventsDatabase {
  public abstract readonly bucket: s3.IBucket;
  public abstract readonly encryptionKey?: kms.IKey;
  public abstract readonly database: glue.IDatabase;
  public abstract readonly databaseName: string;
  public abstract readonly catalogCreated: IDependable;
  public abstract readonly deliveryStream: firehose.IDeliveryStream;
  public abstract readonly tableFormat: TableFormat;
  public readonly tableName: string = EVENTS_TABLE_NAME;

  public get tableArn(): string {
    return this.catalogArn('table', `${this.databaseName}/${this.tableName}`);
  }

  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.deliveryStream.grantPutRecords(grantee);
  }

  public grantQuery(grantee: iam.IGrantable): iam.Grant {
    const glueGrant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions', 'glue:BatchGetPartition'],
      resourceArns: [
        this.catalogArn('catalog'),
        this.database.databaseArn,
        // The table and the views, which live in the same database.
        this.catalogArn('table', `${this.databaseName}/*`),
      ],
    });
    grantReadObjects(grantee, this.bucket, EVENTS_PREFIX, this.encryptionKey);
    return glueGrant;
  }

  public grantErase(grantee: iam.IGrantable): iam.Grant {
    // erase-person rewrites the raw copies and failed records that keep other records, and deletes the rest.
    const grant = iam.Grant.addToPrincipalOrResource({
      grantee,
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resourceArns: [this.bucket.arnForObjects(`${RAW_PREFIX}*`), this.bucket.arnForObjects(`${ERRORS_PREFIX}*`)],
      resource: this.bucket,
    });
    iam.Grant.addToPrincipalOrResource({ grantee, actions: ['s3:ListBucket'], resourceArns: [this.bucket.bucketArn], resource: this.bucket });
    if (this.encryptionKey) {
      grantKeyThroughServices(grantee, this.encryptionKey, ['kms:Decrypt', 'kms:GenerateDataKey'], ['s3']);
    }
    if (this.iceberg) {
      // Athena's DELETE reads the table as a query does, writes delete files and new metadata under events/ with
      // the caller's credentials, and commits the new snapshot to the Glue table.
      this.grantQuery(grantee);
      iam.Grant.addToPrincipal({ grantee, actions: ['glue:UpdateTable'], resourceArns: [this.tableArn] });
      iam.Grant.addToPrincipalOrResource({
        grantee, actions: ['s3:PutObject'], resourceArns: [this.bucket.arnForObjects(`${EVENTS_PREFIX}*`)], resource: this.bucket,
      });
    }
    return grant;
  }

  public metricDeliverySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.iceberg
      ? this.deliveryStream.metric('DeliveryToIceberg.Success', { statistic: 'Sum', ...props })
      : this.deliveryStream.metric('DeliveryToS3.Success', { statistic: 'Average', ...props });
  }

  public metricFormatConversionFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric(this.iceberg ? 'DeliveryToIceberg.FailedRowCount' : 'FailedConversion.Records', { statistic: 'Sum', ...props });
  }

  public metricProcessingFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: PROCESSOR_METRICS_NAMESPACE,
      metricName: RECORDS_FAILED_PROCESSING_METRIC,
      dimensionsMap: { DeliveryStream: this.deliveryStream.deliveryStreamName },
      statistic: 'Sum',
      ...props,
    });
  }

  public metricDataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric(this.iceberg ? 'DeliveryToIceberg.DataFreshness' : 'DeliveryToS3.DataFreshness', { statistic: 'Maximum', ...props });
  }

  public metricIncomingRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric('IncomingRecords', { statistic: 'Sum', ...props });
  }

  public metricProcessingSuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric('ExecuteProcessing.Success', { statistic: 'Average', ...props });
  }

  public metricProcessedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric('SucceedProcessing.Records', { statistic: 'Sum', ...props });
  }

  public metricConvertedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric(this.iceberg ? 'DeliveryToIceberg.SuccessfulRowCount' : 'SucceedConversion.Records', { statistic: 'Sum', ...props });
  }

  public metricDeliveredBytes(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric(this.iceberg ? 'DeliveryToIceberg.Bytes' : 'DeliveryToS3.Bytes', { statistic: 'Sum', ...props });
  }

  public metricRawCopySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.deliveryStream.metric('BackupToS3.Success', { statistic: 'Average', ...props });
  }

  /** Firehose names its delivery metrics after the destination: `DeliveryToS3.*`, or `DeliveryToIceberg.*`. */
  private get iceberg(): boolean {
    return this.tableFormat === TableFormat.ICEBERG;
  }

  protected catalogArn(resource: string, resourceName?: string): string {
    return Stack.of(this).formatArn({
      service: 'glue',
      resource,
      resourceName,
      arnFormat: resourceName === undefined ? ArnFormat.NO_RESOURCE_NAME : ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}

/**
 * An events database made of real CDK resources (a Glue database and table, an imported bucket and delivery
 * stream), standing in for `EventsDatabase` in tests of the constructs that only need `IEventsDatabase`.
 */
import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { IEventsDatabase } from '../../src/database/events-database-ref';
import { EVENT_COLUMNS, EVENTS_TABLE_NAME, PARTITION_KEYS, toHiveType } from '../../src/schema/event-schema';

export class TestEventsDatabase extends Construct implements IEventsDatabase {
  readonly bucket: s3.IBucket;
  readonly database: glue.IDatabase;
  readonly databaseName: string;
  readonly tableName = EVENTS_TABLE_NAME;
  readonly tableArn: string;
  readonly deliveryStream: firehose.IDeliveryStream;
  readonly table: glue.CfnTable;

  constructor(scope: Construct, id: string, databaseName = 'engagement_events') {
    super(scope, id);
    this.databaseName = databaseName;
    this.bucket = s3.Bucket.fromBucketName(this, 'Bucket', 'events-bucket-example');
    this.database = new glue.Database(this, 'Database', { databaseName });
    this.table = new glue.CfnTable(this, 'Table', {
      catalogId: Stack.of(this).account,
      databaseName,
      tableInput: {
        name: EVENTS_TABLE_NAME,
        tableType: 'EXTERNAL_TABLE',
        partitionKeys: PARTITION_KEYS.map(c => ({ name: c.name, type: toHiveType(c.type) })),
        storageDescriptor: {
          columns: EVENT_COLUMNS.map(c => ({ name: c.name, type: toHiveType(c.type) })),
          location: 's3://events-bucket-example/events/',
        },
      },
    });
    this.table.addResourceDependency(this.database.node.defaultChild as glue.CfnDatabase);
    this.tableArn = Stack.of(this).formatArn({ service: 'glue', resource: 'table', resourceName: `${databaseName}/${EVENTS_TABLE_NAME}` });
    this.deliveryStream = firehose.DeliveryStream.fromDeliveryStreamName(this, 'Stream', 'events-stream-example');
  }

  grantWrite(grantee: iam.IGrantable): iam.Grant {
    return this.deliveryStream.grantPutRecords(grantee);
  }

  grantQuery(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
      resourceArns: [Stack.of(this).formatArn({ service: 'glue', resource: 'catalog' }), this.database.databaseArn, this.tableArn],
    });
  }
}

/** EventViews and AnalyticsWorkgroup on a real EventsDatabase, in the same stack and imported. */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AnalyticsWorkgroup, EventsDatabase, EventViews } from '../../src';
import { ALL_STANDARD_VIEWS } from '../../src/views/view-catalog';
import { expectCompliant } from '../support/compliance';

const ENV = { account: '111122223333', region: 'eu-west-1' };

test('views on an EventsDatabase in the same stack depend on its table and name its database', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const database = new EventsDatabase(stack, 'Events', { databaseName: 'engagement' });
  const views = new EventViews(stack, 'Views', { database });
  new AnalyticsWorkgroup(stack, 'Analytics', { database });
  const template = Template.fromStack(stack);
  const tableId = stack.getLogicalId(database.table.node.defaultChild as glue.CfnTable);
  for (const name of ALL_STANDARD_VIEWS.map(v => v.name)) {
    const view = views.view(name);
    const resource = template.toJSON().Resources[stack.getLogicalId(view)];
    expect(resource.Properties.DatabaseName).toBe('engagement');
    expect(resource.DependsOn).toContain(tableId);
  }
  expectCompliant(stack);
});

test('views on an imported EventsDatabase create only the views', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: ENV });
  const database = EventsDatabase.fromEventsDatabaseAttributes(stack, 'Events', {
    databaseName: 'engagement',
    bucket: s3.Bucket.fromBucketName(stack, 'Bucket', 'events-bucket'),
    deliveryStream: firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'events-stream'),
  });
  new EventViews(stack, 'Views', { database });
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::Glue::Table', ALL_STANDARD_VIEWS.length);
  template.resourceCountIs('AWS::Glue::Database', 0);
});

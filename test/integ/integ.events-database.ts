/**
 * The events database with its defaults, its alarms, a custom event view and an Athena workgroup.
 *
 *   npx integ-runner --language typescript --app 'npx tsx {filePath}' integ.events-database.ts
 *
 * After deployment the assertions read the created table and the custom view back from the Glue catalog.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AnalyticsWorkgroup, EventsDatabase } from '../../src';

const app = new App();
const stack = new Stack(app, 'EventsDatabaseIntegStack');

const database = new EventsDatabase(stack, 'EventsDatabase', {
  // A name of its own, so that the test does not meet a deployed `due_eventdb` in the account.
  databaseName: 'integ_events_database',
  createAlarms: true,
  // The test leaves nothing behind; the default (RETAIN) is for real data.
  removalPolicy: RemovalPolicy.DESTROY,
});
database.views.addCustomEventView('purchase_completed', {
  eventType: 'purchase_completed',
  attributes: { product_id: 'productId' },
  metrics: { price: 'price' },
});
new AnalyticsWorkgroup(stack, 'Analytics', { database, removalPolicy: RemovalPolicy.DESTROY });

const integ = new IntegTest(app, 'EventsDatabaseInteg', { testCases: [stack] });

integ.assertions.awsApiCall('Glue', 'getTable', { DatabaseName: database.databaseName, Name: database.tableName })
  .expect(ExpectedResult.objectLike({
    Table: { Name: database.tableName, PartitionKeys: [{ Name: 'ingest_timestamp', Type: 'timestamp' }] },
  }));
integ.assertions.awsApiCall('Glue', 'getTable', { DatabaseName: database.databaseName, Name: 'purchase_completed' })
  .expect(ExpectedResult.objectLike({ Table: { Name: 'purchase_completed', TableType: 'VIRTUAL_VIEW' } }));

app.synth();

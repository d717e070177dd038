/**
 * The events database with Athena partition projection and a customer managed KMS key.
 *
 *   npx integ-runner --language typescript --app 'npx tsx {filePath}' integ.projected.ts
 *
 * After deployment the assertion reads the table's projection parameters back from the Glue catalog.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { EventsBucket, EventsDatabase, PartitionStrategy } from '../../src';

const app = new App();
const stack = new Stack(app, 'ProjectedIntegStack');

const encryptionKey = new kms.Key(stack, 'EventsKey', {
  enableKeyRotation: true,
  removalPolicy: RemovalPolicy.DESTROY,
});
const database = new EventsDatabase(stack, 'EventsDatabase', {
  databaseName: 'integ_projected',
  partitionStrategy: PartitionStrategy.projected(),
  bucket: EventsBucket.create({ encryptionKey }),
  removalPolicy: RemovalPolicy.DESTROY,
});

const integ = new IntegTest(app, 'ProjectedInteg', { testCases: [stack] });

integ.assertions.awsApiCall('Glue', 'getTable', { DatabaseName: database.databaseName, Name: database.tableName })
  .expect(ExpectedResult.objectLike({
    Table: { Parameters: { 'projection.enabled': 'true' } },
  }));

app.synth();

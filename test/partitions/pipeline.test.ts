/**
 * The whole registration path on moto_server: objects put into an S3 bucket that sends its events to
 * EventBridge, the rule synthesized by PartitionRegistrar routing them to an SQS queue, and the bundled handler
 * consuming what the queue holds.
 */
import { GetPartitionsCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateQueueCommand, GetQueueAttributesCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { SQSRecord } from 'aws-lambda';
import { awsEnvironment, MotoServer, startMoto } from '../../fixtures/moto';
import { applyEnvironment, BUCKET, CATALOG, createEventsTable, DATABASE, handlerEnvironment, loadBundledHandler, requireFreshBundle, sqsEvent, TABLE } from '../../fixtures/partition-harness';
import { PartitionRegistrar } from '../../src';

let moto: MotoServer;
let restoreEnvironment: () => void;
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

beforeAll(async () => {
  requireFreshBundle();
  moto = await startMoto();
  restoreEnvironment = applyEnvironment({ ...awsEnvironment(moto.endpoint), ...handlerEnvironment() });
});

afterAll(async () => {
  await moto?.stop();
  restoreEnvironment?.();
});

/** The event pattern of the rule PartitionRegistrar synthesizes for the bucket. */
function synthesizedEventPattern(): unknown {
  const stack = new Stack(new App(), 'Pattern', { env: { account: CATALOG, region: 'us-east-1' } });
  new PartitionRegistrar(stack, 'Partitions', {
    bucket: s3.Bucket.fromBucketName(stack, 'Bucket', BUCKET), databaseName: DATABASE, tableName: TABLE,
  });
  const [rule] = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule'));
  return rule.Properties.EventPattern;
}

/**
 * A request to moto_server for a service this project has no SDK client for. moto does not check signatures;
 * it reads the service from the credential scope of the Authorization header.
 */
async function call(service: string, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<string> {
  const authorization = `AWS4-HMAC-SHA256 Credential=testing/20240101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`;
  const response = await fetch(`${moto.endpoint}${path}`, {
    method, body, headers: { 'Content-Type': 'application/xml', 'Authorization': authorization, ...headers },
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  }
  return text;
}

const eventsApi = (operation: string, body: unknown) => call('events', 'POST', '/', JSON.stringify(body), {
  'X-Amz-Target': `AWSEvents.${operation}`, 'Content-Type': 'application/x-amz-json-1.1',
});

test('objects under events/ reach the handler through EventBridge and SQS and become partitions; raw/ and errors/ never do', async () => {
  const glue = new GlueClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
  const sqs = new SQSClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
  try {
    await createEventsTable(glue);
    const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'partition-events' }));
    const { Attributes: attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));

    await call('s3', 'PUT', `/${BUCKET}`);
    await call('s3', 'PUT', `/${BUCKET}?notification`,
      '<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><EventBridgeConfiguration></EventBridgeConfiguration></NotificationConfiguration>');
    await eventsApi('PutRule', { Name: 'partitions', EventPattern: JSON.stringify(synthesizedEventPattern()), State: 'ENABLED' });
    await eventsApi('PutTargets', { Rule: 'partitions', Targets: [{ Id: 'queue', Arn: attributes!.QueueArn }] });

    const keys = [
      'events/2024/06/01/07/stream-1-2024-06-01-07-00-00-a.parquet',
      'events/2024/06/01/07/stream-1-2024-06-01-07-05-00-b.parquet',
      'events/2024/06/01/08/stream-1-2024-06-01-08-00-00-c.parquet',
      'raw/2024/06/01/07/stream-1-2024-06-01-07-00-00-d.gz',
      'errors/format-conversion-failed/2024/06/01/07/e.gz',
    ];
    for (const key of keys) {
      await call('s3', 'PUT', `/${BUCKET}/${key}`, 'PAR1');
    }

    const messages: Message[] = [];
    for (let attempt = 0; attempt < 10 && messages.length < 3; attempt++) {
      const { Messages: received = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      messages.push(...received);
    }
    const queuedKeys = messages.map(message => JSON.parse(message.Body!).detail.object.key).sort();
    expect(queuedKeys).toEqual(keys.slice(0, 3).sort());

    const records = messages.map(message => ({ messageId: message.MessageId!, body: message.Body! }) as SQSRecord);
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const response = await loadBundledHandler()(sqsEvent(records));
    expect(response.batchItemFailures).toEqual([]);

    const { Partitions: partitions = [] } = await glue.send(
      new GetPartitionsCommand({ CatalogId: CATALOG, DatabaseName: DATABASE, TableName: TABLE }));
    expect(partitions.map(partition => [partition.Values![0], partition.StorageDescriptor!.Location]).sort()).toEqual([
      ['2024-06-01 07:00:00', `s3://${BUCKET}/events/2024/06/01/07/`],
      ['2024-06-01 08:00:00', `s3://${BUCKET}/events/2024/06/01/08/`],
    ]);
  } finally {
    jest.restoreAllMocks();
    glue.destroy();
    sqs.destroy();
  }
});

/**
 * The bundled partition registration handler against moto_server's Glue, behind a local proxy that counts
 * every Glue call and injects the faults moto cannot produce.
 */
import { DeletePartitionCommand, DeleteTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { awsError, FaultProxy } from '../../fixtures/fault-proxy';
import { awsEnvironment, MotoServer, startMoto } from '../../fixtures/moto';
import {
  applyEnvironment, BUCKET, CATALOG, createEventsTable, DATABASE, EVENTS_PREFIX, handlerEnvironment, hour, loadBundledHandler,
  objectCreatedMessage, parquetKey, partitionValue, requireFreshBundle, sqsEvent, TABLE, TABLE_STORAGE, tablePartitions,
} from '../../fixtures/partition-harness';
import { PartitionRegistrar } from '../../src';

const throttled = { answer: awsError('ThrottlingException', 'Rate exceeded') };

let moto: MotoServer;
let proxy: FaultProxy;
let admin: GlueClient;
let restoreEnvironment: () => void;
let logs: any[];

beforeAll(async () => {
  requireFreshBundle();
  moto = await startMoto();
  proxy = await FaultProxy.start(moto.endpoint);
  restoreEnvironment = applyEnvironment({ ...awsEnvironment(proxy.endpoint), ...handlerEnvironment() });
  admin = new GlueClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
});

afterAll(async () => {
  admin?.destroy();
  await proxy?.stop();
  await moto?.stop();
  restoreEnvironment?.();
});

beforeEach(async () => {
  await moto.reset();
  await createEventsTable(admin);
  proxy.clear();
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { logs.push(JSON.parse(line)); });
});

afterEach(() => jest.restoreAllMocks());

async function registered(): Promise<Map<string, any>> {
  return tablePartitions(admin);
}

/** A fresh container, optionally with extra environment. */
function container(env: Record<string, string> = {}) {
  const restore = applyEnvironment(handlerEnvironment(env));
  try {
    return loadBundledHandler();
  } finally {
    restore();
  }
}

/** The summary line of the latest invocation. */
const lastSummary = () => logs.filter(entry => entry.message === 'batch processed').pop();
const calls = (operation: string) => proxy.callsOf(operation).length;
const failures = (response: { batchItemFailures: { itemIdentifier: string }[] }) => response.batchItemFailures.map(f => f.itemIdentifier).sort();

describe('registering', () => {
  test('a new hour becomes a partition with the table storage, its hour folder and the hour as a timestamp value', async () => {
    const handler = container();
    const response = await handler(sqsEvent([objectCreatedMessage('m1', parquetKey(hour(0), 1))]));

    expect(failures(response)).toEqual([]);
    expect(calls('GetTable')).toBe(1);
    expect(calls('BatchCreatePartition')).toBe(1);
    const partitions = await registered();
    expect([...partitions.keys()]).toEqual(['2024-02-28 22:00:00']);
    const storage = partitions.get('2024-02-28 22:00:00').StorageDescriptor;
    expect(storage.Location).toBe(`s3://${BUCKET}/${EVENTS_PREFIX}2024/02/28/22/`);
    expect(storage.Columns).toEqual(TABLE_STORAGE.Columns);
    expect(storage.InputFormat).toBe(TABLE_STORAGE.InputFormat);
    expect(storage.OutputFormat).toBe(TABLE_STORAGE.OutputFormat);
    expect(storage.SerdeInfo).toEqual(TABLE_STORAGE.SerdeInfo);
    const summary = lastSummary();
    expect(summary).toMatchObject({ level: 'INFO', messages: 1, created: 1, failedMessages: 0, glueCalls: 2 });
  });

  test('the table is read once per container', async () => {
    const handler = container();
    await handler(sqsEvent([objectCreatedMessage('m1', parquetKey(hour(0), 1))]));
    await handler(sqsEvent([objectCreatedMessage('m2', parquetKey(hour(1), 1))]));
    expect(calls('GetTable')).toBe(1);
    expect(calls('BatchCreatePartition')).toBe(2);
    expect((await registered()).size).toBe(2);
  });
});

describe('re-registering', () => {
  test('a partition this container registered costs no call while remembered', async () => {
    const handler = container();
    await handler(sqsEvent([objectCreatedMessage('m1', parquetKey(hour(0), 1))]));
    proxy.clear();
    const response = await handler(sqsEvent([objectCreatedMessage('m2', parquetKey(hour(0), 2)), objectCreatedMessage('m3', parquetKey(hour(0), 3))]));
    expect(failures(response)).toEqual([]);
    expect(proxy.calls).toEqual([]);
  });

  test('a partition registered elsewhere is answered AlreadyExists, which is success', async () => {
    await container()(sqsEvent([objectCreatedMessage('m1', parquetKey(hour(0), 1))]));
    proxy.clear();
    const response = await container()(sqsEvent([objectCreatedMessage('m2', parquetKey(hour(0), 2))]));
    expect(failures(response)).toEqual([]);
    const [call] = proxy.callsOf('BatchCreatePartition');
    expect(call.response.Errors).toEqual([expect.objectContaining({ ErrorDetail: expect.objectContaining({ ErrorCode: 'AlreadyExistsException' }) })]);
    expect(lastSummary()).toMatchObject({ created: 0, alreadyRegistered: 1, failedMessages: 0 });
  });

  test('after the time to live, a partition deleted by hand is registered again and an existing one is success', async () => {
    const handler = container({ KNOWN_PARTITION_TTL_SECONDS: '1' });
    await handler(sqsEvent([objectCreatedMessage('m1', parquetKey(hour(0), 1)), objectCreatedMessage('m2', parquetKey(hour(1), 1))]));
    await admin.send(new DeletePartitionCommand({
      CatalogId: CATALOG, DatabaseName: DATABASE, TableName: TABLE, PartitionValues: [partitionValue(hour(0))],
    }));

    proxy.clear();
    await handler(sqsEvent([objectCreatedMessage('m3', parquetKey(hour(0), 2))]));
    expect(calls('BatchCreatePartition')).toBe(0); // still remembered: the deletion is not seen yet
    expect((await registered()).has(partitionValue(hour(0)))).toBe(false);

    await new Promise(resolve => setTimeout(resolve, 1100));
    const response = await handler(sqsEvent([objectCreatedMessage('m4', parquetKey(hour(0), 3)), objectCreatedMessage('m5', parquetKey(hour(1), 2))]));
    expect(failures(response)).toEqual([]);
    expect(calls('BatchCreatePartition')).toBe(1);
    expect([...(await registered()).keys()].sort()).toEqual([partitionValue(hour(0)), partitionValue(hour(1))]);
    expect(lastSummary()).toMatchObject({ created: 1, alreadyRegistered: 1 });
  });
});

describe('volume', () => {
  test('many objects in one invocation fold into one call for their few hours', async () => {
    const records = Array.from({ length: 600 }, (_, i) => objectCreatedMessage(`m${i}`, parquetKey(hour(i % 3), i)));
    // The same object reported twice (S3 may deliver an event more than once) changes nothing.
    records.push(objectCreatedMessage('dup', parquetKey(hour(0), 0)));
    const response = await container()(sqsEvent(records));

    expect(failures(response)).toEqual([]);
    const batchCalls = proxy.callsOf('BatchCreatePartition');
    expect(batchCalls).toHaveLength(1);
    expect(batchCalls[0].body.PartitionInputList).toHaveLength(3);
    expect((await registered()).size).toBe(3);
  });

  test('more than 100 new hours take one call per 100', async () => {
    const records = Array.from({ length: 250 }, (_, i) => objectCreatedMessage(`m${i}`, parquetKey(hour(i), i)));
    const response = await container()(sqsEvent(records));

    expect(failures(response)).toEqual([]);
    expect(proxy.callsOf('BatchCreatePartition').map(call => call.body.PartitionInputList.length)).toEqual([100, 100, 50]);
    expect((await registered()).size).toBe(250);
  });

  test('concurrent invocations in separate containers register each hour once and all succeed', async () => {
    const handlers = Array.from({ length: 4 }, () => container());
    const responses = await Promise.all(handlers.map((handler, c) => handler(sqsEvent(
      Array.from({ length: 40 }, (_, i) => objectCreatedMessage(`c${c}-m${i}`, parquetKey(hour(i % 30), c * 100 + i)))))));

    responses.forEach(response => expect(failures(response)).toEqual([]));
    expect((await registered()).size).toBe(30);
    expect(calls('BatchCreatePartition')).toBe(4);
    const existing = proxy.callsOf('BatchCreatePartition').flatMap(call => call.response.Errors ?? []);
    expect(existing.every((error: any) => error.ErrorDetail.ErrorCode === 'AlreadyExistsException')).toBe(true);
    expect(existing.length).toBe(90);
  });
});

describe('objects outside the layout', () => {
  test('are skipped and logged, never registered, and their messages succeed', async () => {
    const response = await container()(sqsEvent([
      objectCreatedMessage('raw', 'raw/2024/02/28/22/raw-1.gz'),
      objectCreatedMessage('error', 'errors/format-conversion-failed/2024/02/28/22/error-1.gz'),
      objectCreatedMessage('stray', 'events/readme.txt'),
      objectCreatedMessage('month', 'events/2024/13/01/00/x.parquet'),
      objectCreatedMessage('leap', 'events/2023/02/29/00/x.parquet'),
      objectCreatedMessage('hour', 'events/2024/02/28/24/x.parquet'),
      objectCreatedMessage('marker', 'events/2024/02/28/22/'),
      objectCreatedMessage('elsewhere', parquetKey(hour(0), 1), 'another-bucket'),
      { ...objectCreatedMessage('garbage', 'x'), body: 'not json' },
    ]));

    expect(failures(response)).toEqual([]);
    expect(proxy.calls).toEqual([]);
    expect((await registered()).size).toBe(0);
    const warning = logs.find(entry => entry.message.includes('skipped'));
    expect(warning).toMatchObject({ level: 'WARN', skipped: 7, unreadable: 2 });
    expect(warning.samples).toEqual(expect.arrayContaining([
      expect.objectContaining({ key: 'raw/2024/02/28/22/raw-1.gz', reason: 'outside-events-prefix' }),
      expect.objectContaining({ key: 'events/2023/02/29/00/x.parquet', reason: 'invalid-hour' }),
      expect.objectContaining({ messageId: 'garbage', problem: 'body is not JSON' }),
    ]));
  });

  test('are counted in the embedded metric of the summary line, which is the metric the construct alarms on', async () => {
    await container()(sqsEvent([
      objectCreatedMessage('stray', 'events/readme.txt'),
      objectCreatedMessage('marker', 'events/2024/02/28/22/'),
      { ...objectCreatedMessage('garbage', 'x'), body: 'not json' },
      objectCreatedMessage('good', parquetKey(hour(0), 1)),
    ]));
    const summary = lastSummary();
    const [declaration] = summary._aws.CloudWatchMetrics;
    const [metric] = declaration.Metrics;
    expect(summary[metric.Name]).toBe(3);
    expect(summary).toMatchObject({ created: 1, failedMessages: 0 });

    const stack = new Stack(new App(), 'Registrar');
    const registrar = new PartitionRegistrar(stack, 'Partitions', {
      bucket: s3.Bucket.fromBucketName(stack, 'Bucket', BUCKET), databaseName: DATABASE, tableName: TABLE,
    });
    const watched = registrar.skippedEventsAlarm.metric as any;
    const published = Object.fromEntries(declaration.Dimensions[0].map((name: string) => [name, summary[name]]));
    expect({ namespace: declaration.Namespace, name: metric.Name, dimensions: published })
      .toEqual({ namespace: watched.namespace, name: watched.metricName, dimensions: watched.dimensions });
    expect(metric.Unit).toBe('Count');
  });

  test('a batch without any is counted as zero, so the metric has a value for every invocation', async () => {
    await container()(sqsEvent([objectCreatedMessage('good', parquetKey(hour(0), 1))]));
    expect(lastSummary().PartitionEventsSkipped).toBe(0);
  });
});

describe('faults', () => {
  test('throttling is retried with backoff until it succeeds', async () => {
    proxy.interceptNext('BatchCreatePartition', 2, throttled);
    const response = await container()(sqsEvent([objectCreatedMessage('m1', parquetKey(hour(0), 1))]));

    expect(failures(response)).toEqual([]);
    expect(proxy.callsOf('BatchCreatePartition').map(call => call.status)).toEqual([400, 400, 200]);
    expect(logs.filter(entry => entry.message === 'Glue call failed; retrying' && entry.code === 'ThrottlingException')).toHaveLength(2);
    expect((await registered()).size).toBe(1);
  });

  test('throttling beyond the bound fails exactly the messages of the partitions concerned', async () => {
    const handler = container({ GLUE_MAX_ATTEMPTS: '3' });
    await handler(sqsEvent([objectCreatedMessage('known', parquetKey(hour(0), 1))]));
    proxy.clear();
    proxy.interceptNext('BatchCreatePartition', 100, throttled);
    const response = await handler(sqsEvent([
      objectCreatedMessage('known-again', parquetKey(hour(0), 2)),
      objectCreatedMessage('new-a', parquetKey(hour(1), 1)),
      objectCreatedMessage('new-b', parquetKey(hour(1), 2)),
      objectCreatedMessage('raw', 'raw/2024/02/28/23/raw.gz'),
    ]));

    expect(failures(response)).toEqual(['new-a', 'new-b']);
    expect(calls('BatchCreatePartition')).toBe(3);
    expect(lastSummary()).toMatchObject({ level: 'ERROR', failedMessages: 2 });
  });

  test('access denied on BatchCreatePartition is not retried and fails the messages', async () => {
    proxy.interceptNext('BatchCreatePartition', 1, { answer: awsError('AccessDeniedException', 'not authorized to perform glue:BatchCreatePartition') });
    const handler = container();
    const response = await handler(sqsEvent([objectCreatedMessage('m1', parquetKey(hour(0), 1)), objectCreatedMessage('m2', parquetKey(hour(0), 2))]));

    expect(failures(response)).toEqual(['m1', 'm2']);
    expect(calls('BatchCreatePartition')).toBe(1);
    expect(logs.find(entry => entry.message === 'BatchCreatePartition failed')).toMatchObject({ level: 'ERROR', code: 'AccessDeniedException' });

    // Nothing was remembered: the retry from the queue registers the partition.
    const retried = await handler(sqsEvent([objectCreatedMessage('m1', parquetKey(hour(0), 1))]));
    expect(failures(retried)).toEqual([]);
    expect((await registered()).size).toBe(1);
  });

  test('access denied on GetTable fails every message with a new partition, not the others', async () => {
    proxy.interceptNext('GetTable', 1, { answer: awsError('AccessDeniedException', 'not authorized to perform glue:GetTable') });
    const response = await container()(sqsEvent([
      objectCreatedMessage('m1', parquetKey(hour(0), 1)),
      objectCreatedMessage('m2', parquetKey(hour(1), 1)),
      objectCreatedMessage('raw', 'raw/2024/02/28/22/raw.gz'),
    ]));
    expect(failures(response)).toEqual(['m1', 'm2']);
    expect(calls('GetTable')).toBe(1);
    expect(calls('BatchCreatePartition')).toBe(0);
  });

  test('a missing table fails the messages, and the container recovers once the table exists', async () => {
    await admin.send(new DeleteTableCommand({ CatalogId: CATALOG, DatabaseName: DATABASE, Name: TABLE }));
    const handler = container();
    const response = await handler(sqsEvent([objectCreatedMessage('m1', parquetKey(hour(0), 1))]));
    expect(failures(response)).toEqual(['m1']);
    expect(logs.find(entry => entry.message.startsWith('cannot read the table'))).toMatchObject({ code: 'EntityNotFoundException' });

    await moto.reset();
    await createEventsTable(admin);
    const retried = await handler(sqsEvent([objectCreatedMessage('m1', parquetKey(hour(0), 1))]));
    expect(failures(retried)).toEqual([]);
    expect((await registered()).size).toBe(1);
  });

  /** Has Glue refuse `values` inside an otherwise successful BatchCreatePartition, `times` times. */
  function refuseEntries(values: string[], code: string, times: number) {
    let left = times;
    proxy.intercept(call => {
      if (call.operation !== 'BatchCreatePartition' || left <= 0) {
        return undefined;
      }
      const refused = call.body.PartitionInputList.filter((input: any) => values.includes(input.Values[0])).map((input: any) => input.Values);
      if (refused.length === 0) {
        return undefined;
      }
      left--;
      return {
        rewriteRequest: body => ({ ...body, PartitionInputList: body.PartitionInputList.filter((input: any) => !values.includes(input.Values[0])) }),
        rewriteResponse: answer => ({
          ...answer,
          Errors: [...(answer.Errors ?? []), ...refused.map((partitionValues: string[]) => ({
            PartitionValues: partitionValues, ErrorDetail: { ErrorCode: code, ErrorMessage: `injected ${code}` },
          }))],
        }),
      };
    });
  }

  test('entries failing transiently inside a batch are retried alone', async () => {
    refuseEntries([partitionValue(hour(1))], 'InternalServiceException', 1);
    const response = await container()(sqsEvent([0, 1, 2].map(i => objectCreatedMessage(`m${i}`, parquetKey(hour(i), i)))));

    expect(failures(response)).toEqual([]);
    expect(proxy.callsOf('BatchCreatePartition').map(call => call.body.PartitionInputList.map((input: any) => input.Values[0])))
      .toEqual([[0, 1, 2].map(i => partitionValue(hour(i))), [partitionValue(hour(1))]]);
    expect((await registered()).size).toBe(3);
  });

  /**
   * Has Glue leave `value` out of the next `times` BatchCreatePartition calls that carry it, answering for it an
   * error entry that names no partition (as a faulty or future Glue answer might).
   */
  function unattributedError(value: string, times: number) {
    let left = times;
    proxy.intercept(call => {
      if (call.operation !== 'BatchCreatePartition' || left <= 0 || !call.body.PartitionInputList.some((input: any) => input.Values[0] === value)) {
        return undefined;
      }
      left--;
      return {
        rewriteRequest: body => ({ ...body, PartitionInputList: body.PartitionInputList.filter((input: any) => input.Values[0] !== value) }),
        rewriteResponse: answer => ({
          ...answer,
          Errors: [...(answer.Errors ?? []), { ErrorDetail: { ErrorCode: 'InternalServiceException', ErrorMessage: 'injected, naming no partition' } }],
        }),
      };
    });
  }

  test('an error entry naming no partition counts none of the call as created: they are sent again, and settle', async () => {
    unattributedError(partitionValue(hour(1)), 1);
    const response = await container()(sqsEvent([0, 1, 2].map(i => objectCreatedMessage(`m${i}`, parquetKey(hour(i), i)))));

    expect(failures(response)).toEqual([]);
    const sent = proxy.callsOf('BatchCreatePartition').map(call => call.body.PartitionInputList.length);
    expect(sent).toEqual([3, 3]); // the proxy dropped hour 1 from the first call; all three were sent again
    expect(proxy.callsOf('BatchCreatePartition')[1].response.Errors.map((error: any) => error.ErrorDetail.ErrorCode))
      .toEqual(['AlreadyExistsException', 'AlreadyExistsException']);
    expect((await registered()).size).toBe(3);
    expect(lastSummary()).toMatchObject({ created: 1, alreadyRegistered: 2, failedPartitions: 0 });
    expect(logs.find(entry => entry.message.startsWith('BatchCreatePartition reported errors naming no partition')))
      .toMatchObject({ level: 'WARN', unconfirmed: 3, errors: [{ code: 'InternalServiceException' }] });
  });

  test('a partition never confirmed past the bound fails its messages instead of being counted as created', async () => {
    unattributedError(partitionValue(hour(1)), 100);
    const response = await container({ GLUE_MAX_ATTEMPTS: '3' })(sqsEvent([
      objectCreatedMessage('a', parquetKey(hour(0), 1)),
      objectCreatedMessage('b1', parquetKey(hour(1), 1)),
      objectCreatedMessage('b2', parquetKey(hour(1), 2)),
      objectCreatedMessage('c', parquetKey(hour(2), 1)),
    ]));

    expect(failures(response)).toEqual(['b1', 'b2']);
    expect(calls('BatchCreatePartition')).toBe(3);
    expect([...(await registered()).keys()].sort()).toEqual([partitionValue(hour(0)), partitionValue(hour(2))]);
    expect(lastSummary()).toMatchObject({ level: 'ERROR', created: 0, alreadyRegistered: 2, failedPartitions: 1, failedMessages: 2 });
    expect(logs.find(entry => entry.message.startsWith('partitions could not be registered')).failures).toEqual([{
      value: partitionValue(hour(1)), code: 'InternalServiceException', message: 'Glue reported an error naming no partition: injected, naming no partition',
    }]);
  });

  test('entries refused for good fail only the messages of their partitions', async () => {
    refuseEntries([partitionValue(hour(1))], 'ResourceNumberLimitExceededException', 10);
    const response = await container()(sqsEvent([
      objectCreatedMessage('a', parquetKey(hour(0), 1)),
      objectCreatedMessage('b1', parquetKey(hour(1), 1)),
      objectCreatedMessage('b2', parquetKey(hour(1), 2)),
      objectCreatedMessage('c', parquetKey(hour(2), 1)),
    ]));

    expect(failures(response)).toEqual(['b1', 'b2']);
    expect(calls('BatchCreatePartition')).toBe(1);
    expect([...(await registered()).keys()].sort()).toEqual([partitionValue(hour(0)), partitionValue(hour(2))]);
    expect(logs.find(entry => entry.message.startsWith('partitions could not be registered')).failures)
      .toEqual([{ value: partitionValue(hour(1)), code: 'ResourceNumberLimitExceededException', message: 'injected ResourceNumberLimitExceededException' }]);
  });
});

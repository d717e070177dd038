/**
 * `reconcile-partitions` and `backfill-partitions`, the bundled command against moto_server's S3 and Glue, with
 * Glue behind the fault proxy that counts calls and injects faults.
 */
import { BatchCreatePartitionCommand, CreateDatabaseCommand, CreateTableCommand, GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cliEnvironment, CliResult, requireFreshCliBundle, runCli } from '../../fixtures/cli-runner';
import { awsError, FaultProxy } from '../../fixtures/fault-proxy';
import { awsEnvironment, MotoServer, startMoto } from '../../fixtures/moto';
import {
  applyEnvironment, BUCKET, CATALOG, createEventsTable, DATABASE, EVENTS_PREFIX, handlerEnvironment, hour, loadBundledHandler,
  objectCreatedMessage, parquetKey, partitionValue, requireFreshBundle, sqsEvent, TABLE, TABLE_STORAGE, tablePartitions,
} from '../../fixtures/partition-harness';

/** `yyyy/MM/dd/HH` of hour n, as --from and --to take it. */
const folder = (n: number) => hour(n).toISOString().slice(0, 13).replace(/[-T]/g, '/');
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let moto: MotoServer;
let proxy: FaultProxy;
let glue: GlueClient;
let s3: S3Client;
let env: Record<string, string>;

beforeAll(async () => {
  requireFreshCliBundle();
  requireFreshBundle();
  moto = await startMoto();
  proxy = await FaultProxy.start(moto.endpoint);
  glue = new GlueClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
  s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
  env = cliEnvironment(proxy.endpoint, moto.endpoint);
});

afterAll(async () => {
  glue?.destroy();
  s3?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  await createEventsTable(glue);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  proxy.clear();
});

async function putObjects(keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 50) {
    await Promise.all(keys.slice(i, i + 50).map(Key => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'PAR1' }))));
  }
}

async function partitions(): Promise<Map<string, any>> {
  return tablePartitions(glue);
}

/** Registers hour n as the deployed registrar does: its bundled handler, given the object-created event. */
async function registerThroughTheRegistrar(n: number): Promise<void> {
  const restore = applyEnvironment({ ...awsEnvironment(moto.endpoint), ...handlerEnvironment() });
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const response = await loadBundledHandler()(sqsEvent([objectCreatedMessage('m', parquetKey(hour(n), 0))]));
    expect(response.batchItemFailures).toEqual([]);
  } finally {
    log.mockRestore();
    restore();
  }
}

const reconcile = (...args: string[]) => runCli(['reconcile-partitions', '--bucket', BUCKET, '--database', DATABASE, ...args], env);
const batchCalls = () => proxy.callsOf('BatchCreatePartition').map(call => call.body.PartitionInputList.map((input: any) => input.Values[0]));

/**
 * Hours 0 to 5 hold objects (hour 1 already a partition, made by the registrar), hour 10 is a partition without
 * objects, and stray keys sit under the prefix.
 */
async function history(): Promise<void> {
  await putObjects([
    ...[0, 1, 2, 3, 4, 5].flatMap(n => [parquetKey(hour(n), 1), parquetKey(hour(n), 2)]),
    'events/readme.txt',
    'events/2024/02/28/22/',
    'events/2024/02/30/01/x.parquet',
    'raw/2024/02/28/22/raw-1.gz',
  ]);
  await registerThroughTheRegistrar(1);
  await glue.send(new BatchCreatePartitionCommand({
    CatalogId: CATALOG,
    DatabaseName: DATABASE,
    TableName: TABLE,
    PartitionInputList: [{ Values: [partitionValue(hour(10))], StorageDescriptor: { ...TABLE_STORAGE, Location: `s3://${BUCKET}/${EVENTS_PREFIX}${folder(10)}/` } }],
  }));
  proxy.clear();
}

const missingHours = [0, 2, 3, 4, 5].map(n => partitionValue(hour(n)));

describe('reconcile-partitions', () => {
  test('--dry-run reports the missing hours and the partitions without objects, and changes nothing', async () => {
    await history();
    const before = await partitions();
    const result = await reconcile('--dry-run');

    expect(result.status).toBe(0);
    expect(result.report).toMatchObject({
      command: 'reconcile-partitions',
      dryRun: true,
      table: `${DATABASE}.${TABLE}`,
      location: `s3://${BUCKET}/${EVENTS_PREFIX}`,
      objectsListed: 15,
      outsideLayout: { count: 3, samples: ['events/2024/02/28/22/', 'events/2024/02/30/01/x.parquet', 'events/readme.txt'] },
      hoursWithObjects: 6,
      partitionsInTable: 2,
      missing: missingHours,
      added: [],
      extra: [partitionValue(hour(10))],
      misplaced: [],
    });
    expect(proxy.callsOf('BatchCreatePartition')).toEqual([]);
    expect([...(await partitions()).keys()].sort()).toEqual([...before.keys()].sort());
    expect(result.stderr).toContain('reconcile-partitions: listed 15 objects: 6 hours');
    expect(result.stderr).toContain('5 hours missing from the table, 1 partitions without objects');
  });

  test('adds exactly the missing hours, as the registrar makes them, and keeps the extra partition', async () => {
    await history();
    const result = await reconcile();

    expect(result.status).toBe(0);
    expect(result.report).toMatchObject({ dryRun: false, missing: missingHours, added: missingHours, failed: [], extra: [partitionValue(hour(10))] });
    expect(batchCalls()).toEqual([missingHours]);
    const after = await partitions();
    expect([...after.keys()].sort()).toEqual([...missingHours, partitionValue(hour(1)), partitionValue(hour(10))].sort());

    // The same partition whichever path made it: only the location (its own hour) differs.
    const { Location: byCommand, ...commandStorage } = after.get(partitionValue(hour(2))).StorageDescriptor;
    const { Location: byRegistrar, ...registrarStorage } = after.get(partitionValue(hour(1))).StorageDescriptor;
    expect(commandStorage).toEqual(registrarStorage);
    expect(byCommand).toBe(`s3://${BUCKET}/${EVENTS_PREFIX}${folder(2)}/`);
    expect(byRegistrar).toBe(`s3://${BUCKET}/${EVENTS_PREFIX}${folder(1)}/`);
    expect(result.stderr).toContain('added 5 of 5 missing hours');

    proxy.clear();
    const again = await reconcile();
    expect(again.status).toBe(0);
    expect(again.report).toMatchObject({ missing: [], added: [], extra: [partitionValue(hour(10))] });
    expect(proxy.callsOf('BatchCreatePartition')).toEqual([]);
  });

  test('--from and --to bound the hours, both included', async () => {
    await history();
    const result = await reconcile('--from', folder(2), '--to', folder(3));

    expect(result.status).toBe(0);
    expect(result.report).toMatchObject({
      from: folder(2),
      to: folder(3),
      objectsListed: 4,
      hoursWithObjects: 2,
      partitionsInTable: 0,
      missing: [partitionValue(hour(2)), partitionValue(hour(3))],
      extra: [],
    });
    expect(batchCalls()).toEqual([[partitionValue(hour(2)), partitionValue(hour(3))]]);
  });

  test('a long history pages through S3 and adds 100 hours a call', async () => {
    await putObjects(Array.from({ length: 250 }, (_, n) => [1, 2, 3, 4, 5].map(i => parquetKey(hour(n), i))).flat());
    const result = await reconcile();

    expect(result.status).toBe(0);
    expect(result.report).toMatchObject({ objectsListed: 1250, hoursWithObjects: 250, calls: { listObjects: 2 } });
    expect(result.report.added).toHaveLength(250);
    expect(batchCalls().map(values => values.length)).toEqual([100, 100, 50]);
    expect((await partitions()).size).toBe(250);
  });

  test('a partition whose location is not its hour folder is reported', async () => {
    await putObjects([parquetKey(hour(0), 1)]);
    await glue.send(new BatchCreatePartitionCommand({
      CatalogId: CATALOG,
      DatabaseName: DATABASE,
      TableName: TABLE,
      PartitionInputList: [{ Values: [partitionValue(hour(0))], StorageDescriptor: { ...TABLE_STORAGE, Location: `s3://${BUCKET}/elsewhere/` } }],
    }));
    const result = await reconcile('--dry-run');
    expect(result.report.misplaced).toEqual([{
      value: partitionValue(hour(0)), location: `s3://${BUCKET}/elsewhere/`, expected: `s3://${BUCKET}/${EVENTS_PREFIX}${folder(0)}/`,
    }]);
    expect(result.report.missing).toEqual([]);
  });
});

describe('faults', () => {
  test('throttling is retried with backoff until Glue accepts', async () => {
    await history();
    proxy.interceptNext('BatchCreatePartition', 2, { answer: awsError('ThrottlingException', 'Rate exceeded') });
    const result = await reconcile();

    expect(result.status).toBe(0);
    expect(proxy.callsOf('BatchCreatePartition').map(call => call.status)).toEqual([400, 400, 200]);
    expect(result.stderr.match(/Glue call failed; retrying .*ThrottlingException/g)).toHaveLength(2);
    expect(result.report.added).toEqual(missingHours);
  });

  test('access denied on BatchCreatePartition stops the run, reports what was not added, and exits 1', async () => {
    await putObjects(Array.from({ length: 150 }, (_, n) => parquetKey(hour(n), 1)));
    proxy.interceptNext('BatchCreatePartition', 1, { answer: awsError('AccessDeniedException', 'not authorized to perform glue:BatchCreatePartition') });
    const result = await reconcile();

    expect(result.status).toBe(1);
    expect(result.report.added).toEqual([]);
    expect(result.report.failed).toHaveLength(100);
    expect(result.report.failed[0]).toEqual({ value: partitionValue(hour(0)), code: 'AccessDeniedException' });
    expect(result.report.notAttempted).toBe(50);
    expect(proxy.callsOf('BatchCreatePartition')).toHaveLength(1);
    expect(result.stderr).toContain('stopped: Glue refused BatchCreatePartition (AccessDeniedException); 50 missing hours not tried');

    const retried = await reconcile();
    expect(retried.status).toBe(0);
    expect(retried.report.added).toHaveLength(150);
  });

  test('access denied on GetTable ends the run before anything is listed or added, with the reason', async () => {
    await history();
    proxy.interceptNext('GetTable', 1, { answer: awsError('AccessDeniedException', 'not authorized to perform glue:GetTable') });
    const result = await reconcile();

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: reconcile-partitions stopped: AccessDeniedException: not authorized to perform glue:GetTable\n');
    expect(proxy.callsOf('BatchCreatePartition')).toEqual([]);
  });

  test('a database with projected partitions is refused: its all_events is a view', async () => {
    await glue.send(new CreateDatabaseCommand({ CatalogId: CATALOG, DatabaseInput: { Name: 'projected' } }));
    await glue.send(new CreateTableCommand({
      CatalogId: CATALOG,
      DatabaseName: 'projected',
      TableInput: { Name: 'all_events', TableType: 'VIRTUAL_VIEW', StorageDescriptor: { Columns: [{ Name: 'event_type', Type: 'string' }] } },
    }));
    const result = await runCli(['reconcile-partitions', '--bucket', BUCKET, '--database', 'projected'], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('error: reconcile-partitions stopped: table projected.all_events must have a storage descriptor and exactly one '
      + 'partition key (the arrival hour); it has 0 (it is a view: with projected partitions, there are none to register)\n');
  });
});

describe('backfill-partitions', () => {
  test('is reconcile-partitions over the whole history', async () => {
    await history();
    const result = await runCli(['backfill-partitions', '--bucket', BUCKET, '--database', DATABASE], env);
    expect(result.status).toBe(0);
    expect(result.report).toMatchObject({ command: 'backfill-partitions', added: missingHours, extra: [partitionValue(hour(10))] });
    expect(result.report.from).toBeUndefined();
  });

  test.each(['--from', '--to'])('refuses %s, naming the command that takes a range', async option => {
    const result: CliResult = await runCli(['backfill-partitions', '--bucket', BUCKET, '--database', DATABASE, option, folder(0)], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('backfill-partitions covers the whole history; for a range of hours, use reconcile-partitions --from --to');
  });
});

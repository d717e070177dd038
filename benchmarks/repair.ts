/**
 * Repair command benchmark: the bundled command (`assets/repair/cli/index.js`) against moto_server, with the Glue
 * and Firehose calls counted at a local proxy.
 *
 *   npx projen bundle:repair/cli && npx tsx benchmarks/repair.ts
 *
 * reconcile-partitions over 1,000 hours of 3 objects each, none registered, then again; replay-errors over 20
 * error objects of 500 records, then again. Prints calls and wall time per run. Exits non-zero when a target is
 * missed: one ListObjectsV2 call per 1,000 objects, one BatchCreatePartition call per 100 missing hours, one
 * PutRecordBatch call per 500 records, and no write at all on the second runs.
 */
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { GlueClient } from '@aws-sdk/client-glue';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cliEnvironment, CliResult, requireFreshCliBundle, runCli } from '../fixtures/cli-runner';
import { FaultProxy } from '../fixtures/fault-proxy';
import { startMoto } from '../fixtures/moto';
import { BUCKET, createEventsTable, DATABASE, parquetKey } from '../fixtures/partition-harness';
import { fixture, SES_FIXTURES } from '../fixtures/records';

// `--small`: a quick check that the benchmark runs (as `npx projen bench` with BENCH_SMALL=1 runs it).
const SMALL = process.argv.includes('--small');
const HOURS = SMALL ? 100 : 1000;
const OBJECTS_PER_HOUR = 3;
const ERROR_OBJECTS = SMALL ? 2 : 20;
const RECORDS_PER_OBJECT = 500;
const START = Date.UTC(2024, 0, 1, 0);
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

async function main(): Promise<void> {
  requireFreshCliBundle();
  const moto = await startMoto();
  const proxy = await FaultProxy.start(moto.endpoint);
  const s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
  const glue = new GlueClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
  const firehose = new FirehoseClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
  const env = cliEnvironment(proxy.endpoint, moto.endpoint);
  const failures: string[] = [];
  const rows: string[][] = [];
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await createEventsTable(glue);
    const hourOf = (i: number) => new Date(START + Math.floor(i / OBJECTS_PER_HOUR) * 3_600_000);
    const keys = Array.from({ length: HOURS * OBJECTS_PER_HOUR }, (_, i) => parquetKey(hourOf(i), i));
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(keys.slice(i, i + 100).map(Key => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'PAR1' }))));
    }

    await s3.send(new CreateBucketCommand({ Bucket: 'delivered' }));
    await firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'events',
      ExtendedS3DestinationConfiguration: { RoleARN: 'arn:aws:iam::123456789012:role/firehose', BucketARN: 'arn:aws:s3:::delivered' },
    }));
    const record = JSON.stringify(fixture(SES_FIXTURES, 'send'));
    for (let o = 0; o < ERROR_OBJECTS; o++) {
      const body = Array.from({ length: RECORDS_PER_OBJECT }, () => JSON.stringify({
        attemptsMade: 1, errorCode: 'Lambda.ProcessingFailedStatus', rawData: Buffer.from(record).toString('base64'),
      })).join('\n');
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `errors/processing-failed/2024/01/01/00/events-${o}`, Body: body }));
    }

    const run = async (name: string, args: string[]): Promise<CliResult> => {
      proxy.clear();
      const started = Date.now();
      const result = await runCli(args, env);
      const millis = Date.now() - started;
      if (result.report === undefined) {
        throw new Error(`${name} failed (${result.status}): ${result.stderr}`);
      }
      const calls = result.report.calls;
      rows.push([name, String(result.status), String(calls.listObjects), String(proxy.callsOf('BatchCreatePartition').length),
        String(proxy.callsOf('PutRecordBatch').length), String(calls.putMarker ?? '-'), String(millis)]);
      return result;
    };

    const reconcile = ['reconcile-partitions', '--bucket', BUCKET, '--database', DATABASE];
    const first = await run(`reconcile: ${HOURS * OBJECTS_PER_HOUR} objects, ${HOURS} hours missing`, reconcile);
    const second = await run('reconcile again: nothing missing', reconcile);
    const replay = ['replay-errors', '--bucket', BUCKET, '--stream', 'events'];
    const replayed = await run(`replay: ${ERROR_OBJECTS} objects of ${RECORDS_PER_OBJECT} records`, replay);
    const again = await run('replay again: all replayed before', replay);

    const expect = (condition: boolean, message: string) => { if (!condition) failures.push(message); };
    expect(first.report.added.length === HOURS, `reconcile added ${first.report.added.length} hours, not ${HOURS}`);
    expect(first.report.calls.listObjects <= Math.ceil((HOURS * OBJECTS_PER_HOUR) / 1000), 'more than one ListObjectsV2 call per 1,000 objects');
    expect(rows[0][3] === String(Math.ceil(HOURS / 100)), 'more than one BatchCreatePartition call per 100 hours');
    expect(second.report.added.length === 0 && rows[1][3] === '0', 'the second reconcile wrote');
    expect(replayed.report.replayed === ERROR_OBJECTS * RECORDS_PER_OBJECT, `replayed ${replayed.report.replayed} records`);
    expect(rows[2][4] === String(Math.ceil((ERROR_OBJECTS * RECORDS_PER_OBJECT) / 500)), 'more than one PutRecordBatch call per 500 records');
    expect(again.report.replayed === 0 && rows[3][4] === '0' && again.report.calls.putMarker === 0, 'the second replay wrote');
  } finally {
    s3.destroy();
    glue.destroy();
    firehose.destroy();
    await proxy.stop();
    await moto.stop();
  }

  const header = ['run', 'exit', 'ListObjectsV2', 'BatchCreatePartition', 'PutRecordBatch', 'markers written', 'ms'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map(row => row[i].length)));
  for (const row of [header, ...rows]) {
    console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  }
  console.log(failures.length === 0
    ? '\ntargets met: 1 list call per 1,000 objects, 1 BatchCreatePartition per 100 hours, 1 PutRecordBatch per 500 records, no writes when run again'
    : `\ntargets missed:\n${failures.join('\n')}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

void main();

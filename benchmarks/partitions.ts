/**
 * Partition registration benchmark: 10,000 Parquet objects (or as many as the first argument says) landing over 48 hours, delivered to the bundled
 * handler as queue batches of 10 and of 1,000, against moto_server's Glue behind a counting proxy.
 *
 *   npx projen bundle:partitions/register-partitions.lambda && npx tsx benchmarks/partitions.ts [objects=10000]
 *
 * Prints, per scenario: invocations, Glue calls, partitions registered, handler time; then the bundle size.
 * Exits non-zero when a target is missed: at most one BatchCreatePartition call per 100 new partitions of an
 * invocation, none for an invocation whose partitions are all known, a bundle of at most 50 KB.
 */
import { statSync } from 'fs';
import { GetPartitionsCommand, GlueClient } from '@aws-sdk/client-glue';
import { FaultProxy } from '../fixtures/fault-proxy';
import { awsEnvironment, startMoto } from '../fixtures/moto';
import {
  applyEnvironment, BUNDLE, CATALOG, createEventsTable, DATABASE, handlerEnvironment, loadBundledHandler,
  objectCreatedMessage, parquetKey, requireFreshBundle, sqsEvent, TABLE,
} from '../fixtures/partition-harness';

const OBJECTS = Number(process.argv[2] ?? 10_000);
const HOURS = 48;
const BUNDLE_LIMIT_BYTES = 50 * 1024;
const START = Date.UTC(2024, 5, 1, 0);

interface Scenario {
  readonly name: string;
  readonly batchSize: number;
  /** Warm containers the batches are spread over, round robin, each invocation of a round running concurrently. */
  readonly containers: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'batches of 10, one container', batchSize: 10, containers: 1 },
  { name: 'batches of 1,000, one container', batchSize: 1000, containers: 1 },
  { name: 'batches of 10, 5 concurrent containers', batchSize: 10, containers: 5 },
];

/** Objects in arrival order: each of the 48 hours gets its share, as Firehose writes them hour after hour. */
function objectKeys(): string[] {
  return Array.from({ length: OBJECTS }, (_, i) => parquetKey(new Date(START + Math.floor((i * HOURS) / OBJECTS) * 3_600_000), i));
}

async function countPartitions(glue: GlueClient): Promise<number> {
  let count = 0;
  let token: string | undefined;
  do {
    const page = await glue.send(new GetPartitionsCommand({ CatalogId: CATALOG, DatabaseName: DATABASE, TableName: TABLE, NextToken: token }));
    count += page.Partitions?.length ?? 0;
    token = page.NextToken;
  } while (token);
  return count;
}

async function main(): Promise<void> {
  requireFreshBundle();
  const moto = await startMoto();
  const proxy = await FaultProxy.start(moto.endpoint);
  const restore = applyEnvironment({ ...awsEnvironment(proxy.endpoint), ...handlerEnvironment() });
  const admin = new GlueClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const print = console.log;
  const failures: string[] = [];
  const rows: string[][] = [['scenario', 'invocations', 'BatchCreatePartition', 'GetTable', 'partitions registered', 'failed messages', 'handler ms total', 'ms/invocation']];
  try {
    const keys = objectKeys();
    for (const scenario of SCENARIOS) {
      await moto.reset();
      await createEventsTable(admin);
      proxy.clear();
      const handlers = Array.from({ length: scenario.containers }, () => loadBundledHandler());
      const summaries: any[] = [];
      console.log = (line: string) => {
        const entry = JSON.parse(line);
        if (entry.message === 'batch processed') {
          summaries.push(entry);
        }
      };
      const batches = [];
      for (let start = 0; start < keys.length; start += scenario.batchSize) {
        batches.push(sqsEvent(keys.slice(start, start + scenario.batchSize).map((key, i) => objectCreatedMessage(`m${start + i}`, key))));
      }
      let handlerMillis = 0;
      let failedMessages = 0;
      for (let round = 0; round < batches.length; round += scenario.containers) {
        const roundBatches = batches.slice(round, round + scenario.containers);
        const started = process.hrtime.bigint();
        const responses = await Promise.all(roundBatches.map((batch, c) => handlers[c](batch)));
        handlerMillis += Number(process.hrtime.bigint() - started) / 1e6;
        failedMessages += responses.reduce((sum, response) => sum + response.batchItemFailures.length, 0);
      }
      console.log = print;

      const batchCalls = proxy.callsOf('BatchCreatePartition').length;
      const registered = await countPartitions(admin);
      rows.push([scenario.name, String(batches.length), String(batchCalls), String(proxy.callsOf('GetTable').length),
        String(registered), String(failedMessages), handlerMillis.toFixed(0), (handlerMillis / batches.length).toFixed(2)]);

      // Targets, checked per invocation from its own summary line.
      const allowed = summaries.reduce((sum, s) => sum + Math.ceil((s.partitions - s.alreadyKnown) / 100), 0);
      const knownOnlyCalls = summaries.filter(s => s.partitions === s.alreadyKnown).reduce((sum, s) => sum + s.glueCalls, 0);
      if (batchCalls > allowed) {
        failures.push(`${scenario.name}: ${batchCalls} BatchCreatePartition calls for ${allowed} allowed`);
      }
      if (knownOnlyCalls > 0) {
        failures.push(`${scenario.name}: ${knownOnlyCalls} Glue calls in invocations whose partitions were all known`);
      }
      if (registered !== HOURS || failedMessages > 0) {
        failures.push(`${scenario.name}: ${registered} partitions registered (want ${HOURS}), ${failedMessages} failed messages`);
      }
    }
  } finally {
    console.log = print;
    admin.destroy();
    await proxy.stop();
    await moto.stop();
    restore();
  }

  const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)));
  console.log(`${OBJECTS} objects over ${HOURS} hours, bundled handler against moto_server (Glue calls counted at a local proxy)\n`);
  rows.forEach(row => console.log(row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')));
  const bundleBytes = statSync(BUNDLE).size;
  console.log(`\nbundle ${BUNDLE.slice(BUNDLE.indexOf('assets/'))}: ${bundleBytes} bytes (limit ${BUNDLE_LIMIT_BYTES})`);
  if (bundleBytes > BUNDLE_LIMIT_BYTES) {
    failures.push(`bundle is ${bundleBytes} bytes, over ${BUNDLE_LIMIT_BYTES}`);
  }
  console.log(failures.length === 0
    ? 'targets met: <= 1 BatchCreatePartition call per 100 new partitions, 0 calls for known partitions, bundle <= 50 KB'
    : `TARGETS MISSED:\n  ${failures.join('\n  ')}`);
  process.exitCode = failures.length === 0 ? 0 : 1;
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});

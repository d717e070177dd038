/**
 * The handlers as Lambda runs them: their bundles (assets/) on the Node.js of the functions' runtime, while jest runs
 * on the Node.js the library supports. Lambda's runtime carries the AWS SDK for JavaScript v3, which the bundles
 * leave out; here the project's own copy stands in for it.
 *
 * Needs the bundles (`npx projen bundle`, part of `npx projen build`). The runtime's Node.js is installed into .tools/
 * the first time (fixtures/lambda-node.ts).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GlueClient } from '@aws-sdk/client-glue';
import { HANDLERS, lambdaNodeMajor, nodeOfMajor } from '../../fixtures/lambda-node';
import { awsEnvironment, startMoto } from '../../fixtures/moto';
import {
  BUNDLE as REGISTRAR, createEventsTable, handlerEnvironment, hour, objectCreatedMessage, parquetKey, partitionValue, sqsEvent, tablePartitions,
} from '../../fixtures/partition-harness';
import { FirehoseInputRecord, FirehoseOutputRecord, ICEBERG_ROWS_ENV, processFirehoseRecords } from '../../src/database/record-processing';
import { ACCOUNT, generatedSets } from '../normalize/golden/normalized-golden';

const ROOT = path.resolve(__dirname, '../..');
const ASSETS = path.join(ROOT, 'assets');
const PROCESSOR = path.join(ASSETS, 'database/record-processor.lambda/index.js');
const DELIVERY_STREAM_ARN = `arn:aws:firehose:eu-west-1:${ACCOUNT.awsAccountId}:deliverystream/events`;
/** Records per Firehose event: about 1 MB of them, as the delivery stream hands the processor. */
const RECORDS_PER_EVENT = 500;

let major: number;
let node: string;
let work: string;

beforeAll(() => {
  major = lambdaNodeMajor();
  node = nodeOfMajor(major);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-runtime-'));
}, 300_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Runs a script on the runtime's Node.js, with the project's AWS SDK clients where the runtime's would be. */
function onLambdaNode(script: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(node, ['-e', script, '--', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, NODE_PATH: path.join(ROOT, 'node_modules') },
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
}

test('every handler bundle loads on the runtime\'s Node.js and exports its handler', () => {
  const bundles = fs.readdirSync(ASSETS, { recursive: true, encoding: 'utf8' })
    .filter(file => /\.lambda[\\/]index\.js$/.test(file)).sort();
  expect(bundles).toEqual(HANDLERS.map(handler => `${handler}.lambda/index.js`.split('/').join(path.sep)));
  const loaded = onLambdaNode(
    'console.log(JSON.stringify({ node: process.version, handlers: process.argv.slice(1).map(f => typeof require(f).handler) }));',
    bundles.map(file => path.join(ASSETS, file)),
    // The partition registrar reads its configuration as it loads.
    handlerEnvironment(),
  );
  expect(JSON.parse(loaded)).toEqual({ node: expect.stringMatching(new RegExp(`^v${major}\\.`)), handlers: bundles.map(() => 'function') });
});

describe('the record processor on the runtime\'s Node.js', () => {
  /** Every generated set of the golden file (samples, varied records of each source, damaged records), in events. */
  function goldenEvents(): FirehoseInputRecord[][] {
    const records = generatedSets().flatMap(set => set.records).map((record, i) => ({
      recordId: `record-${i}`,
      data: Buffer.from(JSON.stringify(record)).toString('base64'),
      approximateArrivalTimestamp: 1767225600000 + i * 1000,
    }));
    const events: FirehoseInputRecord[][] = [];
    for (let i = 0; i < records.length; i += RECORDS_PER_EVENT) events.push(records.slice(i, i + RECORDS_PER_EVENT));
    return events;
  }

  /** The bundle's answers to each event, run on the runtime's Node.js. */
  function answersThere(events: FirehoseInputRecord[][], env: NodeJS.ProcessEnv): FirehoseOutputRecord[][] {
    const input = path.join(work, 'events.json');
    const output = path.join(work, 'answers.json');
    fs.writeFileSync(input, JSON.stringify(events.map(records => ({ deliveryStreamArn: DELIVERY_STREAM_ARN, records }))));
    onLambdaNode(
      'const fs = require("fs"); const [bundle, input, output] = process.argv.slice(1); '
      + 'const { handler } = require(bundle); console.log = () => undefined; '
      + 'Promise.all(JSON.parse(fs.readFileSync(input, "utf8")).map(event => handler(event)))'
      + '.then(answers => fs.writeFileSync(output, JSON.stringify(answers.map(answer => answer.records))));',
      [PROCESSOR, input, output],
      env,
    );
    return JSON.parse(fs.readFileSync(output, 'utf8'));
  }

  /** The first record answered differently, for a message that names it; undefined when every one is the same. */
  function firstDifference(there: FirehoseOutputRecord[][], here: FirehoseOutputRecord[][]): string | undefined {
    const a = there.flat();
    const b = here.flat();
    if (a.length !== b.length) return `${a.length} answers there, ${b.length} here`;
    const i = a.findIndex((answer, n) => JSON.stringify(answer) !== JSON.stringify(b[n]));
    const text = (answer: FirehoseOutputRecord) => `${answer.result} ${Buffer.from(answer.data, 'base64').toString('utf8')}`;
    return i < 0 ? undefined : `${b[i].recordId}: there ${text(a[i])}, here ${text(b[i])}`;
  }

  test.each([
    ['the table\'s rows', false],
    ['the Iceberg table\'s rows', true],
  ])('answers the golden file\'s 12,000 records with %s, byte for byte as its sources do here', (_, icebergRows) => {
    const events = goldenEvents();
    const there = answersThere(events, { [ICEBERG_ROWS_ENV]: String(icebergRows) });
    const here = events.map(records => processFirehoseRecords(records, { awsAccountId: ACCOUNT.awsAccountId, icebergRows }).records);
    expect(firstDifference(there, here)).toBeUndefined();
    // Not a vacuous match: the records are answered, most of them with rows.
    const answers = here.flat();
    expect(answers.length).toBeGreaterThan(12_000);
    expect(answers.filter(answer => answer.result === 'Ok').length).toBeGreaterThan(10_000);
  });
});

test('the partition registrar, on the runtime\'s Node.js with its AWS SDK client, registers a new hour in Glue (moto)', async () => {
  const moto = await startMoto();
  const glue = new GlueClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  try {
    await createEventsTable(glue);
    const event = sqsEvent([objectCreatedMessage('m1', parquetKey(hour(0), 1)), objectCreatedMessage('m2', parquetKey(hour(0), 2))]);
    const answer = onLambdaNode(
      'const [bundle, event] = process.argv.slice(1); const { handler } = require(bundle); const log = console.log; '
      + 'console.log = () => undefined; handler(JSON.parse(event)).then(response => log(JSON.stringify(response)));',
      [REGISTRAR, JSON.stringify(event)],
      { ...awsEnvironment(moto.endpoint), ...handlerEnvironment() },
    );
    expect(JSON.parse(answer)).toEqual({ batchItemFailures: [] });
    expect([...(await tablePartitions(glue)).keys()]).toEqual([partitionValue(hour(0))]);
  } finally {
    glue.destroy();
    await moto.stop();
  }
});

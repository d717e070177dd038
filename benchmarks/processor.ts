/**
 * The record processor against the least any processor must do with a Firehose batch: base64-decode each
 * record, JSON.parse it, JSON.stringify the result, base64-encode it and build the response. Batches of
 * Pinpoint, SES, End User Messaging (SMS, MMS and voice; RCS), End User Messaging Social (WhatsApp) and mixed
 * records, built from the sample records with realistic variation (fixtures/records/varied-records.ts), measured
 * in CPU time in one process per batch, on the Node.js of the processor's Lambda runtime (installed into
 * .tools/ when this process runs another). The processor measured is the bundle Lambda runs (its handler, logs
 * silenced). The minimum is the same for every source: for a WhatsApp event it parses the envelope, not the webhook
 * entry that the envelope carries as JSON text and that the processor must parse too.
 *
 *   npx projen bundle:database/record-processor.lambda
 *   npx tsx benchmarks/processor.ts           # batches of 1 MiB and 6 MiB
 *   npx tsx benchmarks/processor.ts --small   # batches of 16 KiB and 64 KiB: a quick check that it runs
 *
 * Prints per source and batch size: records/s, the ratio of the minimum's CPU time to the processor's (1 =
 * as fast as the minimum), the same ratio for the least a processor that writes these very rows can do (decode,
 * parse, stringify the rows it answers, already built, encode, the bytes handled as the processor handles them: no
 * normalization and no checks at all, so the ceiling of the ratio for that source while the rows stay as they are),
 * the ratio to the minimum written with the processor's handling of bytes (what the JSON work alone leaves),
 * response bytes ÷ request bytes, records answered ProcessingFailed because the response would have crossed Lambda's
 * limit, and the peak memory the processing added.
 */
import { execFileSync, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lambdaNodeMajor, nodeOfMajor } from '../fixtures/lambda-node';
import { variedRecords, VariedSource } from '../fixtures/records/varied-records';
import { decodeBase64, encodeJsonLines, type FirehoseInputRecord, type FirehoseOutputRecord } from '../src/database/record-processing';
import { decodeUtf8 } from '../src/normalize/strict-json';

type BatchSource = VariedSource | 'mixed';
const SOURCES: readonly BatchSource[] = ['pinpoint', 'ses', 'sms-voice', 'rcs', 'whatsapp', 'mixed'];
const MiB = 1024 * 1024;

/** How much to measure: the real batch sizes, or small ones to check quickly that the benchmark runs. */
interface Profile {
  readonly batchBytes: readonly number[];
  /** Measured runs of each function; the median is reported. */
  readonly runs: number;
  /** Input each measured run processes (the batch as many times as needed), so that a run outlasts the timer's noise. */
  readonly bytesPerRun: number;
  /** CPU time spent on both functions before measuring, so that they run optimized, as in a warm Lambda container. */
  readonly warmUpMs: number;
}
const FULL: Profile = { batchBytes: [MiB, 6 * MiB], runs: 7, bytesPerRun: 6 * MiB, warmUpMs: 1000 };
const SMALL: Profile = { batchBytes: [16 * 1024, 64 * 1024], runs: 3, bytesPerRun: 64 * 1024, warmUpMs: 50 };
const DELIVERY_STREAM_ARN = 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/events';

/** The Firehose data-transformation event as Lambda receives it. */
interface TransformationEvent {
  readonly invocationId: string;
  readonly deliveryStreamArn: string;
  readonly region: string;
  readonly records: Array<FirehoseInputRecord & { readonly approximateArrivalTimestamp: number }>;
}

/** What one measurement child reports. */
interface Measurement {
  readonly source: BatchSource;
  readonly requestBytes: number;
  readonly records: number;
  readonly processorCpuMs: number;
  readonly minimumCpuMs: number;
  /** CPU time of the minimum with the processor's rows, already built, in place of the parsed input. */
  readonly ceilingCpuMs: number;
  /** CPU time of the minimum with the bytes handled as the processor handles them. */
  readonly reusedBuffersMinimumCpuMs: number;
  readonly responseBytes: number;
  readonly failed: number;
  readonly peakMiB: number;
}

/** An event of varied records of a source whose JSON (what Lambda receives) reaches `bytes`. */
function buildEvent(source: BatchSource, bytes: number): TransformationEvent {
  const records: TransformationEvent['records'] = [];
  let size = 150; // the event's other fields
  let seed = 1;
  while (size < bytes) {
    for (const record of variedRecords(source, 100, seed++)) {
      // Firehose's record IDs are 56-digit sequence numbers.
      const recordId = `49546986683135544286507457936321625675700192471156${String(records.length).padStart(6, '0')}`;
      const entry = {
        recordId, approximateArrivalTimestamp: 1767225600000 + records.length, data: Buffer.from(JSON.stringify(record)).toString('base64'),
      };
      const entrySize = JSON.stringify(entry).length + 1;
      if (size + entrySize > bytes) {
        size = bytes;
        break;
      }
      records.push(entry);
      size += entrySize;
    }
  }
  return { invocationId: 'benchmark', deliveryStreamArn: DELIVERY_STREAM_ARN, region: 'eu-west-1', records };
}

/** The least any processor does: decode, parse, stringify, encode, answer. */
function minimum(records: readonly FirehoseInputRecord[]) {
  return {
    records: records.map(r => ({
      recordId: r.recordId,
      result: 'Ok',
      data: Buffer.from(JSON.stringify(JSON.parse(Buffer.from(r.data, 'base64').toString('utf8')))).toString('base64'),
    })),
  };
}

/**
 * The minimum, with the bytes handled as the processor handles them: decoded and encoded in reused buffers, the
 * text decoded as strictly. The ratio to it is the ratio the JSON work alone leaves.
 */
function minimumInReusedBuffers(records: readonly FirehoseInputRecord[]) {
  return {
    records: records.map(r => ({
      recordId: r.recordId,
      result: 'Ok',
      data: encodeJsonLines([JSON.stringify(JSON.parse(decodeUtf8(decodeBase64(r.data))))]),
    })),
  };
}

/**
 * The least a processor that answers `rows` can do: decode and parse each record (and a WhatsApp event's webhook
 * entry), stringify and encode its rows (the processor's answers, parsed once beforehand: the normalization is
 * free), the bytes handled as the processor handles them.
 */
function ceiling(records: readonly FirehoseInputRecord[], rows: readonly unknown[][]) {
  return {
    records: records.map((r, i) => {
      const parsed = JSON.parse(decodeUtf8(decodeBase64(r.data)));
      // A WhatsApp event's rows are in the webhook entry, JSON text inside the event: no processor escapes parsing it.
      if (typeof parsed.whatsAppWebhookEntry === 'string') JSON.parse(parsed.whatsAppWebhookEntry);
      return { recordId: r.recordId, result: 'Ok', data: encodeJsonLines(rows[i].map(row => JSON.stringify(row))) };
    }),
  };
}

/** The rows of each answer: its JSON lines (a record over the response limit answers its own bytes). */
function answeredRows(response: { records: FirehoseOutputRecord[] }): unknown[][] {
  return response.records.map(r => Buffer.from(r.data, 'base64').toString('utf8').split('\n').filter(line => line !== '').map(line => JSON.parse(line)));
}

const BUNDLE = path.join(__dirname, '../assets/database/record-processor.lambda/index.js');
const BUNDLE_TASK = 'npx projen bundle:database/record-processor.lambda';
/** The sources the bundle is built from: the handler, the processing and everything the normalizers import. */
const BUNDLED_SOURCES = [
  'src/database/record-processor.lambda.ts', 'src/database/record-processing.ts',
  ...['src/normalize', 'src/schema'].flatMap(dir => fs.readdirSync(path.join(__dirname, '..', dir)).map(file => `${dir}/${file}`)),
].map(file => path.join(__dirname, '..', file));

type Handler = (event: TransformationEvent) => Promise<{ records: FirehoseOutputRecord[] }>;

function requireFreshBundle(): void {
  if (!fs.existsSync(BUNDLE)) {
    throw new Error(`${BUNDLE} is missing: build it with \`${BUNDLE_TASK}\` (\`npx projen build\` does it too)`);
  }
  const built = fs.statSync(BUNDLE).mtimeMs;
  const stale = BUNDLED_SOURCES.filter(file => fs.statSync(file).mtimeMs > built);
  if (stale.length > 0) {
    throw new Error(`${BUNDLE} is older than ${stale.map(f => path.relative(process.cwd(), f)).join(', ')}: rebuild it with \`${BUNDLE_TASK}\``);
  }
}

/** The handler Lambda runs. */
function bundledHandler(): Handler {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(BUNDLE).handler as Handler;
}

/**
 * CPU milliseconds per call of `run`, over `times` calls. No collection is forced before: a full collection frees
 * the hidden classes of the records gone, the optimized normalizers that relied on them are thrown away and the
 * processor would be measured warming up again after each; Lambda collects as allocation requires, as here.
 */
function cpuMs(run: () => unknown, times = 1): number {
  const start = process.cpuUsage();
  for (let i = 0; i < times; i++) run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / times;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** In a child process of its own: load the event as Lambda's runtime does, measure memory, then CPU time. */
async function measure(eventFile: string, source: BatchSource, profile: Profile): Promise<Measurement> {
  const handler = bundledHandler();
  console.log = () => undefined;
  const text = fs.readFileSync(eventFile, 'utf8');
  const event = JSON.parse(text) as TransformationEvent;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('The measurement needs --expose-gc');
  gc();
  const rssBefore = process.memoryUsage.rss();
  const response = await handler(event);
  const peakMiB = (process.resourceUsage().maxRSS * 1024 - rssBefore) / MiB;
  const responseBytes = Buffer.byteLength(JSON.stringify(response));
  const failed = response.records.filter(r => r.result !== 'Ok').length;
  if (response.records.length !== event.records.length) throw new Error('The processor did not answer every record');

  // The handler's work is synchronous: the promise it returns is already settled when the call returns.
  const processor = () => handler(event);
  const rows = answeredRows(response);
  // Warm all three up, then alternate them so that none runs on a machine another left busier.
  for (let spent = 0; spent < profile.warmUpMs;) {
    spent += cpuMs(processor) + cpuMs(() => minimum(event.records)) + cpuMs(() => ceiling(event.records, rows))
      + cpuMs(() => minimumInReusedBuffers(event.records));
  }
  const times = Math.ceil(profile.bytesPerRun / text.length);
  const processorRuns: number[] = [];
  const minimumRuns: number[] = [];
  const ceilingRuns: number[] = [];
  const reusedBuffersRuns: number[] = [];
  for (let i = 0; i < profile.runs; i++) {
    processorRuns.push(cpuMs(processor, times));
    minimumRuns.push(cpuMs(() => minimum(event.records), times));
    ceilingRuns.push(cpuMs(() => ceiling(event.records, rows), times));
    reusedBuffersRuns.push(cpuMs(() => minimumInReusedBuffers(event.records), times));
  }
  return {
    source,
    requestBytes: Buffer.byteLength(text),
    records: event.records.length,
    processorCpuMs: median(processorRuns),
    minimumCpuMs: median(minimumRuns),
    ceilingCpuMs: median(ceilingRuns),
    reusedBuffersMinimumCpuMs: median(reusedBuffersRuns),
    responseBytes,
    failed,
    peakMiB,
  };
}

function inChild(node: string, eventFile: string, source: BatchSource, small: boolean): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--measure', eventFile, source, ...(small ? ['--small'] : [])], {
      execPath: node,
      execArgv: [...process.execArgv, '--expose-gc'],
    });
    let result: Measurement | undefined;
    child.on('message', message => { result = message as Measurement; });
    child.on('error', reject);
    child.on('exit', code => (code === 0 && result ? resolve(result) : reject(new Error(`measurement of ${source} exited with ${code}`))));
  });
}

const formatSize = (bytes: number) => (bytes >= MiB ? `${(bytes / MiB).toFixed(0)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`);

async function main(): Promise<void> {
  requireFreshBundle();
  const small = process.argv.includes('--small');
  const profile = small ? SMALL : FULL;
  const nodeMajor = lambdaNodeMajor();
  const node = nodeOfMajor(nodeMajor);
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'processor-benchmark-'));
  try {
    console.log(`Record processor vs the minimum (decode, parse, stringify, encode), CPU time, median of ${profile.runs} runs of ${formatSize(profile.bytesPerRun)} each, `
      + `Node.js ${nodeVersion} (the processor's Lambda runtime is nodejs${nodeMajor}.x)`);
    console.log('');
    console.log('| source | batch | records | records/s | minimum records/s | ratio (minimum ÷ processor time) | ceiling of the ratio (minimum ÷ least time to write these rows) | ratio to the minimum in reused buffers | response ÷ request | ProcessingFailed (over the response limit) | peak memory added (MiB) |');
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const size of profile.batchBytes) {
      for (const source of SOURCES) {
        const file = path.join(dir, `${source}-${size}.json`);
        fs.writeFileSync(file, JSON.stringify(buildEvent(source, size)));
        const m = await inChild(node, file, source, small);
        fs.rmSync(file);
        console.log(`| ${source} | ${formatSize(size)} | ${m.records} | ${Math.round(m.records / (m.processorCpuMs / 1000))} `
          + `| ${Math.round(m.records / (m.minimumCpuMs / 1000))} | ${(m.minimumCpuMs / m.processorCpuMs).toFixed(2)} `
          + `| ${(m.minimumCpuMs / m.ceilingCpuMs).toFixed(2)} | ${(m.reusedBuffersMinimumCpuMs / m.processorCpuMs).toFixed(2)} `
          + `| ${(m.responseBytes / m.requestBytes).toFixed(3)} | ${m.failed} | ${m.peakMiB.toFixed(1)} |`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const measureAt = process.argv.indexOf('--measure');
if (measureAt >= 0) {
  measure(process.argv[measureAt + 1], process.argv[measureAt + 2] as BatchSource, process.argv.includes('--small') ? SMALL : FULL)
    .then(result => process.send!(result, () => process.exit(0)))
    .catch(error => {
      console.error(error);
      process.exit(1);
    });
} else {
  main().catch(error => {
    console.error(error);
    process.exit(1);
  });
}

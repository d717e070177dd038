/**
 * Runs the bundled partition registration handler (the asset that is deployed, not its source) in-process,
 * with its AWS SDK pointed at a local endpoint, and builds the queue messages it receives.
 */
import { readdirSync, readFileSync, statSync, existsSync } from 'fs';
import { dirname, join } from 'path';
import { CreateDatabaseCommand, CreateTableCommand, GlueClient } from '@aws-sdk/client-glue';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

const ROOT = join(__dirname, '..', '..');
export const BUNDLE = join(ROOT, 'assets', 'partitions', 'register-partitions.lambda', 'index.js');
const SOURCES = join(ROOT, 'src', 'partitions');
export const BUNDLE_TASK = 'npx projen bundle:partitions/register-partitions.lambda';

/** Fails unless the bundle exists and is newer than every source it is built from. */
export function requireFreshBundle(): void {
  if (!existsSync(BUNDLE)) {
    throw new Error(`${BUNDLE} is missing: build it with \`${BUNDLE_TASK}\` (\`npx projen build\` does it too)`);
  }
  const built = statSync(BUNDLE).mtimeMs;
  const stale = readdirSync(SOURCES).filter(file => file.endsWith('.ts') && statSync(join(SOURCES, file)).mtimeMs > built);
  if (stale.length > 0) {
    throw new Error(`${BUNDLE} is older than ${stale.join(', ')}: rebuild it with \`${BUNDLE_TASK}\``);
  }
}

export type Handler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * Evaluates the bundle afresh, as a new Lambda container would load it: its module state (known partitions,
 * the table read) starts empty. The environment must be set before. `@aws-sdk/*` is external to the bundle,
 * as on Lambda, and resolved from node_modules.
 */
export function loadBundledHandler(): Handler {
  const code = readFileSync(BUNDLE, 'utf8');
  const module = { exports: {} as { handler?: Handler } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('module', 'exports', 'require', '__filename', '__dirname', code)(module, module.exports, require, BUNDLE, dirname(BUNDLE));
  if (typeof module.exports.handler !== 'function') {
    throw new Error(`${BUNDLE} exports no handler`);
  }
  return module.exports.handler;
}

export const DATABASE = 'engagement_events';
export const TABLE = 'all_events';
export const BUCKET = 'events-bucket';
export const CATALOG = '123456789012';
export const EVENTS_PREFIX = 'events/';

/** The handler's environment for the fixture table. */
export function handlerEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_NAME: DATABASE,
    TABLE_NAME: TABLE,
    CATALOG_ID: CATALOG,
    BUCKET_NAME: BUCKET,
    EVENTS_PREFIX,
    GLUE_RETRY_BASE_DELAY_MS: '5',
    GLUE_RETRY_MAX_DELAY_MS: '20',
    ...overrides,
  };
}

export const TABLE_STORAGE = {
  Columns: [
    { Name: 'event_type', Type: 'string' },
    { Name: 'event_timestamp', Type: 'bigint' },
    { Name: 'attributes', Type: 'map<string,string>' },
  ],
  Location: `s3://${BUCKET}/${EVENTS_PREFIX}`,
  InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  SerdeInfo: {
    SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    Parameters: { 'serialization.format': '1' },
  },
  Compressed: false,
};

/** Creates the database and an `all_events`-shaped table (partitioned by `ingest_timestamp`) in the emulator. */
export async function createEventsTable(glue: GlueClient): Promise<void> {
  await glue.send(new CreateDatabaseCommand({ CatalogId: CATALOG, DatabaseInput: { Name: DATABASE } }));
  await glue.send(new CreateTableCommand({
    CatalogId: CATALOG,
    DatabaseName: DATABASE,
    TableInput: {
      Name: TABLE,
      TableType: 'EXTERNAL_TABLE',
      PartitionKeys: [{ Name: 'ingest_timestamp', Type: 'timestamp' }],
      StorageDescriptor: TABLE_STORAGE,
    },
  }));
}

/** An EventBridge "Object Created" event for `key`, as the rule delivers it to the queue. */
export function objectCreatedMessage(messageId: string, key: string, bucket = BUCKET): SQSRecord {
  const event = {
    'version': '0',
    'id': `event-${messageId}`,
    'detail-type': 'Object Created',
    'source': 'aws.s3',
    'account': CATALOG,
    'time': '2024-03-01T10:00:00Z',
    'region': 'us-east-1',
    'resources': [`arn:aws:s3:::${bucket}`],
    'detail': {
      'version': '0',
      'bucket': { name: bucket },
      'object': { key, size: 1024, etag: 'etag', sequencer: '00' },
      'request-id': 'request',
      'requester': CATALOG,
      'reason': 'PutObject',
    },
  };
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: JSON.stringify(event),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'events',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:partition-events',
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** The key of a Parquet object Firehose would write in the hour starting at `hourStart`. */
export function parquetKey(hourStart: Date, serial: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const [y, m, d, h] = [hourStart.getUTCFullYear(), pad(hourStart.getUTCMonth() + 1), pad(hourStart.getUTCDate()), pad(hourStart.getUTCHours())];
  return `${EVENTS_PREFIX}${y}/${m}/${d}/${h}/events-stream-1-${y}-${m}-${d}-${h}-00-00-${String(serial).padStart(8, '0')}.parquet`;
}

/** Partition value of the hour starting at `hourStart`, as the table stores it. */
export function partitionValue(hourStart: Date): string {
  return hourStart.toISOString().slice(0, 13).replace('T', ' ') + ':00:00';
}

/** Applies `env` to process.env, returning a function that restores what was there. */
export function applyEnvironment(env: Record<string, string>): () => void {
  const previous = Object.fromEntries(Object.keys(env).map(name => [name, process.env[name]]));
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  };
}

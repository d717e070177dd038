/**
 * Registers the `ingest_timestamp` partition of every hour that Parquet objects land in, through the Glue
 * API (BatchCreatePartition), as S3 "Object Created" events arrive in batches from the queue.
 *
 * A message fails (and comes back from the queue, then goes to the dead-letter queue) whenever the partition
 * of its object could not be registered; nothing is dropped silently.
 */
import {
  BatchCreatePartitionCommand,
  GetTableCommand,
  GlueClient,
  PartitionInput,
  StorageDescriptor,
} from '@aws-sdk/client-glue';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  backoffDelay,
  chunk,
  FoldedPartition,
  foldObjects,
  isRetryableCode,
  KnownPartitions,
  partitionLocation,
  ReportedObject,
} from './partition-keys';

/** Glue accepts at most this many partitions in one BatchCreatePartition call. */
const GLUE_BATCH_LIMIT = 100;

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`environment variable ${name} is required`);
  }
  return value;
}

function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`environment variable ${name} must be a non-negative number, got '${raw}'`);
  }
  return value;
}

const config = {
  databaseName: requiredEnv('DATABASE_NAME'),
  tableName: requiredEnv('TABLE_NAME'),
  catalogId: requiredEnv('CATALOG_ID'),
  bucketName: requiredEnv('BUCKET_NAME'),
  eventsPrefix: requiredEnv('EVENTS_PREFIX'),
  knownPartitionTtlMillis: numberEnv('KNOWN_PARTITION_TTL_SECONDS', 900) * 1000,
  maxAttempts: Math.max(1, Math.floor(numberEnv('GLUE_MAX_ATTEMPTS', 6))),
  retryBaseDelayMillis: numberEnv('GLUE_RETRY_BASE_DELAY_MS', 200),
  retryMaxDelayMillis: numberEnv('GLUE_RETRY_MAX_DELAY_MS', 5000),
};

// Retries are done below, where they are bounded, logged and apply to single failed entries as well.
const glue = new GlueClient({ maxAttempts: 1 });
const knownPartitions = new KnownPartitions(config.knownPartitionTtlMillis);

type Level = 'INFO' | 'WARN' | 'ERROR';
function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level, message, ...fields }));
}

const sleep = (millis: number) => new Promise<void>(resolve => setTimeout(resolve, millis));

function errorCode(error: unknown): string {
  const candidate = error as { name?: string; Code?: string; code?: string };
  return candidate?.name ?? candidate?.Code ?? candidate?.code ?? 'Error';
}

function isRetryableError(error: unknown): boolean {
  const candidate = error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = candidate?.$metadata?.httpStatusCode;
  return isRetryableCode(errorCode(error)) || candidate?.$retryable !== undefined
    || (status !== undefined && status >= 500) || ['TimeoutError', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(errorCode(error));
}

/** The parts of the table's storage descriptor every partition copies; read once per container. */
let tableStorage: Promise<StorageDescriptor> | undefined;

function readTableStorage(): Promise<StorageDescriptor> {
  tableStorage ??= withRetries('GetTable', () => glue.send(new GetTableCommand({
    CatalogId: config.catalogId,
    DatabaseName: config.databaseName,
    Name: config.tableName,
  }))).then(({ Table: table }) => {
    const keys = table?.PartitionKeys ?? [];
    if (!table?.StorageDescriptor || keys.length !== 1) {
      throw new Error(`table ${config.databaseName}.${config.tableName} must have a storage descriptor and exactly one `
        + `partition key (the arrival hour); it has ${keys.length}`);
    }
    const { Columns, InputFormat, OutputFormat, Compressed, SerdeInfo, Parameters, StoredAsSubDirectories } = table.StorageDescriptor;
    return { Columns, InputFormat, OutputFormat, Compressed, SerdeInfo, Parameters, StoredAsSubDirectories };
  });
  // A failed read is not remembered: the next batch tries again.
  tableStorage.catch(() => { tableStorage = undefined; });
  return tableStorage;
}

let glueCalls = 0;

async function withRetries<T>(operation: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      glueCalls++;
      return await call();
    } catch (error) {
      if (attempt >= config.maxAttempts || !isRetryableError(error)) {
        throw error;
      }
      const delay = backoffDelay(attempt - 1, config.retryBaseDelayMillis, config.retryMaxDelayMillis);
      log('WARN', 'Glue call failed; retrying', { operation, attempt, code: errorCode(error), delayMillis: delay });
      await sleep(delay);
    }
  }
}

interface ChunkOutcome {
  created: string[];
  alreadyRegistered: string[];
  failed: { value: string; code: string; message?: string }[];
}

/**
 * Creates one chunk (≤ 100) of partitions. Entries Glue reports as existing count as registered; entries
 * failing for a transient reason are tried again (bounded, with backoff); any other failure is returned.
 */
async function createChunk(partitions: FoldedPartition[], storage: StorageDescriptor): Promise<ChunkOutcome> {
  const outcome: ChunkOutcome = { created: [], alreadyRegistered: [], failed: [] };
  let pending = partitions;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const inputs: PartitionInput[] = pending.map(({ partition }) => ({
      Values: [partition.value],
      StorageDescriptor: { ...storage, Location: partitionLocation(config.bucketName, partition) },
    }));
    let errors;
    try {
      ({ Errors: errors } = await withRetries('BatchCreatePartition', () => glue.send(new BatchCreatePartitionCommand({
        CatalogId: config.catalogId,
        DatabaseName: config.databaseName,
        TableName: config.tableName,
        PartitionInputList: inputs,
      }))));
    } catch (error) {
      const code = errorCode(error);
      log('ERROR', 'BatchCreatePartition failed', { code, error: String((error as Error)?.message ?? error), partitions: pending.length });
      outcome.failed.push(...pending.map(({ partition }) => ({ value: partition.value, code })));
      return outcome;
    }
    const errorByValue = new Map((errors ?? []).map(entry => [entry.PartitionValues?.[0] ?? '', entry.ErrorDetail]));
    const retry: FoldedPartition[] = [];
    for (const folded of pending) {
      const value = folded.partition.value;
      const detail = errorByValue.get(value);
      if (!detail) {
        outcome.created.push(value);
      } else if (detail.ErrorCode === 'AlreadyExistsException') {
        outcome.alreadyRegistered.push(value);
      } else if (isRetryableCode(detail.ErrorCode) && attempt < config.maxAttempts) {
        retry.push(folded);
      } else {
        outcome.failed.push({ value, code: detail.ErrorCode ?? 'Error', message: detail.ErrorMessage });
      }
    }
    if (retry.length > 0) {
      const delay = backoffDelay(attempt - 1, config.retryBaseDelayMillis, config.retryMaxDelayMillis);
      log('WARN', 'some partitions failed transiently; retrying them', { attempt, partitions: retry.length, delayMillis: delay });
      await sleep(delay);
    }
    pending = retry;
  }
  return outcome;
}

interface ObjectCreatedEvent {
  detail?: { bucket?: { name?: string }; object?: { key?: string } };
}

/** Reads the S3 object reported by a queue message carrying an EventBridge "Object Created" event. */
function reportedObject(messageId: string, body: string): ReportedObject | { messageId: string; problem: string } {
  let event: ObjectCreatedEvent;
  try {
    event = JSON.parse(body) as ObjectCreatedEvent;
  } catch {
    return { messageId, problem: 'body is not JSON' };
  }
  const bucket = event?.detail?.bucket?.name;
  const key = event?.detail?.object?.key;
  if (typeof bucket !== 'string' || typeof key !== 'string') {
    return { messageId, problem: 'not an S3 Object Created event' };
  }
  if (bucket !== config.bucketName) {
    return { messageId, problem: `object of another bucket (${bucket})` };
  }
  // S3 notifications URL-encode keys (a space becomes '+'). Decoding never changes the hour folders, which are
  // digits and slashes, so it is safe whether or not a key arrives encoded.
  let decoded = key;
  try {
    decoded = decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    // Not valid percent-encoding: the key is used as it came.
  }
  return { messageId, key: decoded };
}

const SAMPLE_LIMIT = 20;

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const startedAt = Date.now();
  glueCalls = 0;
  const objects: ReportedObject[] = [];
  const unreadable: { messageId: string; problem: string }[] = [];
  for (const record of event.Records ?? []) {
    const object = reportedObject(record.messageId, record.body);
    if ('key' in object) {
      objects.push(object);
    } else {
      unreadable.push(object);
    }
  }
  const { partitions, skipped } = foldObjects(objects, config.eventsPrefix);
  if (unreadable.length > 0 || skipped.length > 0) {
    // Such messages succeed: trying them again would never place them in a partition.
    log('WARN', 'objects outside the events layout were skipped', {
      unreadable: unreadable.length,
      skipped: skipped.length,
      samples: [...unreadable, ...skipped].slice(0, SAMPLE_LIMIT),
    });
  }

  const fresh = partitions.filter(({ partition }) => !knownPartitions.has(partition.value));
  const failedMessages = new Set<string>();
  const totals = { created: 0, alreadyRegistered: 0, failed: 0 };
  if (fresh.length > 0) {
    let storage: StorageDescriptor | undefined;
    try {
      storage = await readTableStorage();
    } catch (error) {
      log('ERROR', 'cannot read the table; every message with a new partition fails', {
        code: errorCode(error), error: String((error as Error)?.message ?? error), partitions: fresh.length,
      });
      fresh.forEach(({ messageIds }) => messageIds.forEach(id => failedMessages.add(id)));
      totals.failed = fresh.length;
    }
    if (storage) {
      const byValue = new Map(fresh.map(folded => [folded.partition.value, folded]));
      for (const part of chunk(fresh, GLUE_BATCH_LIMIT)) {
        const outcome = await createChunk(part, storage);
        [...outcome.created, ...outcome.alreadyRegistered].forEach(value => knownPartitions.remember(value));
        outcome.failed.forEach(({ value }) => byValue.get(value)?.messageIds.forEach(id => failedMessages.add(id)));
        totals.created += outcome.created.length;
        totals.alreadyRegistered += outcome.alreadyRegistered.length;
        totals.failed += outcome.failed.length;
        if (outcome.failed.length > 0) {
          log('ERROR', 'partitions could not be registered; their messages fail', { failures: outcome.failed.slice(0, SAMPLE_LIMIT) });
        }
      }
    }
  }

  log(failedMessages.size > 0 ? 'ERROR' : 'INFO', 'batch processed', {
    messages: event.Records?.length ?? 0,
    objects: objects.length,
    skippedObjects: skipped.length + unreadable.length,
    partitions: partitions.length,
    alreadyKnown: partitions.length - fresh.length,
    created: totals.created,
    alreadyRegistered: totals.alreadyRegistered,
    failedPartitions: totals.failed,
    failedMessages: failedMessages.size,
    glueCalls,
    durationMillis: Date.now() - startedAt,
  });
  return { batchItemFailures: [...failedMessages].map(itemIdentifier => ({ itemIdentifier })) };
}

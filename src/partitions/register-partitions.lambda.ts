/**
 * Registers the `ingest_timestamp` partition of every hour that Parquet objects land in, through the Glue
 * API (BatchCreatePartition), as S3 "Object Created" events arrive in batches from the queue.
 *
 * A message fails (and comes back from the queue, then goes to the dead-letter queue) whenever the partition
 * of its object could not be registered; nothing is dropped silently.
 */
import { GlueClient, StorageDescriptor } from '@aws-sdk/client-glue';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DEFAULT_RETRY_POLICY, errorCode, errorMessage, GLUE_BATCH_LIMIT, LogLevel, PartitionWriter } from './glue-partitions.lambda-shared';
import {
  chunk,
  foldObjects,
  KnownPartitions,
  ReportedObject,
  SKIPPED_EVENTS_METRIC,
} from './partition-keys';
import { embeddedMetricsLine } from '../database/embedded-metrics';

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
};

function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level, message, ...fields }));
}

// Retries are done by the writer, where they are bounded, logged and apply to single failed entries as well.
const writer = new PartitionWriter(new GlueClient({ maxAttempts: 1 }), config, {
  maxAttempts: Math.max(1, Math.floor(numberEnv('GLUE_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts))),
  baseDelayMillis: numberEnv('GLUE_RETRY_BASE_DELAY_MS', DEFAULT_RETRY_POLICY.baseDelayMillis),
  maxDelayMillis: numberEnv('GLUE_RETRY_MAX_DELAY_MS', DEFAULT_RETRY_POLICY.maxDelayMillis),
}, log);
const knownPartitions = new KnownPartitions(config.knownPartitionTtlMillis);

/** The parts of the table's storage descriptor every partition copies; read once per container. */
let tableStorage: Promise<StorageDescriptor> | undefined;

function readTableStorage(): Promise<StorageDescriptor> {
  tableStorage ??= writer.readStorage();
  // A failed read is not remembered: the next batch tries again.
  tableStorage.catch(() => { tableStorage = undefined; });
  return tableStorage;
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
  const callsBefore = writer.calls;
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
    // Such messages succeed: trying them again would never place them in a partition. Firehose writes no such
    // object, so they are counted in the summary's metric (which the construct's alarm watches) as well as logged.
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
        code: errorCode(error), error: errorMessage(error), partitions: fresh.length,
      });
      fresh.forEach(({ messageIds }) => messageIds.forEach(id => failedMessages.add(id)));
      totals.failed = fresh.length;
    }
    if (storage) {
      const byValue = new Map(fresh.map(folded => [folded.partition.value, folded]));
      for (const part of chunk(fresh, GLUE_BATCH_LIMIT)) {
        const outcome = await writer.createChunk(part.map(({ partition }) => partition), storage);
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

  // The summary is also the skipped-events metric, in CloudWatch's embedded metric format (no PutMetricData).
  console.log(embeddedMetricsLine({ Database: config.databaseName, Table: config.tableName }, {
    [SKIPPED_EVENTS_METRIC]: skipped.length + unreadable.length,
  }, {
    level: failedMessages.size > 0 ? 'ERROR' : 'INFO',
    message: 'batch processed',
    messages: event.Records?.length ?? 0,
    objects: objects.length,
    partitions: partitions.length,
    alreadyKnown: partitions.length - fresh.length,
    created: totals.created,
    alreadyRegistered: totals.alreadyRegistered,
    failedPartitions: totals.failed,
    failedMessages: failedMessages.size,
    glueCalls: writer.calls - callsBefore,
    durationMillis: Date.now() - startedAt,
  }));
  return { batchItemFailures: [...failedMessages].map(itemIdentifier => ({ itemIdentifier })) };
}

/**
 * The pure part of partition registration: which hour partition an S3 object belongs to, folding many
 * objects into the few partitions they fill, splitting work into Glue-sized calls, and remembering which
 * partitions are already registered.
 *
 * Kept free of AWS clients so that it can be tested on its own and shared by the handler, the construct, the repair
 * command and the benchmark.
 */
import { parseHour } from '../database/layout';

export { parseHour };

/**
 * Metric (embedded metric format, namespace `EngagementEventsDatabase`, dimensions `Database` and `Table`) of the
 * object-created events the registrar's function skipped: unreadable messages, and objects outside the
 * `<prefix>yyyy/MM/dd/HH/<object>` layout. Firehose writes none of those, so any is worth a look.
 */
export const SKIPPED_EVENTS_METRIC = 'PartitionEventsSkipped';

/** One UTC arrival hour of the `all_events` table. */
export interface HourPartition {
  /** Value of the `ingest_timestamp` partition column, as Glue stores a `timestamp` value: `yyyy-MM-dd HH:00:00`. */
  readonly value: string;
  /** Key prefix of the hour folder under the bucket, e.g. `events/2024/01/31/23/`. */
  readonly folder: string;
}

/** Why an object was not attributed to a partition. */
export type SkipReason = 'outside-events-prefix' | 'not-an-hour-folder' | 'invalid-hour' | 'folder-marker';

/** Where an object key belongs: a partition, or nowhere (with the reason). */
export type KeyPlacement =
  | { readonly kind: 'partition'; readonly partition: HourPartition }
  | { readonly kind: 'skipped'; readonly reason: SkipReason };

/** An hour folder (`yyyy/MM/dd/HH`) and what follows it. */
const HOUR_FOLDER = /^(\d{4}\/\d{2}\/\d{2}\/\d{2})\/(.*)$/;

/** The partition of the hour written `yyyy/MM/dd/HH` under `eventsPrefix`, or undefined when it is not a real hour. */
export function hourPartition(hour: string, eventsPrefix: string): HourPartition | undefined {
  if (parseHour(hour) === undefined) {
    return undefined;
  }
  const [year, month, day, hourOfDay] = hour.split('/');
  return { value: `${year}-${month}-${day} ${hourOfDay}:00:00`, folder: `${eventsPrefix}${hour}/` };
}

/**
 * The hour partition that the object `key` belongs to, when it sits in the Parquet layout
 * `<eventsPrefix>yyyy/MM/dd/HH/<object>`. Raw copies, delivery errors, stray objects, folder markers and
 * impossible dates (`2024/02/30`, hour `24`) belong to no partition.
 */
export function placeKey(key: string, eventsPrefix: string): KeyPlacement {
  if (!key.startsWith(eventsPrefix)) {
    return { kind: 'skipped', reason: 'outside-events-prefix' };
  }
  const match = HOUR_FOLDER.exec(key.slice(eventsPrefix.length));
  if (!match) {
    return { kind: 'skipped', reason: 'not-an-hour-folder' };
  }
  const [, hour, object] = match;
  const partition = hourPartition(hour, eventsPrefix);
  if (!partition) {
    return { kind: 'skipped', reason: 'invalid-hour' };
  }
  if (object === '' || object.endsWith('/')) {
    return { kind: 'skipped', reason: 'folder-marker' };
  }
  return { kind: 'partition', partition };
}

/** The S3 location of a partition's folder, as Glue stores it: `s3://bucket/events/yyyy/MM/dd/HH/`. */
export function partitionLocation(bucketName: string, partition: HourPartition): string {
  return `s3://${bucketName}/${partition.folder}`;
}

/** An object reported by one queue message. */
export interface ReportedObject {
  /** The queue message that reported it: it fails if its partition cannot be registered. */
  readonly messageId: string;
  readonly key: string;
}

/** A partition and every message whose object lies in it. */
export interface FoldedPartition {
  readonly partition: HourPartition;
  readonly messageIds: ReadonlySet<string>;
}

/** An object that belongs to no partition. */
export interface SkippedObject extends ReportedObject {
  readonly reason: SkipReason;
}

/** The outcome of folding a batch of objects. */
export interface FoldedBatch {
  /** One entry per distinct partition, in order of first appearance. */
  readonly partitions: FoldedPartition[];
  readonly skipped: SkippedObject[];
}

/** Folds objects into distinct partitions, keeping which messages reported each, and sets aside the rest. */
export function foldObjects(objects: Iterable<ReportedObject>, eventsPrefix: string): FoldedBatch {
  const byValue = new Map<string, { partition: HourPartition; messageIds: Set<string> }>();
  const skipped: SkippedObject[] = [];
  for (const object of objects) {
    const placement = placeKey(object.key, eventsPrefix);
    if (placement.kind === 'skipped') {
      skipped.push({ ...object, reason: placement.reason });
      continue;
    }
    const existing = byValue.get(placement.partition.value);
    if (existing) {
      existing.messageIds.add(object.messageId);
    } else {
      byValue.set(placement.partition.value, { partition: placement.partition, messageIds: new Set([object.messageId]) });
    }
  }
  return { partitions: [...byValue.values()], skipped };
}

/** Splits `items` into consecutive chunks of at most `size` (Glue's BatchCreatePartition takes at most 100). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`chunk size must be a positive integer, got ${size}`);
  }
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}

/**
 * Partitions this container registered (or found registered) recently. Entries expire after `ttlMillis`, so a
 * partition deleted by hand is registered again on the next object that lands in it.
 */
export class KnownPartitions {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly ttlMillis: number, private readonly now: () => number = Date.now) {
    if (!(ttlMillis >= 0)) {
      throw new Error(`the known-partition time to live must be zero or more milliseconds, got ${ttlMillis}`);
    }
  }

  /** Whether `value` was remembered less than the time to live ago. */
  has(value: string): boolean {
    const expiry = this.expiries.get(value);
    if (expiry === undefined) {
      return false;
    }
    if (expiry <= this.now()) {
      this.expiries.delete(value);
      return false;
    }
    return true;
  }

  /** Remembers `value` from now on for the time to live. */
  remember(value: string): void {
    const now = this.now();
    // Dropping expired entries as new ones arrive keeps a long-lived container's memory bounded.
    if (this.expiries.size >= 10_000) {
      for (const [known, expiry] of this.expiries) {
        if (expiry <= now) {
          this.expiries.delete(known);
        }
      }
    }
    this.expiries.set(value, now + this.ttlMillis);
  }

  /** How many entries are held, expired or not. */
  get size(): number {
    return this.expiries.size;
  }
}

/** Exponential backoff with full jitter: a random delay in [0, min(cap, base·2^retry)). */
export function backoffDelay(retry: number, baseMillis: number, capMillis: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(capMillis, baseMillis * 2 ** retry));
}

/** Error codes (whole calls or single BatchCreatePartition entries) worth trying again after a pause. */
const RETRYABLE_CODES = new Set([
  'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded',
  'InternalServiceException', 'InternalFailure', 'ServiceUnavailable', 'ServiceUnavailableException',
  'ConcurrentModificationException', 'OperationTimeoutException',
]);

/** Whether an error code names a transient condition (throttling, a service-side fault). */
export function isRetryableCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code);
}

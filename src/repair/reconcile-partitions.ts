/**
 * `reconcile-partitions` (and `backfill-partitions`): registers in Glue every hour folder that holds Parquet
 * objects in S3 but is not a partition of the table, and reports the partitions that have no objects.
 *
 * The hours come from the objects themselves, placed by the registrar's own rule (`placeKey`), and the
 * partitions are created by the registrar's own writer, so a partition is the same whichever path made it.
 */
import { GetPartitionsCommand, GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { count, HourRange, inRange, listKeys, Progress } from './command-line';
import { DEFAULT_RETRY_POLICY, GLUE_BATCH_LIMIT, PartitionFailure, PartitionWriter } from '../partitions/glue-partitions.lambda-shared';
import { chunk, HourPartition, hourPartition, partitionLocation, placeKey } from '../partitions/partition-keys';

export interface ReconcileOptions {
  readonly bucket: string;
  readonly database: string;
  readonly table: string;
  /** The Glue Data Catalog; the caller's account when undefined. */
  readonly catalogId?: string;
  /** Where the Parquet hour folders start, ending in `/`. */
  readonly prefix: string;
  readonly range: HourRange;
  /** Report only: create nothing. */
  readonly dryRun: boolean;
}

/** What a run found and did; printed as JSON on standard output. */
export interface ReconcileReport {
  readonly command: string;
  readonly dryRun: boolean;
  readonly table: string;
  readonly location: string;
  readonly from?: string;
  readonly to?: string;
  readonly objectsListed: number;
  /** Objects under the prefix that belong to no hour (stray files, folder markers), with a few of their keys. */
  readonly outsideLayout: { readonly count: number; readonly samples: string[] };
  readonly hoursWithObjects: number;
  readonly partitionsInTable: number;
  /** Hours holding objects that the table had no partition for, as partition values (`yyyy-MM-dd HH:00:00`). */
  readonly missing: string[];
  readonly added: string[];
  /** Missing when listed, registered by someone else (the registrar, say) before this run added them. */
  readonly alreadyRegistered: string[];
  readonly failed: PartitionFailure[];
  /** Missing hours not tried because Glue refused a whole call (access denied, say). */
  readonly notAttempted: number;
  /** Partitions with no object in their hour: reported, never deleted. */
  readonly extra: string[];
  /** Partitions of an hour with objects whose location is not that hour's folder. */
  readonly misplaced: { readonly value: string; readonly location?: string; readonly expected: string }[];
  readonly calls: { readonly listObjects: number; readonly glue: number };
}

const SAMPLE_LIMIT = 10;

/** Lists, compares and (unless a dry run) adds; `complete` is false when a missing hour could not be added. */
export async function reconcilePartitions(
  clients: { readonly s3: S3Client; readonly glue: GlueClient },
  options: ReconcileOptions,
  progress: Progress,
  command = 'reconcile-partitions',
): Promise<{ report: ReconcileReport; complete: boolean }> {
  const { bucket, prefix, range } = options;
  const writer = new PartitionWriter(clients.glue, {
    catalogId: options.catalogId, databaseName: options.database, tableName: options.table, bucketName: bucket,
  }, DEFAULT_RETRY_POLICY, (level, message, fields) => progress.note(`${level}: ${message} ${JSON.stringify(fields ?? {})}`));
  const storage = await writer.readStorage();
  const rangeText = range.from || range.to ? ` from ${range.from ?? 'the first hour'} to ${range.to ?? 'the last hour'}` : '';
  progress.note(`reading the hours under s3://${bucket}/${prefix}${rangeText}`);

  const hours = new Map<string, HourPartition>();
  const outside = { count: 0, samples: [] as string[] };
  let objectsListed = 0;
  let listCalls = 0;
  // Keys list in time order (the folders are zero-padded), so the range is one span of the listing.
  const startAfter = range.from === undefined ? undefined : `${prefix}${range.from}`;
  const lastFolder = range.to === undefined ? undefined : `${prefix}${range.to}/`;
  listing: for await (const page of listKeys(clients.s3, bucket, prefix, startAfter)) {
    listCalls++;
    for (const key of page) {
      if (lastFolder !== undefined && key > lastFolder && !key.startsWith(lastFolder)) {
        break listing;
      }
      objectsListed++;
      const placement = placeKey(key, prefix);
      if (placement.kind === 'partition' && inRange(placement.partition.folder.slice(prefix.length, -1), range)) {
        hours.set(placement.partition.value, placement.partition);
      } else if (placement.kind === 'skipped') {
        outside.count++;
        if (outside.samples.length < SAMPLE_LIMIT) outside.samples.push(key);
      }
    }
    progress.note(`listed ${count(objectsListed)} objects: ${count(hours.size)} hours`);
  }

  const lowest = range.from === undefined ? undefined : hourPartition(range.from, prefix)!.value;
  const highest = range.to === undefined ? undefined : hourPartition(range.to, prefix)!.value;
  const locations = new Map<string, string | undefined>();
  let token: string | undefined;
  do {
    const page = await writer.withRetries('GetPartitions', () => clients.glue.send(new GetPartitionsCommand({
      CatalogId: options.catalogId,
      DatabaseName: options.database,
      TableName: options.table,
      ExcludeColumnSchema: true,
      NextToken: token,
    })));
    for (const partition of page.Partitions ?? []) {
      const value = partition.Values?.[0];
      if (value !== undefined && (lowest === undefined || value >= lowest) && (highest === undefined || value <= highest)) {
        locations.set(value, partition.StorageDescriptor?.Location);
      }
    }
    token = page.NextToken;
  } while (token);
  progress.note(`the table has ${count(locations.size)} partitions${rangeText}`);

  const byValue = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const missing = [...hours.values()].filter(({ value }) => !locations.has(value)).sort((a, b) => byValue(a.value, b.value));
  const extra = [...locations.keys()].filter(value => !hours.has(value)).sort(byValue);
  const misplaced = [...locations].flatMap(([value, location]) => {
    const partition = hours.get(value);
    const expected = partition && partitionLocation(bucket, partition);
    return expected !== undefined && location !== expected ? [{ value, location, expected }] : [];
  });
  progress.note(`${count(missing.length)} hours missing from the table, ${count(extra.length)} partitions without objects`);

  const added: string[] = [];
  const alreadyRegistered: string[] = [];
  const failed: PartitionFailure[] = [];
  let notAttempted = 0;
  if (!options.dryRun) {
    const chunks = chunk(missing, GLUE_BATCH_LIMIT);
    for (const [index, part] of chunks.entries()) {
      const outcome = await writer.createChunk(part, storage);
      added.push(...outcome.created);
      alreadyRegistered.push(...outcome.alreadyRegistered);
      failed.push(...outcome.failed);
      progress.note(`added ${count(added.length)} of ${count(missing.length)} missing hours`
        + (failed.length > 0 ? ` (${count(failed.length)} failed)` : ''));
      if (outcome.callError !== undefined) {
        // Glue refused a whole call (access denied, a missing table): the next calls would be refused alike.
        notAttempted = chunks.slice(index + 1).reduce((sum, rest) => sum + rest.length, 0);
        progress.note(`stopped: Glue refused BatchCreatePartition (${outcome.callError}); ${count(notAttempted)} missing hours not tried`);
        break;
      }
    }
  }

  const report: ReconcileReport = {
    command,
    dryRun: options.dryRun,
    table: writer.qualifiedName,
    location: `s3://${bucket}/${prefix}`,
    from: range.from,
    to: range.to,
    objectsListed,
    outsideLayout: outside,
    hoursWithObjects: hours.size,
    partitionsInTable: locations.size,
    missing: missing.map(({ value }) => value),
    added,
    alreadyRegistered,
    failed,
    notAttempted,
    extra,
    misplaced,
    calls: { listObjects: listCalls, glue: writer.calls },
  };
  return { report, complete: failed.length === 0 && notAttempted === 0 };
}

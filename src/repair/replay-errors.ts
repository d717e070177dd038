/**
 * `replay-errors`: puts the records Firehose set aside under the error prefix back into the delivery stream,
 * once the same normalizer the stream's processor runs accepts them, and never twice.
 *
 * For each error object it replays from, a marker object `replayed/<key of the error object>` records which of
 * its records were put back. A later run skips those records (and the whole object once all of them are), and
 * checks the others again, so records that still fail are replayed by the run after the fix that makes them pass.
 */
import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { count, hourFolderOf, HourRange, inRange, listKeys, Progress } from './command-line';
import { ErrorRecord, readErrorObject, stillFails } from './error-records';
import { REPLAYED_PREFIX } from '../database/layout';
import { DEFAULT_RETRY_POLICY, errorMessage } from '../partitions/glue-partitions.lambda-shared';
import { backoffDelay } from '../partitions/partition-keys';

export interface ReplayOptions {
  readonly bucket: string;
  /** The delivery stream's name (or ARN). */
  readonly stream: string;
  /** Where the error objects are, ending in `/`: `errors/`, or `errors/processing-failed/` for one kind. */
  readonly prefix: string;
  readonly range: HourRange;
  /** Report only: put nothing, write no marker. */
  readonly dryRun: boolean;
  /** Bounds the attempts at putting a record Firehose refuses for a transient reason. */
  readonly maxAttempts?: number;
}

/** One record that was not put back, and why. */
export interface UnreplayedRecord {
  readonly object: string;
  readonly record: number;
  /** Why Firehose first set it aside. */
  readonly errorCode?: string;
  readonly reason: string;
}

/** What a run found and did; printed as JSON on standard output. */
export interface ReplayReport {
  readonly command: 'replay-errors';
  readonly dryRun: boolean;
  readonly source: string;
  readonly deliveryStream: string;
  readonly from?: string;
  readonly to?: string;
  /** Error objects in the range. */
  readonly errorObjects: number;
  /** Keys under the prefix outside the `yyyy/MM/dd/HH/` layout, ignored. */
  readonly outsideLayout: number;
  /** Error objects every record of which a previous run replayed: not read again. */
  readonly objectsAlreadyReplayed: number;
  readonly objectsRead: number;
  readonly records: number;
  readonly recordsReplayedBefore: number;
  /** Records put back by this run (in a dry run: that would be). */
  readonly replayed: number;
  /** Records the normalizer still refuses (or that cannot be read): left where they are. */
  readonly stillFailing: UnreplayedRecord[];
  /** Records Firehose refused after every attempt: left unmarked, so that the next run tries them again. */
  readonly putFailures: UnreplayedRecord[];
  readonly unreadableObjects: { readonly object: string; readonly reason: string }[];
  readonly calls: { readonly listObjects: number; readonly getObject: number; readonly putRecordBatch: number; readonly putMarker: number };
}

/** What a marker object holds. */
interface Marker {
  readonly errorObject: string;
  readonly deliveryStream: string;
  /** Records in the error object. */
  readonly records: number;
  /** Indexes (from 0) of the records put back, in order. */
  readonly replayed: number[];
  readonly updatedAt: string;
}

/** PutRecordBatch takes at most 500 records and 4 MiB a call. */
export const MAX_BATCH_RECORDS = 500;
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * The size a record takes in a PutRecordBatch request. Records travel base64-encoded; AWS does not say whether
 * the 4 MiB limit counts them before or after encoding, so they are counted after: the request is then under the
 * limit whichever it is, at no cost for ordinary records (500 of them fill a call first).
 */
export function encodedSize(data: Uint8Array): number {
  return 4 * Math.ceil(data.length / 3);
}

interface Pending {
  readonly object: string;
  readonly record: ErrorRecord;
}

interface ObjectState {
  readonly key: string;
  readonly records: number;
  readonly replayed: Set<number>;
}

const sleep = (millis: number) => new Promise<void>(resolve => setTimeout(resolve, millis));

export async function replayErrors(
  clients: { readonly s3: S3Client; readonly firehose: FirehoseClient },
  options: ReplayOptions,
  progress: Progress,
): Promise<{ report: ReplayReport; complete: boolean }> {
  const { bucket, prefix, range, dryRun } = options;
  const deliveryStream = options.stream.includes(':deliverystream/') ? options.stream.split('/').pop()! : options.stream;
  const maxAttempts = options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts;
  const calls = { listObjects: 0, getObject: 0, putRecordBatch: 0, putMarker: 0 };
  const stillFailing: UnreplayedRecord[] = [];
  const putFailures: UnreplayedRecord[] = [];
  const unreadableObjects: { object: string; reason: string }[] = [];

  progress.note(`listing error objects under s3://${bucket}/${prefix}`);
  const errorObjects: string[] = [];
  let outsideLayout = 0;
  for await (const page of listKeys(clients.s3, bucket, prefix)) {
    calls.listObjects++;
    for (const key of page) {
      const hour = hourFolderOf(key, prefix);
      if (hour === undefined) outsideLayout++;
      else if (inRange(hour, range)) errorObjects.push(key);
    }
  }
  const markers = new Set<string>();
  for await (const page of listKeys(clients.s3, bucket, `${REPLAYED_PREFIX}${prefix}`)) {
    calls.listObjects++;
    page.forEach(key => markers.add(key.slice(REPLAYED_PREFIX.length)));
  }
  progress.note(`${count(errorObjects.length)} error objects in range, ${count(errorObjects.filter(key => markers.has(key)).length)} with a replay marker`);

  const readBody = async (key: string): Promise<Uint8Array> => {
    calls.getObject++;
    const answer = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return answer.Body!.transformToByteArray();
  };

  const states = new Map<string, ObjectState>();
  const writeMarker = async (state: ObjectState) => {
    const marker: Marker = {
      errorObject: state.key,
      deliveryStream,
      records: state.records,
      replayed: [...state.replayed].sort((a, b) => a - b),
      updatedAt: new Date().toISOString(),
    };
    calls.putMarker++;
    await clients.s3.send(new PutObjectCommand({
      Bucket: bucket,
      Key: `${REPLAYED_PREFIX}${state.key}`,
      Body: JSON.stringify(marker),
      ContentType: 'application/json',
    }));
  };

  let replayed = 0;
  let batch: Pending[] = [];
  let batchBytes = 0;
  /** Puts the batch, trying refused records again with backoff; then marks what went in. */
  const flush = async () => {
    if (batch.length === 0) return;
    let pending = batch;
    batch = [];
    batchBytes = 0;
    const accepted: Pending[] = [];
    for (let attempt = 1; pending.length > 0; attempt++) {
      calls.putRecordBatch++;
      const answer = await clients.firehose.send(new PutRecordBatchCommand({
        DeliveryStreamName: deliveryStream,
        Records: pending.map(({ record }) => ({ Data: record.data! })),
      }));
      const refused: { pending: Pending; code: string; message?: string }[] = [];
      pending.forEach((item, i) => {
        const entry = answer.RequestResponses?.[i];
        if (entry?.ErrorCode) refused.push({ pending: item, code: entry.ErrorCode, message: entry.ErrorMessage });
        else accepted.push(item);
      });
      if (refused.length > 0 && attempt >= maxAttempts) {
        putFailures.push(...refused.map(({ pending: item, code, message }) => ({
          object: item.object, record: item.record.index, errorCode: item.record.errorCode, reason: `${code}: ${message ?? 'no message'}`,
        })));
        break;
      }
      if (refused.length > 0) {
        const delay = backoffDelay(attempt - 1, DEFAULT_RETRY_POLICY.baseDelayMillis, DEFAULT_RETRY_POLICY.maxDelayMillis);
        progress.note(`Firehose refused ${count(refused.length)} records (${refused[0].code}); trying them again in ${delay} ms`);
        await sleep(delay);
      }
      pending = refused.map(item => item.pending);
    }
    const touched = new Set<ObjectState>();
    for (const { object, record } of accepted) {
      const state = states.get(object)!;
      state.replayed.add(record.index);
      touched.add(state);
    }
    replayed += accepted.length;
    // Marked right after the call, so that an interruption replays at most the records of one call again.
    for (const state of touched) {
      await writeMarker(state);
    }
    progress.note(`replayed ${count(replayed)} records into ${deliveryStream}`);
  };

  let objectsAlreadyReplayed = 0;
  let objectsRead = 0;
  let records = 0;
  let recordsReplayedBefore = 0;
  let replayable = 0;
  for (const key of errorObjects) {
    let before: Marker | undefined;
    if (markers.has(key)) {
      before = JSON.parse(Buffer.from(await readBody(`${REPLAYED_PREFIX}${key}`)).toString('utf8')) as Marker;
      if (before.replayed.length >= before.records) {
        objectsAlreadyReplayed++;
        records += before.records;
        recordsReplayedBefore += before.records;
        continue;
      }
    }
    const body = await readBody(key);
    let failed: ErrorRecord[];
    try {
      failed = readErrorObject(body);
    } catch (error) {
      unreadableObjects.push({ object: key, reason: errorMessage(error) });
      continue;
    }
    objectsRead++;
    records += failed.length;
    const state: ObjectState = { key, records: failed.length, replayed: new Set(before?.replayed ?? []) };
    states.set(key, state);
    recordsReplayedBefore += state.replayed.size;
    for (const record of failed) {
      if (state.replayed.has(record.index)) continue;
      const reason = stillFails(record);
      if (reason !== undefined) {
        stillFailing.push({ object: key, record: record.index, errorCode: record.errorCode, reason });
        continue;
      }
      replayable++;
      if (dryRun) continue;
      const size = encodedSize(record.data!);
      if (batch.length >= MAX_BATCH_RECORDS || batchBytes + size > MAX_BATCH_BYTES) {
        await flush();
      }
      batch.push({ object: key, record });
      batchBytes += size;
    }
    if (objectsRead % 100 === 0) {
      progress.note(`read ${count(objectsRead)} of ${count(errorObjects.length)} error objects: ${count(replayable)} records to replay, `
        + `${count(stillFailing.length)} still failing`);
    }
  }
  await flush();
  progress.note(`${dryRun ? 'would replay' : 'replayed'} ${count(dryRun ? replayable : replayed)} records; `
    + `${count(stillFailing.length)} still fail; ${count(objectsAlreadyReplayed)} objects were replayed before`);

  const report: ReplayReport = {
    command: 'replay-errors',
    dryRun,
    source: `s3://${bucket}/${prefix}`,
    deliveryStream,
    from: range.from,
    to: range.to,
    errorObjects: errorObjects.length,
    outsideLayout,
    objectsAlreadyReplayed,
    objectsRead,
    records,
    recordsReplayedBefore,
    replayed: dryRun ? replayable : replayed,
    stillFailing,
    putFailures,
    unreadableObjects,
    calls,
  };
  return { report, complete: stillFailing.length === 0 && putFailures.length === 0 && unreadableObjects.length === 0 };
}

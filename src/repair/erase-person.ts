/**
 * `erase-person`: rewrites the raw copies (`raw/`) and failed records (`errors/`) of an events database without
 * the records that name one person's email addresses or phone numbers, by the erasure rule the Iceberg table's
 * erasure named query applies to the rows (`src/database/erasure.ts`).
 *
 * Each object is read whole, its records (JSON documents) tested, and the object written again under its key
 * with the records kept, byte for byte and in order, compressed as it was; an object left with none is deleted.
 * Firehose only ever writes new objects, so a rewrite races with nothing. The report counts, and never shows,
 * the values erased.
 */
import { gunzipSync, gzipSync } from 'zlib';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { count, hourFolderOf, HourRange, inRange, listKeys, Progress } from './command-line';
import { jsonDocumentTexts } from './error-records';
import { mentionsValue } from '../database/erasure';

export interface EraseOptions {
  readonly bucket: string;
  /** Where the objects are, each ending in `/`: `raw/` and `errors/`. */
  readonly prefixes: readonly string[];
  /** The email addresses and phone numbers whose records are erased. */
  readonly values: readonly string[];
  readonly range: HourRange;
  /** Report only: rewrite and delete nothing. */
  readonly dryRun: boolean;
}

/** What a run found and did; printed as JSON on standard output. */
export interface EraseReport {
  readonly command: 'erase-person';
  readonly dryRun: boolean;
  readonly bucket: string;
  readonly prefixes: readonly string[];
  readonly from?: string;
  readonly to?: string;
  /** How many values were erased: the values themselves are never written out. */
  readonly values: number;
  readonly objectsRead: number;
  readonly records: number;
  /** Records that named a value (in a dry run: that would be erased). */
  readonly recordsErased: number;
  /** Objects written again without those records. */
  readonly objectsRewritten: string[];
  /** Objects every record of which named a value: deleted. */
  readonly objectsDeleted: string[];
  readonly unreadableObjects: { readonly object: string; readonly reason: string }[];
  readonly calls: { readonly listObjects: number; readonly getObject: number; readonly putObject: number; readonly deleteObject: number };
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Whether a record names one of the values: its own text, and for a failed record also the record it carries
 * (`rawData`, base64), since the failure document holds the data encoded.
 */
function namesAny(document: string, values: readonly string[]): boolean {
  const texts = [document];
  const rawData = (JSON.parse(document) as { rawData?: unknown }).rawData;
  if (typeof rawData === 'string') {
    texts.push(Buffer.from(rawData, 'base64').toString('utf8'));
  }
  return texts.some(text => values.some(value => mentionsValue(text, value)));
}

export async function erasePerson(s3: S3Client, options: EraseOptions, progress: Progress): Promise<{ report: EraseReport; complete: boolean }> {
  const { bucket, values, range, dryRun } = options;
  const calls = { listObjects: 0, getObject: 0, putObject: 0, deleteObject: 0 };
  const objectsRewritten: string[] = [];
  const objectsDeleted: string[] = [];
  const unreadableObjects: { object: string; reason: string }[] = [];
  let objectsRead = 0;
  let records = 0;
  let recordsErased = 0;

  for (const prefix of options.prefixes) {
    for await (const page of listKeys(s3, bucket, prefix)) {
      calls.listObjects++;
      for (const key of page) {
        const hour = hourFolderOf(key, prefix);
        if (hour === undefined || !inRange(hour, range)) continue;
        calls.getObject++;
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const body = Buffer.from(await object.Body!.transformToByteArray());
        objectsRead++;
        const gzipped = body[0] === GZIP_MAGIC[0] && body[1] === GZIP_MAGIC[1];
        let documents: string[];
        try {
          documents = jsonDocumentTexts((gzipped ? gunzipSync(body) : body).toString('utf8'));
        } catch (error) {
          unreadableObjects.push({ object: key, reason: (error as Error).message });
          continue;
        }
        records += documents.length;
        const kept = documents.filter(document => !namesAny(document, values));
        const erased = documents.length - kept.length;
        if (erased === 0) continue;
        recordsErased += erased;
        if (kept.length === 0) {
          objectsDeleted.push(key);
          if (!dryRun) {
            calls.deleteObject++;
            await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
          }
        } else {
          objectsRewritten.push(key);
          if (!dryRun) {
            const text = Buffer.from(kept.map(document => `${document}\n`).join(''), 'utf8');
            calls.putObject++;
            // The bucket's default encryption applies, as it did to the object Firehose wrote.
            await s3.send(new PutObjectCommand({
              Bucket: bucket,
              Key: key,
              Body: gzipped ? gzipSync(text) : text,
              ContentType: object.ContentType,
              ContentEncoding: object.ContentEncoding,
            }));
          }
        }
        progress.note(`${key}: ${erased} of ${documents.length} records ${dryRun ? 'would be ' : ''}erased`);
      }
    }
  }
  progress.note(`${count(recordsErased)} of ${count(records)} records in ${count(objectsRead)} objects ${dryRun ? 'would be ' : ''}erased`);
  return {
    report: {
      command: 'erase-person',
      dryRun,
      bucket,
      prefixes: options.prefixes,
      from: range.from,
      to: range.to,
      values: values.length,
      objectsRead,
      records,
      recordsErased,
      objectsRewritten,
      objectsDeleted,
      unreadableObjects,
      calls,
    },
    complete: unreadableObjects.length === 0,
  };
}

/**
 * `replay-errors`, the bundled command against moto_server's S3 and Firehose (whose S3 destination writes each
 * PutRecordBatch call's records, concatenated, to one object), with Firehose behind the fault proxy.
 */
import { gzipSync } from 'zlib';
import { CreateDeliveryStreamCommand, FirehoseClient } from '@aws-sdk/client-firehose';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cliEnvironment, requireFreshCliBundle, runCli } from '../../fixtures/cli-runner';
import { awsError, FaultProxy } from '../../fixtures/fault-proxy';
import { MotoServer, startMoto } from '../../fixtures/moto';
import { fixture, PINPOINT_FIXTURES, SES_FIXTURES, SMS_VOICE_FIXTURES } from '../../fixtures/records';
import { normalizeRecord } from '../../src/normalize/normalize-record';
import { jsonDocuments } from '../../src/repair/error-records';

const BUCKET = 'events-bucket';
const DELIVERED = 'delivered-bucket';
const STREAM = 'events-stream';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

let moto: MotoServer;
let proxy: FaultProxy;
let s3: S3Client;
let firehose: FirehoseClient;
let env: Record<string, string>;

beforeAll(async () => {
  requireFreshCliBundle();
  moto = await startMoto();
  proxy = await FaultProxy.start(moto.endpoint);
  s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
  firehose = new FirehoseClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials });
  env = cliEnvironment(proxy.endpoint, moto.endpoint);
});

afterAll(async () => {
  s3?.destroy();
  firehose?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new CreateBucketCommand({ Bucket: DELIVERED }));
  await firehose.send(new CreateDeliveryStreamCommand({
    DeliveryStreamName: STREAM,
    DeliveryStreamType: 'DirectPut',
    ExtendedS3DestinationConfiguration: {
      RoleARN: 'arn:aws:iam::123456789012:role/firehose', BucketARN: `arn:aws:s3:::${DELIVERED}`, Prefix: 'delivered/',
    },
  }));
  proxy.clear();
});

const base64 = (data: string | Buffer) => Buffer.from(data).toString('base64');

/** The document Firehose writes for a record its data-transformation function returned as ProcessingFailed. */
function processingFailed(data: string | Buffer) {
  return {
    attemptsMade: 1,
    arrivalTimestamp: 1709157600000,
    errorCode: 'Lambda.ProcessingFailedStatus',
    errorMessage: 'ProcessingFailed status set for record',
    attemptEndingTimestamp: 1709157601000,
    rawData: base64(data),
    lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:processor:$LATEST',
  };
}

/** The document Firehose writes for a record the Parquet conversion refused (the error fields as one page names them). */
function conversionFailed(data: string | Buffer) {
  return {
    attemptsMade: 1,
    arrivalTimestamp: 1709161200000,
    lastErrorCode: 'DataFormatConversion.MalformedData',
    lastErrorMessage: 'The record is not valid for the schema',
    attemptEndingTimestamp: 1709161201000,
    rawData: base64(data),
    sequenceNumber: '49650000000000000000000000000000000000000000000000000002',
    subSequenceNumber: 0,
    dataCatalogTable: { catalogId: '123456789012', databaseName: 'due_eventdb', tableName: 'all_events', region: 'us-east-1', versionId: '0' },
  };
}

const lines = (documents: object[]) => documents.map(document => JSON.stringify(document)).join('\n') + '\n';

const sesSend = JSON.stringify(fixture(SES_FIXTURES, 'send'));
const smsDelivered = JSON.stringify(fixture(SMS_VOICE_FIXTURES, 'text-successful'));
const unknown = JSON.stringify({ hello: 'world' });
const sesDelivery = JSON.stringify(fixture(SES_FIXTURES, 'delivery'));
/** A record as the processor returned it: what a format-conversion failure holds. */
const normalized = JSON.stringify(normalizeRecord(fixture(PINPOINT_FIXTURES, 'email-send')));

const OBJECT_A = 'errors/processing-failed/2024/02/28/22/events-stream-1-2024-02-28-22-05-00-0000000a';
const OBJECT_B = 'errors/format-conversion-failed/2024/02/28/23/events-stream-1-2024-02-28-23-05-00-0000000b';
const OBJECT_C = 'errors/processing-failed/2024/03/01/00/events-stream-1-2024-03-01-00-05-00-0000000c';

async function put(key: string, body: string | Buffer): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

/** Three error objects (one gzip) holding four records that now pass and two that still fail, and a stray key. */
async function errors(): Promise<void> {
  await put(OBJECT_A, lines([processingFailed(sesSend), processingFailed(smsDelivered), processingFailed(unknown), processingFailed('not json')]));
  await put(OBJECT_B, lines([conversionFailed(normalized)]));
  await put(OBJECT_C, gzipSync(lines([processingFailed(sesDelivery)])));
  await put('errors/readme.txt', 'notes');
}

async function keys(bucket: string, prefix: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (page.Contents ?? []).map(object => object.Key!);
}

async function read(bucket: string, key: string): Promise<string> {
  return (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
}

/** Every record the stream delivered, each as its JSON text, sorted. */
async function delivered(): Promise<string[]> {
  const texts = await Promise.all((await keys(DELIVERED, 'delivered/')).map(key => read(DELIVERED, key)));
  return texts.flatMap(text => jsonDocuments(text)).map(document => JSON.stringify(document)).sort();
}

const replay = (...args: string[]) => runCli(['replay-errors', '--bucket', BUCKET, '--stream', STREAM, ...args], env);
const putCalls = () => proxy.callsOf('PutRecordBatch').map(call => call.body.Records.map((record: any) => Buffer.from(record.Data, 'base64').toString()));
const passing = [sesSend, smsDelivered, normalized, sesDelivery];
const sorted = (records: string[]) => records.map(record => JSON.stringify(JSON.parse(record))).sort();

describe('replay-errors', () => {
  test('--dry-run checks every record and reports, putting nothing and writing no marker', async () => {
    await errors();
    const result = await replay('--dry-run');

    expect(result.status).toBe(1); // two records still fail
    expect(result.report).toMatchObject({
      command: 'replay-errors',
      dryRun: true,
      source: `s3://${BUCKET}/errors/`,
      deliveryStream: STREAM,
      errorObjects: 3,
      outsideLayout: 1,
      objectsRead: 3,
      records: 6,
      replayed: 4,
      putFailures: [],
      unreadableObjects: [],
    });
    expect(result.report.stillFailing).toEqual([
      { object: OBJECT_A, record: 2, errorCode: 'Lambda.ProcessingFailedStatus', reason: expect.stringContaining('The record is of no known format') },
      { object: OBJECT_A, record: 3, errorCode: 'Lambda.ProcessingFailedStatus', reason: expect.stringMatching(/^the record is not JSON: /) },
    ]);
    expect(proxy.callsOf('PutRecordBatch')).toEqual([]);
    expect(await keys(BUCKET, 'replayed/')).toEqual([]);
    expect(await delivered()).toEqual([]);
  });

  test('puts back, as they were, the records that pass now, marks them, and reports those that still fail', async () => {
    await errors();
    const result = await replay();

    expect(result.status).toBe(1);
    expect(result.report).toMatchObject({ dryRun: false, records: 6, replayed: 4, recordsReplayedBefore: 0, putFailures: [] });
    expect(result.report.stillFailing.map((failure: any) => [failure.object, failure.record])).toEqual([[OBJECT_A, 2], [OBJECT_A, 3]]);
    expect(putCalls()).toEqual([[normalized, sesSend, smsDelivered, sesDelivery]]); // in key order
    expect(await delivered()).toEqual(sorted(passing));

    expect((await keys(BUCKET, 'replayed/')).sort()).toEqual([OBJECT_A, OBJECT_B, OBJECT_C].map(key => `replayed/${key}`).sort());
    expect(JSON.parse(await read(BUCKET, `replayed/${OBJECT_A}`))).toMatchObject({
      errorObject: OBJECT_A, deliveryStream: STREAM, records: 4, replayed: [0, 1],
    });
    expect(result.stderr).toContain('replay-errors: replayed 4 records into events-stream');
    expect(result.stderr).toContain('replayed 4 records; 2 still fail; 0 objects were replayed before');
  });

  test('a second run replays nothing, skips the objects replayed whole, and checks the rest again', async () => {
    await errors();
    await replay();
    proxy.clear();
    const again = await replay();

    expect(again.status).toBe(1);
    expect(again.report).toMatchObject({
      replayed: 0,
      objectsAlreadyReplayed: 2,
      objectsRead: 1,
      records: 6,
      recordsReplayedBefore: 4,
      calls: { getObject: 4, putRecordBatch: 0, putMarker: 0 }, // three markers, and object A again
    });
    expect(again.report.stillFailing).toHaveLength(2);
    expect(proxy.callsOf('PutRecordBatch')).toEqual([]);
    expect(await delivered()).toEqual(sorted(passing));
  });

  test('--from, --to and a narrower --prefix choose the error objects', async () => {
    await errors();
    const hour = await replay('--from', '2024/02/28/23', '--to', '2024/02/28/23');
    expect(hour.status).toBe(0);
    expect(hour.report).toMatchObject({ errorObjects: 1, records: 1, replayed: 1 });
    expect(putCalls()).toEqual([[normalized]]);

    proxy.clear();
    const kind = await replay('--prefix', 'errors/processing-failed/', '--to', '2024/02/29/23');
    expect(kind.report).toMatchObject({ source: `s3://${BUCKET}/errors/processing-failed/`, errorObjects: 1, replayed: 2 });
    expect(putCalls()).toEqual([[sesSend, smsDelivered]]);
  });

  test('calls carry at most 500 records', async () => {
    const many = Array.from({ length: 1201 }, (_, i) => JSON.stringify({ ...JSON.parse(sesSend), serial: i }));
    await put(OBJECT_A, lines(many.map(processingFailed)));
    const result = await replay();

    expect(result.status).toBe(0);
    expect(putCalls().map(records => records.length)).toEqual([500, 500, 201]);
    expect(await delivered()).toEqual(sorted(many));
    expect(JSON.parse(await read(BUCKET, `replayed/${OBJECT_A}`)).replayed).toHaveLength(1201);
  });

  test('calls carry at most 4 MiB, counting records as they travel (base64)', async () => {
    // 1,000,000 bytes a record, 1,333,336 encoded: three fit in 4 MiB, four do not.
    const big = Array.from({ length: 5 }, (_, i) => {
      const record = { event_type: 'large_event', event_timestamp: 1709157600000, arrival_timestamp: 1709157600000, serial: i, attributes: { padding: '' } };
      record.attributes.padding = 'x'.repeat(1_000_000 - JSON.stringify(record).length);
      return JSON.stringify(record);
    });
    expect(big.map(record => Buffer.byteLength(record))).toEqual(Array(5).fill(1_000_000));
    await put(OBJECT_A, lines(big.map(processingFailed)));
    const result = await replay();

    expect(result.status).toBe(0);
    expect(putCalls().map(records => records.length)).toEqual([3, 2]);
  });
});

describe('faults', () => {
  test('records Firehose refuses are tried again alone, with backoff; each is delivered once', async () => {
    await errors();
    let first = true;
    proxy.intercept(call => {
      if (call.operation !== 'PutRecordBatch' || !first) return undefined;
      first = false;
      // Firehose takes records 0 and 3 and refuses 1 and 2.
      return {
        rewriteRequest: body => ({ ...body, Records: [body.Records[0], body.Records[3]] }),
        rewriteResponse: answer => ({
          ...answer,
          FailedPutCount: 2,
          RequestResponses: [
            answer.RequestResponses[0],
            { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' },
            { ErrorCode: 'ServiceUnavailableException', ErrorMessage: 'Slow down.' },
            answer.RequestResponses[1],
          ],
        }),
      };
    });
    const result = await replay();

    expect(putCalls()).toEqual([[normalized, sesSend, smsDelivered, sesDelivery], [sesSend, smsDelivered]]);
    expect(result.stderr).toContain('Firehose refused 2 records (ServiceUnavailableException); trying them again in');
    expect(result.report).toMatchObject({ replayed: 4, putFailures: [] });
    expect(await delivered()).toEqual(sorted(passing));
  });

  test('records refused on every attempt are reported and left unmarked, for the next run', async () => {
    await errors();
    proxy.intercept(call => (call.operation !== 'PutRecordBatch' ? undefined : {
      rewriteRequest: body => ({ ...body, Records: body.Records.filter((record: any) => Buffer.from(record.Data, 'base64').toString() !== normalized) }),
      rewriteResponse: (answer, request) => {
        const responses = [...answer.RequestResponses];
        const refused = request.Records.findIndex((record: any) => Buffer.from(record.Data, 'base64').toString() === normalized);
        if (refused >= 0) responses.splice(refused, 0, { ErrorCode: 'InternalFailure', ErrorMessage: 'injected' });
        return { ...answer, FailedPutCount: refused >= 0 ? 1 : 0, RequestResponses: responses };
      },
    }));
    const result = await replay('--max-attempts', '3');

    expect(result.status).toBe(1);
    expect(result.report.putFailures).toEqual([{ object: OBJECT_B, record: 0, errorCode: 'DataFormatConversion.MalformedData', reason: 'InternalFailure: injected' }]);
    expect(proxy.callsOf('PutRecordBatch')).toHaveLength(3);
    expect(await keys(BUCKET, `replayed/${OBJECT_B}`)).toEqual([]);

    proxy.clear();
    const retried = await replay();
    expect(retried.report).toMatchObject({ replayed: 1, putFailures: [] });
    expect(putCalls()).toEqual([[normalized]]);
    expect(await delivered()).toEqual(sorted(passing));
  });

  test('throttling of a whole call is retried', async () => {
    await errors();
    proxy.interceptNext('PutRecordBatch', 2, { answer: awsError('ThrottlingException', 'Rate exceeded') });
    const result = await replay();
    expect(proxy.callsOf('PutRecordBatch').map(call => call.status)).toEqual([400, 400, 200]);
    expect(result.report).toMatchObject({ replayed: 4 });
    expect(await delivered()).toEqual(sorted(passing));
  });

  test('access denied stops the run with the reason and marks nothing; a later run replays everything once', async () => {
    await errors();
    proxy.interceptNext('PutRecordBatch', 1, { answer: awsError('AccessDeniedException', 'not authorized to perform firehose:PutRecordBatch') });
    const denied = await replay();

    expect(denied.status).toBe(1);
    expect(denied.stderr).toContain('error: replay-errors stopped: AccessDeniedException: not authorized to perform firehose:PutRecordBatch\n');
    expect(await keys(BUCKET, 'replayed/')).toEqual([]);

    const retried = await replay();
    expect(retried.report).toMatchObject({ replayed: 4 });
    expect(await delivered()).toEqual(sorted(passing));
  });

  test('an unknown delivery stream is named in the error', async () => {
    await errors();
    const result = await runCli(['replay-errors', '--bucket', BUCKET, '--stream', 'arn:aws:firehose:us-east-1:123456789012:deliverystream/missing'], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: replay-errors stopped: ResourceNotFoundException: Firehose missing under account 123456789012 not found/m);
  });

  test('an error object that is not JSON lines is reported, and the others are replayed', async () => {
    await errors();
    await put('errors/processing-failed/2024/02/28/22/truncated', '{"rawData": "abc');
    const result = await replay();
    expect(result.report.unreadableObjects).toEqual([{
      object: 'errors/processing-failed/2024/02/28/22/truncated', reason: 'the last JSON object (from character 0) is incomplete',
    }]);
    expect(result.report.replayed).toBe(4);
  });
});

/**
 * `erase-person`, the bundled command against moto_server's S3: raw copies and failed records rewritten without
 * the records that name the person, the others kept byte for byte.
 */
import { gunzipSync, gzipSync } from 'zlib';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cliEnvironment, requireFreshCliBundle, runCli } from '../../fixtures/cli-runner';
import { MotoServer, startMoto } from '../../fixtures/moto';

const BUCKET = 'events-bucket';
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const EMAIL = 'Jane.Doe@example.com';
const PHONE = '+12065550100';

let moto: MotoServer;
let s3: S3Client;
let env: Record<string, string>;

beforeAll(async () => {
  requireFreshCliBundle();
  moto = await startMoto();
  s3 = new S3Client({ endpoint: moto.endpoint, region: 'us-east-1', credentials, forcePathStyle: true });
  env = cliEnvironment(moto.endpoint, moto.endpoint);
});

afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
});

/** Source records as they arrive: an email to Jane, one to Joann (a longer address holding hers), an SMS to her number. */
const toJane = '{"event_type":"_email.send","facets":{"email_channel":{"mail_event":{"mail":{"destination":["jane.doe@example.com"],'
  + '"common_headers":{"to":["Jane Doe <Jane.Doe@example.com>"]}}}}},"arrival_timestamp":1709157600000}';
const toJoann = '{"event_type":"_email.send","facets":{"email_channel":{"mail_event":{"mail":{"destination":["joann.jane.doe@example.com"]}}}},'
  + '"big":12345678901234567890}';
const smsToJane = '{"eventType":"TEXT_DELIVERED","destinationPhoneNumber":"+12065550100","messageId":"m-1"}';
const smsToOther = '{"eventType":"TEXT_DELIVERED","destinationPhoneNumber":"+120655501001","messageId":"m-2"}';

const failed = (data: string) => JSON.stringify({
  attemptsMade: 1,
  arrivalTimestamp: 1709157600000,
  errorCode: 'Lambda.ProcessingFailedStatus',
  errorMessage: 'ProcessingFailed status set for record',
  rawData: Buffer.from(data).toString('base64'),
});

const OBJECTS: Record<string, { records: string[]; gzip: boolean }> = {
  'raw/2026/12/01/18/stream-1-2026-12-01-18-00-00-a.gz': { records: [toJane, toJoann, smsToOther], gzip: true },
  'raw/2026/12/01/19/stream-1-2026-12-01-19-00-00-b.gz': { records: [smsToJane], gzip: true },
  'raw/2026/12/02/07/stream-1-2026-12-02-07-00-00-c.gz': { records: [toJoann], gzip: true },
  'errors/processing-failed/2026/12/01/18/stream-1-2026-12-01-18-00-00-d': { records: [failed(smsToJane), failed(toJoann)], gzip: false },
};

beforeEach(async () => {
  await moto.reset();
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const [key, { records, gzip }] of Object.entries(OBJECTS)) {
    // Firehose writes records back to back, raw copies as they came (no separator), errors one a line.
    const text = Buffer.from(gzip ? records.join('') : records.map(r => `${r}\n`).join(''));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: gzip ? gzipSync(text) : text }));
  }
});

async function objects(): Promise<Record<string, string>> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  const result: Record<string, string> = {};
  for (const { Key } of listed.Contents ?? []) {
    const body = Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToByteArray());
    result[Key!] = (body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body).toString('utf8');
  }
  return result;
}

const erase = (...args: string[]) => runCli(['erase-person', '--bucket', BUCKET, ...args], env);

test('erases every raw copy and failed record naming the address or the number, and keeps every other byte for byte', async () => {
  const result = await erase('--email', EMAIL, '--phone', PHONE);
  expect(result.stderr).not.toMatch(/^error:/m);
  expect(result.status).toBe(0);
  expect(await objects()).toEqual({
    'raw/2026/12/01/18/stream-1-2026-12-01-18-00-00-a.gz': `${toJoann}\n${smsToOther}\n`,
    'raw/2026/12/02/07/stream-1-2026-12-02-07-00-00-c.gz': toJoann,
    'errors/processing-failed/2026/12/01/18/stream-1-2026-12-01-18-00-00-d': `${failed(toJoann)}\n`,
  });
  expect(result.report).toMatchObject({
    command: 'erase-person',
    dryRun: false,
    values: 2,
    objectsRead: 4,
    records: 7,
    recordsErased: 3,
    objectsRewritten: ['raw/2026/12/01/18/stream-1-2026-12-01-18-00-00-a.gz', 'errors/processing-failed/2026/12/01/18/stream-1-2026-12-01-18-00-00-d'],
    objectsDeleted: ['raw/2026/12/01/19/stream-1-2026-12-01-19-00-00-b.gz'],
    unreadableObjects: [],
  });
  // The rewritten raw copy is still gzip, as Firehose wrote it.
  const rewritten = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'raw/2026/12/01/18/stream-1-2026-12-01-18-00-00-a.gz' }));
  expect(Buffer.from(await rewritten.Body!.transformToByteArray()).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  // Neither the report nor the progress shows whom it erased.
  expect(`${result.stdout}${result.stderr}`.toLowerCase()).not.toContain(EMAIL.toLowerCase());
  expect(`${result.stdout}${result.stderr}`).not.toContain(PHONE);
  // A second run finds nothing more.
  const again = await erase('--email', EMAIL, '--phone', PHONE);
  expect(again.report).toMatchObject({ recordsErased: 0, objectsRewritten: [], objectsDeleted: [] });
});

test('a dry run reports what it would erase and changes nothing', async () => {
  const before = await objects();
  const result = await erase('--email', EMAIL, '--phone', PHONE, '--dry-run');
  expect(result.status).toBe(0);
  expect(result.report).toMatchObject({ dryRun: true, recordsErased: 3, calls: { putObject: 0, deleteObject: 0 } });
  expect(await objects()).toEqual(before);
});

test('--from and --to bound the hours read; --prefix the objects', async () => {
  const result = await erase('--email', EMAIL, '--from', '2026/12/01/19', '--prefix', 'raw/');
  expect(result.report).toMatchObject({ objectsRead: 2, recordsErased: 0, prefixes: ['raw/'] });
  const phone = await erase('--phone', PHONE, '--to', '2026/12/01/19', '--prefix', 'raw/');
  expect(phone.report).toMatchObject({ objectsRead: 2, recordsErased: 1, objectsDeleted: ['raw/2026/12/01/19/stream-1-2026-12-01-19-00-00-b.gz'] });
});

test('an object that is not JSON records is reported and left alone, and the run says something is left', async () => {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'raw/2026/12/03/00/stream-1-x.gz', Body: gzipSync('not json at all') }));
  const result = await erase('--email', EMAIL);
  expect(result.status).toBe(1);
  expect(result.report.unreadableObjects).toEqual([{ object: 'raw/2026/12/03/00/stream-1-x.gz', reason: expect.stringMatching(/expected a JSON object/) }]);
  expect(result.report.recordsErased).toBe(1);
});

test('without an address or a number it is a usage error', async () => {
  const result = await erase();
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/give the person's --email or --phone/);
});

import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { fixture, SES_FIXTURES, SMS_VOICE_FIXTURES, WHATSAPP_FIXTURES } from '../../fixtures/records';
import { variedRecords } from '../../fixtures/records/varied-records';
import {
  FirehoseInputRecord, processFirehoseRecords, processingMetricsLogLine, RESPONSE_LIMIT_BYTES,
} from '../../src/database/record-processing';
import { normalizeRecord } from '../../src/normalize/normalize-record';

const encode = (text: string) => Buffer.from(text).toString('base64');
const decode = (data: string) => Buffer.from(data, 'base64').toString('utf8');

const pinpointSend = {
  event_type: '_email.send',
  event_timestamp: 1564618621380,
  arrival_timestamp: 1564618622025,
  awsAccountId: '123456789012',
  attributes: { feedback: 'received' },
};

describe('record processing', () => {
  test('a Pinpoint record passes through unchanged, one JSON line', () => {
    const { records, failures } = processFirehoseRecords([{ recordId: '1', data: encode(JSON.stringify(pinpointSend)) }]);
    expect(failures).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0].result).toBe('Ok');
    expect(decode(records[0].data)).toBe(`${JSON.stringify(pinpointSend)}\n`);
  });

  // Written as JSON.stringify writes it, the record is answered with its own bytes; written otherwise, with its JSON.
  test.each([
    ['as JSON.stringify writes it, multi-byte characters included', JSON.stringify({ ...pinpointSend, attributes: { subject: 'Größe 📬 \u2028' } })],
    ['with spaces and escapes JSON.stringify would not write', '{ "event_type": "_email.send", "attributes": {"subject": "Gr\\u00f6\\/\\u00dfe"} }'],
  ])('a Pinpoint record written %s comes out as its JSON text, byte for byte', (_name, text) => {
    const { records } = processFirehoseRecords([{ recordId: '1', data: encode(text) }]);
    expect(records[0].result).toBe('Ok');
    expect(Buffer.from(records[0].data, 'base64')).toEqual(Buffer.from(`${JSON.stringify(JSON.parse(text))}\n`));
  });

  test.each([
    ['not JSON', '{"event_type": "_email.send"', /JSON/],
    ['a JSON array', '[1, 2]', /not a JSON object/],
    ['a record of no known format', '{"hello": "world"}', /no event_type|not a Pinpoint|format/i],
  ])('%s is sent to the error output with its original bytes, never dropped', (_name, text, reason) => {
    const data = encode(text);
    const { records, failures } = processFirehoseRecords([
      { recordId: 'good', data: encode(JSON.stringify(pinpointSend)) },
      { recordId: 'bad', data },
    ]);
    expect(records.map(r => [r.recordId, r.result])).toEqual([['good', 'Ok'], ['bad', 'ProcessingFailed']]);
    expect(records[1].data).toBe(data);
    expect(failures).toEqual([{ recordId: 'bad', reason: expect.stringMatching(reason) }]);
  });

  // Each would reach the table changed (a value lost, rounded or replaced) while the raw copy keeps it as written.
  const smsWith = (extra: Record<string, unknown>) => JSON.stringify({ ...fixture(SMS_VOICE_FIXTURES, 'text-successful'), ...extra });
  test.each([
    ['a key repeated in one object (JSON parsing keeps the last)',
      Buffer.from('{"event_type":"_email.send","event_timestamp":1564618621380,"event_type":"_email.click"}'),
      /repeats the key "event_type"/],
    ['a key repeated in a nested object, written with an escape the second time',
      Buffer.from('{"event_type":"_email.send","attributes":{"feedback":"a","feedb\\u0061ck":"b"}}'),
      /repeats the key "feedback"/],
    ['an integer a double cannot hold exactly (JSON parsing rounds it)',
      Buffer.from('{"event_type":"_email.send","event_timestamp":1564618621380,"metrics":{"count":9007199254740993}}'),
      /key "count" holds the integer 9007199254740993, which a double cannot hold exactly.*9007199254740992/],
    // A record that passes through unchanged, in the very text JSON.stringify writes of its rounded value (2^60).
    ['an integer a double cannot hold exactly, in a record the table holds as it is',
      Buffer.from('{"event_type":"_custom.event","event_timestamp":1152921504606847000}'),
      /key "event_timestamp" holds the integer 1152921504606847000, which a double cannot hold exactly/],
    ['a key repeated in a record the table would hold as it is, were it not repeated',
      Buffer.from('{"event_type":"_custom.event","event_timestamp":1564618621380,"event_timestamp":1564618621381}'),
      /repeats the key "event_timestamp"/],
    ['a key repeated in a record of no known format (refused for the repeat first)',
      Buffer.from('{"hello":"world","hello":"again"}'),
      /repeats the key "hello"/],
    ['invalid UTF-8 (decoding would replace it with U+FFFD)',
      Buffer.concat([Buffer.from('{"event_type":"_email.send","attributes":{"name":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]),
      /not valid UTF-8/],
    ['End User Messaging fields that become one attribute',
      Buffer.from(smsWith({ recordStatus: 'a', record_status: 'b' })),
      /fields 'recordStatus' and 'record_status' would both be kept as attribute 'record_status'/],
    ['an End User Messaging field that becomes a mapped attribute',
      Buffer.from(smsWith({ message_id: 'other' })),
      /fields 'message_id' and 'messageId' would both be kept as attribute 'message_id'/],
    ['a record with both the SES shape and a Pinpoint event_type',
      Buffer.from(JSON.stringify({ ...fixture(SES_FIXTURES, 'send'), event_type: '_email.send' })),
      /ambiguous: it has both a Pinpoint event_type \('_email.send'\) and the SES shape/],
  ])('%s is refused with its original bytes, not changed on its way to the table', (_name, bytes, reason) => {
    const data = bytes.toString('base64');
    const { records, failures } = processFirehoseRecords([
      { recordId: 'good', data: encode(JSON.stringify(pinpointSend)) },
      { recordId: 'bad', data },
    ]);
    expect(records.map(r => [r.recordId, r.result])).toEqual([['good', 'Ok'], ['bad', 'ProcessingFailed']]);
    expect(Buffer.from(records[1].data, 'base64').equals(bytes)).toBe(true);
    expect(failures).toEqual([{ recordId: 'bad', reason: expect.stringMatching(reason) }]);
  });

  test.each([
    ['the same key in different objects', '{"event_type":"_email.send","attributes":{"event_type":"x"},"metrics":{"event_type":1}}'],
    ['a string value holding an escaped quote and a colon', '{"event_type":"_email.send","attributes":{"note":"say \\":\\" here"}}'],
    ['a long digit run in a string, and a 16-digit integer a double holds', '{"event_type":"_email.send","attributes":{"id":"12345678901234567890"},"metrics":{"n":1234567890123456}}'],
    ['an integer written with an exponent', '{"event_type":"_email.send","metrics":{"n":1e21}}'],
  ])('a record with %s is kept exactly', (_name, text) => {
    const { records, failures } = processFirehoseRecords([{ recordId: '1', data: encode(text) }]);
    expect(failures).toEqual([]);
    expect(decode(records[0].data)).toBe(`${JSON.stringify(normalizeRecord(JSON.parse(text)))}\n`);
  });

  // Records are decoded, and answers encoded, in buffers kept from record to record: none may carry bytes over.
  test('records of very different sizes, one after the other, are each answered with their own bytes only', () => {
    const sized = (subject: string) => JSON.stringify({ ...pinpointSend, attributes: { subject } });
    const texts = [
      sized('short'),
      // 300,000 bytes of three-byte characters: the most UTF-8 a string of this length can take.
      sized('€'.repeat(100_000)),
      sized('a'),
      // Not as JSON.stringify writes it: answered with its JSON text, not its own bytes.
      `{ "event_type": "_email.send", "attributes": { "subject": "${'📬 '.repeat(40_000)}" } }`,
      JSON.stringify(fixture(SMS_VOICE_FIXTURES, 'text-successful')),
      sized(''),
    ];
    const { records, failures } = processFirehoseRecords(texts.map((text, i) => ({ recordId: `${i}`, data: encode(text) })));
    expect(failures).toEqual([]);
    expect(records.map(r => decode(r.data))).toEqual(texts.map(text => `${JSON.stringify(normalizeRecord(JSON.parse(text)))}\n`));
  });

  test('every record of a batch is answered, in order', () => {
    const input = Array.from({ length: 500 }, (_, i) => ({
      recordId: `r${i}`,
      data: encode(i % 7 === 0 ? 'garbage' : JSON.stringify({ ...pinpointSend, event_timestamp: i })),
    }));
    const { records, failures } = processFirehoseRecords(input);
    expect(records.map(r => r.recordId)).toEqual(input.map(r => r.recordId));
    expect(failures).toHaveLength(Math.ceil(500 / 7));
    expect(records.filter(r => r.result === 'Ok')).toHaveLength(500 - Math.ceil(500 / 7));
  });

  test('the log line is a CloudWatch embedded metric of the failures, per delivery stream', () => {
    const line = JSON.parse(processingMetricsLogLine('arn:aws:firehose:eu-west-1:111122223333:deliverystream/events', 3, 10));
    expect(line._aws.CloudWatchMetrics).toEqual([{
      Namespace: 'EngagementEventsDatabase',
      Dimensions: [['DeliveryStream']],
      Metrics: [{ Name: 'RecordsFailedProcessing', Unit: 'Count' }],
    }]);
    expect(line.DeliveryStream).toBe('events');
    expect(line.RecordsFailedProcessing).toBe(3);
    expect(line.records).toBe(10);
  });
});

/** Firehose's record IDs are 56-digit sequence numbers. */
const recordId = (i: number) => `49546986683135544286507457936321625675700192471156${String(i).padStart(6, '0')}`;

/** A Firehose batch of these records, each as its JSON text, as Lambda receives it. */
const batchOf = (records: readonly unknown[]): Array<FirehoseInputRecord & { approximateArrivalTimestamp: number }> =>
  records.map((record, i) => ({ recordId: recordId(i), approximateArrivalTimestamp: 1767225600000 + i, data: encode(JSON.stringify(record)) }));

/** The response's size as Lambda's runtime writes it. */
const responseBytes = (records: unknown[]) => Buffer.byteLength(JSON.stringify({ records }));

/**
 * Every record is answered once, in order: Ok with exactly its normalized record, or ProcessingFailed with exactly
 * the data it came with and a reason among the failures.
 */
function expectEveryRecordAccountedFor(input: readonly FirehoseInputRecord[], output: ReturnType<typeof processFirehoseRecords>) {
  expect(output.records.map(r => r.recordId)).toEqual(input.map(r => r.recordId));
  output.records.forEach((answer, i) => {
    if (answer.result === 'Ok') {
      expect(JSON.parse(decode(answer.data))).toEqual(normalizeRecord(JSON.parse(decode(input[i].data)), { awsAccountId: '111122223333' }));
    } else {
      expect(answer.data).toBe(input[i].data);
    }
  });
  expect(output.failures.map(f => f.recordId)).toEqual(output.records.filter(r => r.result === 'ProcessingFailed').map(r => r.recordId));
}

describe('the response limit (Lambda answers at most 6 MB)', () => {
  const account = { awsAccountId: '111122223333' };

  test('records whose normalized form would cross the limit are sent to the error output with their original data', () => {
    // SES records grow when normalized: a limit a little above the request lets only some of them through.
    const input = batchOf(variedRecords('ses', 60, 5));
    const unlimited = processFirehoseRecords(input, account);
    expect(unlimited.failures).toEqual([]);
    const requestBytes = responseBytes(input.map(r => ({ recordId: r.recordId, result: 'ProcessingFailed', data: r.data })));
    const limit = Math.round((requestBytes + responseBytes(unlimited.records)) / 2);

    const output = processFirehoseRecords(input, { ...account, responseLimitBytes: limit });
    expect(responseBytes(output.records)).toBeLessThanOrEqual(limit);
    expectEveryRecordAccountedFor(input, output);
    const failed = output.records.filter(r => r.result === 'ProcessingFailed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThan(input.length);
    expect(output.failures[0].reason).toMatch(new RegExp(`would take the response over ${limit} bytes .*original data, to be replayed`));
  });

  test.each([0.6, 0.8, 1, 1.1, 1.3, 1.5, 2])('a mixed batch under a limit %s× its answered-as-failed size: never over, nothing lost', factor => {
    const input = batchOf([...variedRecords('mixed', 120, 9), 'not a record', { eventType: 'Forward', mail: {} }]);
    const allFailed = responseBytes(input.map(r => ({ recordId: r.recordId, result: 'ProcessingFailed', data: r.data })));
    const limit = Math.round(allFailed * factor);
    const output = processFirehoseRecords(input, { ...account, responseLimitBytes: limit });
    expectEveryRecordAccountedFor(input, output);
    // Below the size of the batch answered as failed, no answer fits: each record gets the smaller of its answers.
    expect(responseBytes(output.records)).toBeLessThanOrEqual(Math.max(limit, allFailed));
    if (factor >= 2) expect(output.records.filter(r => r.result === 'Ok')).toHaveLength(input.length - 2);
  });

  test('a record that grows five-fold cannot take the response over 6 MB', () => {
    // A tag whose values are objects: each `{}` becomes the text `[object Object]`.
    const record = structuredClone(fixture(SES_FIXTURES, 'send')) as any;
    record.mail.tags.huge = Array.from({ length: 300_000 }, () => ({}));
    const input = batchOf([fixture(SES_FIXTURES, 'delivery'), record, fixture(SES_FIXTURES, 'open')]);
    const output = processFirehoseRecords(input, account);
    expect(Buffer.byteLength(decode(processFirehoseRecords(input, { ...account, responseLimitBytes: Infinity }).records[1].data)))
      .toBeGreaterThan(5 * decode(input[1].data).length);
    expect(responseBytes(output.records)).toBeLessThanOrEqual(RESPONSE_LIMIT_BYTES);
    expect(output.records.map(r => r.result)).toEqual(['Ok', 'ProcessingFailed', 'Ok']);
    expectEveryRecordAccountedFor(input, output);
  });

  test('a realistic batch at the real limit: End User Messaging records filling a 5.9 MB request', () => {
    const records: unknown[] = [];
    let seed = 1;
    const requestBytes = () => Buffer.byteLength(JSON.stringify({
      invocationId: 'i', deliveryStreamArn: 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/events', region: 'eu-west-1', records: batchOf(records),
    }));
    // In steps small enough that the request stays under 6 MB: the guarantee is for a request within the limit.
    while (requestBytes() < 5_900_000) records.push(...variedRecords('sms-voice', 50, seed++));
    const input = batchOf(records);
    const output = processFirehoseRecords(input, account);
    const response = responseBytes(output.records);
    expect(response).toBeLessThanOrEqual(RESPONSE_LIMIT_BYTES);
    expectEveryRecordAccountedFor(input, output);
    // They grow about 1.5× when normalized, so most must wait in the error output; but none that would have fit.
    expect(output.failures.length).toBeGreaterThan(0);
    expect(output.failures.length).toBeLessThan(input.length);
    const unlimited = processFirehoseRecords(input, { ...account, responseLimitBytes: Infinity }).records;
    const growth = (i: number) => responseBytes([unlimited[i]]) - responseBytes([output.records[i]]);
    output.records.forEach((answer, i) => {
      if (answer.result === 'ProcessingFailed') expect(growth(i)).toBeGreaterThanOrEqual(RESPONSE_LIMIT_BYTES - response);
    });
  });
});

describe('the bundled record processor (what Lambda runs)', () => {
  const asset = join(__dirname, '../../assets/database/record-processor.lambda/index.js');

  test('answers a Firehose transformation event', async () => {
    if (!existsSync(asset)) {
      throw new Error(`${asset} is missing: build the Lambda bundles first with \`npx projen bundle\` (part of \`npx projen build\`)`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(asset);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const result = await handler({
        deliveryStreamArn: 'arn:aws:firehose:eu-west-1:111122223333:deliverystream/events',
        records: [
          { recordId: 'a', data: encode(JSON.stringify(pinpointSend)), approximateArrivalTimestamp: 1 },
          { recordId: 'b', data: encode('nope'), approximateArrivalTimestamp: 1 },
        ],
      });
      expect(result.records.map((r: any) => r.result)).toEqual(['Ok', 'ProcessingFailed']);
      expect(JSON.parse(decode(result.records[0].data))).toEqual(pinpointSend);
      const logged = log.mock.calls.map(call => JSON.parse(call[0]));
      expect(logged[0].RecordsFailedProcessing).toBe(1);
      expect(logged[1]).toMatchObject({ level: 'WARN', recordId: 'b' });
    } finally {
      log.mockRestore();
    }
  });

  test('gives End User Messaging records the account of the delivery stream', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(asset);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const sms = JSON.parse(readFileSync(join(__dirname, '../../fixtures/records/sms-voice/constructed-text-delivered.json'), 'utf8'));
      const result = await handler({
        deliveryStreamArn: 'arn:aws:firehose:eu-west-1:444455556666:deliverystream/events',
        records: [{ recordId: 'a', data: encode(JSON.stringify(sms)), approximateArrivalTimestamp: 1 }],
      });
      expect(result.records[0].result).toBe('Ok');
      const normalized = JSON.parse(decode(result.records[0].data));
      expect(normalized.event_type).toBe('_SMS.SUCCESS');
      expect(normalized.awsAccountId ?? normalized.awsaccountid).toBe('444455556666');
    } finally {
      log.mockRestore();
    }
  });
});

describe('rows of the Iceberg table (icebergRows)', () => {
  const arrival = Date.UTC(2026, 11, 1, 18, 42, 7, 123);
  const hourMicros = Date.UTC(2026, 11, 1, 18) * 1000;

  test('carry the hour they arrived in as ingest_timestamp, in epoch microseconds, and awsAccountId under its column name', () => {
    const { records, failures } = processFirehoseRecords(
      [{ recordId: '1', data: encode(JSON.stringify(pinpointSend)), approximateArrivalTimestamp: arrival }], { icebergRows: true });
    expect(failures).toEqual([]);
    const row = JSON.parse(decode(records[0].data));
    expect(row.ingest_timestamp).toBe(hourMicros);
    expect(row.awsaccountid).toBe(pinpointSend.awsAccountId);
    expect(row).not.toHaveProperty('awsAccountId');
    expect(row.event_type).toBe(pinpointSend.event_type);
  });

  test('every record a WhatsApp event becomes carries the ingest_timestamp', () => {
    const whatsapp = fixture(WHATSAPP_FIXTURES, 'constructed-statuses-delivered-read');
    const { records } = processFirehoseRecords(
      [{ recordId: '1', data: encode(JSON.stringify(whatsapp)), approximateArrivalTimestamp: arrival }], { icebergRows: true });
    const rows = decode(records[0].data).trim().split('\n').map(line => JSON.parse(line));
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every(r => r.ingest_timestamp === hourMicros)).toBe(true);
  });

  test('a record without an arrival time goes to the error prefix with its data', () => {
    const data = encode(JSON.stringify(pinpointSend));
    const { records, failures } = processFirehoseRecords([{ recordId: '1', data }], { icebergRows: true });
    expect(records[0]).toEqual({ recordId: '1', result: 'ProcessingFailed', data });
    expect(failures[0].reason).toMatch(/approximateArrivalTimestamp/);
  });

  test('the Parquet format adds nothing: the hour is the object\'s folder', () => {
    const { records } = processFirehoseRecords([{ recordId: '1', data: encode(JSON.stringify(pinpointSend)), approximateArrivalTimestamp: arrival }]);
    expect(JSON.parse(decode(records[0].data))).not.toHaveProperty('ingest_timestamp');
  });
});

import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { processFirehoseRecords, processingMetricsLogLine } from '../../src/database/record-processing';

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

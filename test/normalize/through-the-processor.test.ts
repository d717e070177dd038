import { ALL_FIXTURES } from '../../fixtures/records';
import { processFirehoseRecords } from '../../src/database/record-processing';
import { normalizeRecords } from '../../src/normalize/normalize-record';

describe('every source format through the Firehose record processor', () => {
  const input = ALL_FIXTURES.map((f, i) => ({
    recordId: `record-${i}`,
    data: Buffer.from(JSON.stringify(f.record)).toString('base64'),
  }));
  const batch = processFirehoseRecords(input);

  test('every fixture is processed, none sent to the error output', () => {
    expect(batch.failures).toEqual([]);
    expect(batch.records.map(r => r.result)).toEqual(ALL_FIXTURES.map(() => 'Ok'));
  });

  // Byte for byte what the golden file pins (golden.test.ts), whichever way the processor writes it.
  test('each output record holds the normalized records, one JSON line each, as JSON.stringify writes them', () => {
    batch.records.forEach((output, i) => {
      const text = Buffer.from(output.data, 'base64').toString('utf8');
      expect(text).toBe(normalizeRecords(structuredClone(ALL_FIXTURES[i].record)).map(record => `${JSON.stringify(record)}\n`).join(''));
    });
  });

  test('a WhatsApp entry of two statuses is one output record, for its one input record, holding two objects', () => {
    const index = ALL_FIXTURES.findIndex(f => f.name === 'constructed-statuses-delivered-read');
    const output = batch.records[index];
    expect(output.recordId).toBe(`record-${index}`);
    const text = Buffer.from(output.data, 'base64').toString('utf8');
    expect(text.trimEnd().split('\n').map(line => JSON.parse(line).event_type)).toEqual(['_whatsapp.delivered', '_whatsapp.read']);
  });

  test('an event of a channel the database does not know goes to the error output with the reason', () => {
    const record = { eventType: 'NOTIFY_DELIVERED', messageId: 'm', eventTimestamp: 1686975103470 };
    const data = Buffer.from(JSON.stringify(record)).toString('base64');
    const result = processFirehoseRecords([{ recordId: 'r', data }]);
    expect(result.records).toEqual([{ recordId: 'r', result: 'ProcessingFailed', data }]);
    expect(result.failures[0].reason).toMatch(/of no known format.*eventType is 'NOTIFY_DELIVERED'/);
  });

  test('an SES record of an unknown type goes to the error output with the reason', () => {
    const record = { eventType: 'Forward', mail: { messageId: 'm', timestamp: '2020-01-01T00:00:00.000Z' } };
    const result = processFirehoseRecords([{ recordId: 'r', data: Buffer.from(JSON.stringify(record)).toString('base64') }]);
    expect(result.records[0].result).toBe('ProcessingFailed');
    expect(result.failures[0].reason).toMatch(/SES event record: unknown eventType 'Forward'/);
  });
});

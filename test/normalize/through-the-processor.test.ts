import { ALL_FIXTURES } from '../../fixtures/records';
import { processFirehoseRecords } from '../../src/database/record-processing';
import { normalizeRecord } from '../../src/normalize/normalize-record';

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

  test('each output record is the normalized record, as one JSON line', () => {
    batch.records.forEach((output, i) => {
      const text = Buffer.from(output.data, 'base64').toString('utf8');
      expect(text.endsWith('\n')).toBe(true);
      expect(JSON.parse(text)).toEqual(normalizeRecord(structuredClone(ALL_FIXTURES[i].record)));
    });
  });

  test('an SES record of an unknown type goes to the error output with the reason', () => {
    const record = { eventType: 'Forward', mail: { messageId: 'm', timestamp: '2020-01-01T00:00:00.000Z' } };
    const result = processFirehoseRecords([{ recordId: 'r', data: Buffer.from(JSON.stringify(record)).toString('base64') }]);
    expect(result.records[0].result).toBe('ProcessingFailed');
    expect(result.failures[0].reason).toMatch(/SES event record: unknown eventType 'Forward'/);
  });
});

import { ALL_FIXTURES, PINPOINT_FIXTURES, PINPOINT_SMS_FIXTURES, SES_FIXTURES, SMS_VOICE_FIXTURES } from '../../fixtures/records';
import { normalizeRecord, recordSource, UnrecognisedRecordError } from '../../src/normalize/normalize-record';
import { findConformanceViolations } from '../support/conform';

describe('normalizeRecord dispatch', () => {
  test.each([...PINPOINT_FIXTURES, ...PINPOINT_SMS_FIXTURES].map(f => [f.name, f.record] as const))(
    'Pinpoint record %s passes through untouched', (_name, record) => {
      const before = structuredClone(record);
      const normalized = normalizeRecord(record);
      expect(normalized).toEqual(before);
      expect(record).toEqual(before);
    });

  test('each fixture set is recognised as its own source', () => {
    const sources = (set: typeof ALL_FIXTURES) => [...new Set(set.map(f => recordSource(f.record)))];
    expect(sources(PINPOINT_FIXTURES)).toEqual(['pinpoint']);
    expect(sources(PINPOINT_SMS_FIXTURES)).toEqual(['pinpoint']);
    expect(sources(SES_FIXTURES)).toEqual(['ses']);
    expect(sources(SMS_VOICE_FIXTURES)).toEqual(['sms-voice']);
  });

  test('normalizing never changes the input record', () => {
    for (const f of [...SES_FIXTURES, ...SMS_VOICE_FIXTURES]) {
      const input = structuredClone(f.record);
      normalizeRecord(input, { awsAccountId: '111122223333' });
      expect(input).toEqual(f.record);
    }
  });

  test('a normalized record is a Pinpoint record: normalizing it again changes nothing', () => {
    for (const f of [...SES_FIXTURES, ...SMS_VOICE_FIXTURES]) {
      const once = normalizeRecord(structuredClone(f.record));
      expect(normalizeRecord(structuredClone(once))).toEqual(once);
    }
  });
});

describe('every fixture normalizes to a record the schema holds entirely', () => {
  test.each(ALL_FIXTURES.map(f => [f.name, f.record] as const))('%s', (_name, record) => {
    const normalized = normalizeRecord(structuredClone(record), { awsAccountId: '111122223333' });
    expect(findConformanceViolations(normalized)).toEqual([]);
  });
});

describe('records of no known format', () => {
  test.each([
    ['a string', 'hello', /is string, not a JSON object/],
    ['a number', 42, /is number, not a JSON object/],
    ['null', null, /is null, not a JSON object/],
    ['an array', [{ event_type: '_email.send' }], /is an array, not a JSON object/],
    ['an empty object', {}, /of no known format/],
    ['an empty event_type', { event_type: '' }, /of no known format/],
    ['an SES-looking record without mail', { eventType: 'Send', send: {} }, /of no known format.*eventType is 'Send'/],
    ['an SNS notification', { notificationType: 'Bounce', mail: {} }, /of no known format/],
    ['an EventBridge event', { 'detail-type': 'Email Sent', 'detail': {} }, /of no known format/],
    ['an SMS-voice registration event', { eventType: 'REGISTRATION_STATUS_CHANGE' }, /eventType is 'REGISTRATION_STATUS_CHANGE'/],
  ])('%s', (_why, record, message) => {
    expect(() => normalizeRecord(record)).toThrow(UnrecognisedRecordError);
    expect(() => normalizeRecord(record)).toThrow(message);
  });

  test('the error is an Error named UnrecognisedRecordError', () => {
    try {
      normalizeRecord('x');
      throw new Error('normalizeRecord accepted a string');
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).name).toBe('UnrecognisedRecordError');
    }
  });
});

import { ALL_FIXTURES, PINPOINT_FIXTURES, PINPOINT_SMS_FIXTURES, SES_FIXTURES, SMS_VOICE_FIXTURES, WHATSAPP_FIXTURES } from '../../fixtures/records';
import { isJsonObject, JsonObject, normalizeRecord, normalizeRecords, recordSource, UnrecognisedRecordError } from '../../src/normalize/normalize-record';
import { findConformanceViolations } from '../support/conform';

describe('normalizeRecord dispatch', () => {
  test.each([...PINPOINT_FIXTURES, ...PINPOINT_SMS_FIXTURES].map(f => [f.name, f.record] as const))(
    'Pinpoint record %s keeps every value, fitted to the table\'s types, and is itself unchanged', (_name, record) => {
      const before = structuredClone(record);
      const normalized = normalizeRecord(record);
      expect(record).toEqual(before);
      const { metrics, session, facets, ...rest } = before as JsonObject;
      const { metrics: shapedMetrics, all_metrics: allMetrics, session: shapedSession, facets: shapedFacets, ...shapedRest } = normalized;
      expect(shapedRest).toEqual(rest);
      // Every metric in all_metrics, the price alone in metrics.
      expect(allMetrics).toEqual(metrics);
      expect(shapedMetrics).toEqual(isJsonObject(metrics) && 'price_in_millicents_usd' in metrics
        ? { price_in_millicents_usd: metrics.price_in_millicents_usd } : undefined);
      // Session values as text.
      expect(shapedSession).toEqual(isJsonObject(session)
        ? Object.fromEntries(Object.entries(session).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v])) : session);
      // Every link tag in all_link_tags, the unsubscribe tag alone in link_tags.
      const click = (f: unknown) => (f as { email_channel?: { mail_event?: { click?: JsonObject } } } | undefined)?.email_channel?.mail_event?.click;
      const { link_tags: linkTags, ...clickRest } = click(facets) ?? {};
      const { link_tags: shapedLinkTags, all_link_tags: allLinkTags, ...shapedClickRest } = click(shapedFacets) ?? {};
      expect(shapedClickRest).toEqual(clickRest);
      expect(allLinkTags).toEqual(linkTags);
      expect(shapedLinkTags).toEqual(isJsonObject(linkTags) && 'unsubscribeLinkTag' in linkTags
        ? { unsubscribeLinkTag: linkTags.unsubscribeLinkTag } : undefined);
    });

  test('a custom app event keeps every metric in all_metrics and its session times as text', () => {
    const normalized = normalizeRecord({
      event_type: 'purchase', session: { session_id: 's', start_timestamp: 1700000000000 }, metrics: { Amount: 42, price_in_millicents_usd: 1 },
    });
    expect(normalized).toEqual({
      event_type: 'purchase',
      session: { session_id: 's', start_timestamp: '1700000000000' },
      metrics: { price_in_millicents_usd: 1 },
      all_metrics: { Amount: 42, price_in_millicents_usd: 1 },
    });
  });

  test('each fixture set is recognised as its own source', () => {
    const sources = (set: typeof ALL_FIXTURES) => [...new Set(set.map(f => recordSource(f.record)))];
    expect(sources(PINPOINT_FIXTURES)).toEqual(['pinpoint']);
    expect(sources(PINPOINT_SMS_FIXTURES)).toEqual(['pinpoint']);
    expect(sources(SES_FIXTURES)).toEqual(['ses']);
    expect(sources(SMS_VOICE_FIXTURES)).toEqual(['sms-voice']);
    expect(sources(WHATSAPP_FIXTURES)).toEqual(['whatsapp']);
  });

  test('normalizing never changes the input record', () => {
    for (const f of [...SES_FIXTURES, ...SMS_VOICE_FIXTURES, ...WHATSAPP_FIXTURES]) {
      const input = structuredClone(f.record);
      normalizeRecords(input, { awsAccountId: '111122223333' });
      expect(input).toEqual(f.record);
    }
  });

  test('a normalized record is a Pinpoint record: normalizing it again changes nothing', () => {
    for (const f of ALL_FIXTURES) {
      for (const once of normalizeRecords(structuredClone(f.record))) {
        expect(normalizeRecords(structuredClone(once))).toEqual([once]);
      }
    }
  });
});

describe('every fixture normalizes to a record the schema holds entirely', () => {
  test.each(ALL_FIXTURES.map(f => [f.name, f.record] as const))('%s', (_name, record) => {
    const normalized = normalizeRecords(structuredClone(record), { awsAccountId: '111122223333' });
    expect(normalized.length).toBeGreaterThan(0);
    for (const one of normalized) {
      expect(findConformanceViolations(one)).toEqual([]);
    }
  });

  test('every source but WhatsApp writes one record per event', () => {
    for (const f of ALL_FIXTURES.filter(fixture => !WHATSAPP_FIXTURES.includes(fixture))) {
      expect(normalizeRecords(structuredClone(f.record))).toEqual([normalizeRecord(structuredClone(f.record))]);
    }
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
    ['an event of a channel the database does not know', { eventType: 'NOTIFY_DELIVERED', messageId: 'm', eventTimestamp: 1 },
      /of no known format.*eventType is 'NOTIFY_DELIVERED'/],
    ['a WhatsApp event wrapped in an SNS notification (raw message delivery off)', { Type: 'Notification', Message: '{"whatsAppWebhookEntry":"{}"}' },
      /of no known format.*no whatsAppWebhookEntry/],
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

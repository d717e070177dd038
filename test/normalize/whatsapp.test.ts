import { fixture, WHATSAPP_FIXTURES } from '../../fixtures/records';
import { normalizeRecord, normalizeRecords, recordSource, UnrecognisedRecordError } from '../../src/normalize/normalize-record';
import { WHATSAPP_EVENT_TYPES, WHATSAPP_STATUSES } from '../../src/normalize/whatsapp';
import { findConformanceViolations } from '../support/conform';

const envelopeOf = (name: string) => structuredClone(fixture(WHATSAPP_FIXTURES, name)) as Record<string, any>;
const normalized = (name: string) => normalizeRecords(envelopeOf(name)) as Array<Record<string, any>>;
/** The fixture with its webhook entry changed by `change`. */
function withEntry(name: string, change: (entry: any) => void): Record<string, any> {
  const envelope = envelopeOf(name);
  const entry = JSON.parse(envelope.whatsAppWebhookEntry);
  change(entry);
  envelope.whatsAppWebhookEntry = JSON.stringify(entry);
  return envelope;
}

const WAMID = 'wamid.HBgLMTkxNzM5OTI3MzkVAgARGBJBMTM4NDdGRENEREI5Rexample';

describe('End User Messaging Social (WhatsApp) events → Pinpoint-shape records', () => {
  test('every sample is recognised as a WhatsApp event', () => {
    expect([...new Set(WHATSAPP_FIXTURES.map(f => recordSource(f.record)))]).toEqual(['whatsapp']);
  });

  test('a sent status, field by field: its pricing and conversation are attributes, the relay time is the arrival', () => {
    expect(normalized('constructed-status-sent')).toEqual([{
      event_type: '_whatsapp.sent',
      // "1736379042" epoch seconds
      event_timestamp: 1736379042000,
      // "2025-01-08T23:30:43.271279391Z", to the millisecond
      arrival_timestamp: 1736379043271,
      application: { app_id: '503131219501234', sdk: {} },
      client: { client_id: '01234567890' },
      device: { platform: {} },
      session: {},
      attributes: {
        message_id: WAMID,
        record_status: 'sent',
        origination_phone_number: '14255550123',
        destination_phone_number: '01234567890',
        pricing_billable: 'true',
        pricing_model: 'CBP',
        pricing_category: 'utility',
        conversation_id: '62374592e84cb58e52bdaed31example',
        conversation_origin_type: 'utility',
        conversation_expiration_timestamp: '1736461020',
        phone_number_id: '46271669example',
        waba_id: '503131219501234',
        aws_message_id: '6d69f07a-c317-4278-9d5c-6a84078419ec',
      },
      awsAccountId: '123456789012',
    }]);
  });

  test('one webhook entry holding two statuses becomes two records, in order', () => {
    const records = normalized('constructed-statuses-delivered-read');
    expect(records.map(r => [r.event_type, r.event_timestamp, r.attributes.message_id])).toEqual([
      ['_whatsapp.delivered', 1736379050000, WAMID],
      ['_whatsapp.read', 1736379120000, WAMID],
    ]);
    expect(records[0].attributes).toMatchObject({ pricing_model: 'CBP', conversation_id: '62374592e84cb58e52bdaed31example' });
    expect(records[1].attributes).not.toHaveProperty('pricing_model');
    expect(new Set(records.map(r => r.arrival_timestamp))).toEqual(new Set([1736379120512]));
  });

  test('per-message pricing: the pricing type is kept, and a field with no mapping is kept under its own name', () => {
    const [record] = normalized('constructed-status-delivered-pmp');
    expect(record.attributes).toMatchObject({
      pricing_billable: 'true',
      pricing_model: 'PMP',
      pricing_type: 'regular',
      pricing_category: 'marketing',
      biz_opaque_callback_data: 'campaign=summer-sale',
    });
    expect(record.attributes).not.toHaveProperty('conversation_id');
  });

  test('a failed status names the error: code, title, message and details', () => {
    const [record] = normalized('constructed-status-failed');
    expect(record.event_type).toBe('_whatsapp.failed');
    expect(record.attributes).toMatchObject({
      record_status: 'failed',
      error_code: '130429',
      error_title: 'Rate limit hit',
      error_message: 'Rate limit hit',
      error_details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time',
    });
    expect(record.attributes).not.toHaveProperty('errors');
  });

  test('several errors: the first is the reason, all are kept as JSON text', () => {
    const [record] = normalizeRecords(withEntry('constructed-status-failed', entry => {
      const status = entry.changes[0].value.statuses[0];
      status.errors.push({ code: 131026, title: 'Message undeliverable' });
    })) as Array<Record<string, any>>;
    expect(record.attributes.error_code).toBe('130429');
    expect(JSON.parse(record.attributes.errors).map((e: { code: number }) => e.code)).toEqual([130429, 131026]);
  });

  test('a customer\'s text reply: from the customer to the business, its text, the message it answers and the sender\'s name', () => {
    expect(normalized('constructed-message-text-reply')).toEqual([{
      event_type: '_whatsapp.received',
      event_timestamp: 1736379180000,
      arrival_timestamp: 1736379181104,
      application: { app_id: '503131219501234', sdk: {} },
      client: { client_id: '01234567890' },
      device: { platform: {} },
      session: {},
      attributes: {
        context: JSON.stringify({ from: '14255550123', id: WAMID }),
        message_id: 'wamid.HBgLMDEyMzQ1Njc4OTAVAgASGBQzQUFFRjEyMzQ1Njc4OTBBQkNEAA==example',
        record_status: 'received',
        message_type: 'text',
        origination_phone_number: '01234567890',
        destination_phone_number: '14255550123',
        text_body: 'Yes, please confirm the appointment',
        in_reply_to_message_id: WAMID,
        contact_name: 'Diego',
        phone_number_id: '46271669example',
        waba_id: '503131219501234',
        aws_message_id: '0c4f1b9e-8a0d-4f7e-9a41-2d7f3b6e5c10',
      },
      awsAccountId: '123456789012',
    }]);
  });

  test('an inbound image: its type, and the media object as JSON text', () => {
    const [record] = normalized('constructed-message-image');
    expect(record.attributes).toMatchObject({
      message_type: 'image',
      origination_phone_number: '14255550150',
      destination_phone_number: '12065550100',
      image: JSON.stringify({ mime_type: 'image/jpeg', sha256: 'BTD0xlqSZ7l02o+/upusiNStlEZhA/urkvKf143Uqjk=', id: '530339869524171' }),
    });
    // The contact listed is another WhatsApp user than the sender: no name is taken from it.
    expect(record.attributes).not.toHaveProperty('contact_name');
    expect(record.attributes).not.toHaveProperty('text_body');
  });

  test('every record conforms to the table schema', () => {
    for (const f of WHATSAPP_FIXTURES) {
      for (const record of normalizeRecords(structuredClone(f.record))) {
        expect(findConformanceViolations(record)).toEqual([]);
      }
    }
  });

  test('the envelope\'s account wins; without one, the caller\'s account is used', () => {
    const envelope = envelopeOf('constructed-status-sent');
    expect(normalizeRecord(envelope, { awsAccountId: '999999999999' }).awsAccountId).toBe('123456789012');
    delete envelope.aws_account_id;
    expect(normalizeRecord(envelope, { awsAccountId: '999999999999' }).awsAccountId).toBe('999999999999');
  });

  test('without a relay time, the arrival is the event time', () => {
    const envelope = envelopeOf('constructed-status-sent');
    delete envelope.message_timestamp;
    expect(normalizeRecord(envelope).arrival_timestamp).toBe(1736379042000);
  });

  test('normalizeRecord takes an event of one message, and asks for normalizeRecords when there are several', () => {
    expect(normalizeRecord(envelopeOf('constructed-status-sent')).event_type).toBe('_whatsapp.sent');
    expect(() => normalizeRecord(envelopeOf('constructed-statuses-delivered-read'))).toThrow(/reports 2 messages; use normalizeRecords/);
  });

  test('the event types are one per documented status, and received', () => {
    expect(WHATSAPP_EVENT_TYPES).toEqual([...WHATSAPP_STATUSES.map(s => `_whatsapp.${s}`), '_whatsapp.received'].sort());
  });

  test('each documented status becomes its event type', () => {
    for (const status of WHATSAPP_STATUSES) {
      const [record] = normalizeRecords(withEntry('constructed-status-sent', entry => {
        entry.changes[0].value.statuses[0].status = status;
      }));
      expect(record.event_type).toBe(`_whatsapp.${status}`);
    }
  });
});

describe('WhatsApp events that cannot be normalized', () => {
  test.each([
    ['an entry that is not JSON', { ...envelopeOf('constructed-status-sent'), whatsAppWebhookEntry: '{"id":' }, /whatsAppWebhookEntry is not JSON text/],
    ['an entry without changes', { ...envelopeOf('constructed-status-sent'), whatsAppWebhookEntry: '{"id":"1"}' }, /not a webhook entry/],
    ['an entry that repeats a key (JSON parsing would keep the last)',
      { ...envelopeOf('constructed-status-sent'), whatsAppWebhookEntry: '{"id":"1","id":"2","changes":[]}' },
      /whatsAppWebhookEntry is refused: The record repeats the key "id"/],
    ['a status of no known meaning', withEntry('constructed-status-sent', e => { e.changes[0].value.statuses[0].status = 'teleported'; }),
      /unknown message status "teleported"/],
    ['a status without a message id', withEntry('constructed-status-sent', e => { delete e.changes[0].value.statuses[0].id; }),
      /'sent' status without a message id/],
    ['a status time that is not epoch seconds', withEntry('constructed-status-sent', e => { e.changes[0].value.statuses[0].timestamp = '2025-01-08'; }),
      /timestamp is not epoch seconds \("2025-01-08"\)/],
    ['an inbound message without an id', withEntry('constructed-message-image', e => { delete e.changes[0].value.messages[0].id; }),
      /inbound message without an id/],
    ['a relay time that is not ISO-8601', { ...envelopeOf('constructed-status-sent'), message_timestamp: 'yesterday' }, /message_timestamp "yesterday" is not an ISO-8601 time/],
    ['a template status update (no message status, no message)', withEntry('constructed-status-sent', e => {
      e.changes = [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1 } }];
    }), /holds no message status and no message \(fields: message_template_status_update\)/],
  ])('%s', (_why, record, message) => {
    expect(() => normalizeRecords(record)).toThrow(UnrecognisedRecordError);
    expect(() => normalizeRecords(record)).toThrow(message);
  });

  test('a status of no known meaning refuses the whole entry, so no status of it is half-recorded', () => {
    const record = withEntry('constructed-statuses-delivered-read', e => { e.changes[0].value.statuses[1].status = 'played'; });
    expect(() => normalizeRecords(record)).toThrow(/unknown message status "played"/);
  });
});

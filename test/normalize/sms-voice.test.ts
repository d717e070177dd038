import { EventType } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { fixture, PINPOINT_SMS_FIXTURES, SMS_VOICE_FIXTURES } from '../../fixtures/records';
import { normalizeRecord, UnrecognisedRecordError } from '../../src/normalize/normalize-record';
import { channelEventTypes, CONVERSATION_FEE_METRIC, SMS_VOICE_EVENT_TYPES, usdToMillicents } from '../../src/normalize/sms-voice';
import { conversationFeePerSession, pricePerMessage } from '../support/price-once';

function normalizeFixture(name: string, options = {}): Record<string, any> {
  return normalizeRecord(structuredClone(fixture(SMS_VOICE_FIXTURES, name)), options);
}

describe('End User Messaging SMS events → Pinpoint SMS records', () => {
  test('the documented TEXT_SUCCESSFUL sample, field by field', () => {
    expect(normalizeFixture('text-successful', { awsAccountId: '123456789012' })).toEqual({
      event_type: '_SMS.SUCCESS',
      event_timestamp: 1686975103470,
      arrival_timestamp: 1686975103470,
      event_version: '1.0',
      application: { sdk: {} },
      client: { client_id: '+14255550156' },
      device: { platform: {} },
      session: {},
      attributes: {
        record_status: 'SUCCESSFUL',
        message_status_description: 'Message has been accepted by phone carrier',
        original_event_type: 'TEXT_SUCCESSFUL',
        is_final: 'true',
        message_id: '862a8790-60c0-4430-9b2b-658bdexample',
        origination_phone_number: '+12065550152',
        destination_phone_number: '+14255550156',
        is_international_send: 'false',
        mcc: '310',
        mnc: '800',
        message_encoding: 'GSM',
        message_request_timestamp: '1686975103170',
        message_type: 'Promotional',
        number_of_message_parts: '1',
        customer_context: '{"account":"bar"}',
      },
      // 0.09582 USD = 9.582 cents = 9582 millicents
      metrics: { price_in_millicents_usd: 9582 },
      all_metrics: { price_in_millicents_usd: 9582, carrier_fee_in_millicents_usd: 0 },
      awsAccountId: '123456789012',
    });
  });

  test('without an account from the caller, the record names none', () => {
    expect(normalizeFixture('text-successful')).not.toHaveProperty('awsAccountId');
  });

  test.each([
    ['constructed-text-queued', '_SMS.BUFFERED', 'QUEUED', 'false', 'Transactional'],
    ['constructed-text-pending', '_SMS.BUFFERED', 'PENDING', 'false', 'Transactional'],
    ['constructed-text-sent', '_SMS.BUFFERED', 'SENT', 'false', 'Transactional'],
    ['text-successful', '_SMS.SUCCESS', 'SUCCESSFUL', 'true', 'Promotional'],
    ['constructed-text-delivered', '_SMS.SUCCESS', 'DELIVERED', 'true', 'Transactional'],
    ['constructed-text-invalid', '_SMS.FAILURE', 'INVALID', 'true', 'Transactional'],
    ['constructed-text-invalid-message', '_SMS.FAILURE', 'INVALID_MESSAGE', 'true', 'Transactional'],
    ['constructed-text-unreachable', '_SMS.FAILURE', 'UNREACHABLE', 'true', 'Transactional'],
    ['constructed-text-carrier-unreachable', '_SMS.FAILURE', 'CARRIER_UNREACHABLE', 'true', 'Transactional'],
    ['constructed-text-blocked', '_SMS.FAILURE', 'BLOCKED', 'true', 'Transactional'],
    ['constructed-text-carrier-blocked', '_SMS.FAILURE', 'CARRIER_BLOCKED', 'true', 'Transactional'],
    ['constructed-text-spam', '_SMS.FAILURE', 'SPAM', 'true', 'Transactional'],
    ['constructed-text-unknown', '_SMS.FAILURE', 'UNKNOWN', 'true', 'Transactional'],
    ['constructed-text-ttl-expired', '_SMS.FAILURE', 'TTL_EXPIRED', 'true', 'Transactional'],
    ['constructed-text-protect-blocked', '_SMS.FAILURE', 'PROTECT_BLOCKED', 'true', 'Transactional'],
  ])('%s → %s with record_status %s', (name, eventType, recordStatus, isFinal, messageType) => {
    const record = normalizeFixture(name);
    expect(record.event_type).toBe(eventType);
    expect(record.attributes.record_status).toBe(recordStatus);
    expect(record.attributes.original_event_type).toBe(`TEXT_${recordStatus}`);
    expect(record.attributes.is_final).toBe(isFinal);
    expect(record.attributes.message_type).toBe(messageType);
  });

  test('the carrier name is kept when the event names one', () => {
    expect(normalizeFixture('constructed-text-delivered').attributes.carrier_name).toBe('Example Mobile');
  });

  test('a message type other than the two documented ones is kept as written', () => {
    const record = structuredClone(fixture(SMS_VOICE_FIXTURES, 'text-successful')) as any;
    record.messageType = 'constructor';
    expect((normalizeRecord(record) as any).attributes.message_type).toBe('constructor');
  });

  test('without messageStatus, record_status is the status part of the event type', () => {
    const record = structuredClone(fixture(SMS_VOICE_FIXTURES, 'constructed-text-blocked')) as any;
    delete record.messageStatus;
    expect((normalizeRecord(record) as any).attributes.record_status).toBe('BLOCKED');
  });

  test('a sample exists for every mapped text status', () => {
    const textTypes = Object.keys(SMS_VOICE_EVENT_TYPES).filter(t => t.startsWith('TEXT_'));
    const sampled = new Set(SMS_VOICE_FIXTURES.map(f => f.record.eventType));
    expect(textTypes.filter(t => !sampled.has(t))).toEqual([]);
  });
});

describe('the status tables', () => {
  test('map exactly the text, media, voice and RCS event types of the SMS and voice v2 API', () => {
    const apiTypes = Object.values(EventType)
      .filter(t => /^(TEXT|MEDIA|VOICE|RCS)_/.test(t) && !t.endsWith('_ALL'))
      .sort();
    expect(Object.keys(SMS_VOICE_EVENT_TYPES).sort()).toEqual(apiTypes);
  });

  test('every event type maps to its channel\'s prefix and one of its outcomes: SMS upper case as Pinpoint spells it, MMS, voice and RCS lower case', () => {
    const expected: Record<string, RegExp> = {
      TEXT: /^_SMS\.(BUFFERED|SUCCESS|FAILURE)$/,
      MEDIA: /^_mms\.(buffered|success|failure)$/,
      VOICE: /^_voice\.(buffered|success|failure)$/,
      RCS: /^_rcs\.(buffered|success|read|failure|fallback)$/,
    };
    for (const [sourceType, eventType] of Object.entries(SMS_VOICE_EVENT_TYPES)) {
      expect(eventType).toMatch(expected[sourceType.split('_')[0]]);
    }
  });

  test('a channel\'s event types are what a view of the whole channel selects', () => {
    expect(channelEventTypes('TEXT')).toEqual(['_SMS.BUFFERED', '_SMS.FAILURE', '_SMS.SUCCESS']);
    expect(channelEventTypes('MEDIA')).toEqual(['_mms.buffered', '_mms.failure', '_mms.success']);
    expect(channelEventTypes('VOICE')).toEqual(['_voice.buffered', '_voice.failure', '_voice.success']);
    expect(channelEventTypes('RCS')).toEqual(['_rcs.buffered', '_rcs.failure', '_rcs.fallback', '_rcs.read', '_rcs.success']);
  });
});

describe('End User Messaging MMS and voice events', () => {
  test('MMS delivered, field by field', () => {
    expect(normalizeFixture('constructed-media-delivered', { awsAccountId: '123456789012' })).toEqual({
      event_type: '_mms.success',
      event_timestamp: 1686975103470,
      arrival_timestamp: 1686975103470,
      event_version: '1.0',
      application: { sdk: {} },
      client: { client_id: '+14255550156' },
      device: { platform: {} },
      session: {},
      attributes: {
        record_status: 'DELIVERED',
        message_status_description: 'Message has been accepted by phone',
        original_event_type: 'MEDIA_DELIVERED',
        is_final: 'true',
        message_id: '4f6c2a1e-mms0-4d3e-9a5b-1c2d3eexample',
        origination_phone_number: '+12065550152',
        destination_phone_number: '+14255550156',
        is_international_send: 'false',
        mcc: '310',
        mnc: '800',
        message_encoding: 'GSM',
        message_request_timestamp: '1686975103170',
        message_type: 'Transactional',
        number_of_message_parts: '1',
        customer_context: '{"account":"bar"}',
      },
      // 0.0225 USD = 2250 millicents; 0.0031 USD = 310 millicents
      metrics: { price_in_millicents_usd: 2250 },
      all_metrics: { price_in_millicents_usd: 2250, carrier_fee_in_millicents_usd: 310 },
      awsAccountId: '123456789012',
    });
  });

  test('MMS file too large is a failure', () => {
    const record = normalizeFixture('constructed-media-file-size-exceeded');
    expect(record.event_type).toBe('_mms.failure');
    expect(record.attributes.record_status).toBe('FILE_SIZE_EXCEEDED');
  });

  test('voice completed, field by field: a field with no mapping is kept as a snake_case attribute', () => {
    expect(normalizeFixture('constructed-voice-completed')).toEqual({
      event_type: '_voice.success',
      event_timestamp: 1697835373164,
      arrival_timestamp: 1697835373164,
      event_version: '1.0',
      application: { sdk: {} },
      client: { client_id: '+14255550156' },
      device: { platform: {} },
      session: {},
      attributes: {
        total_duration_in_seconds: '23',
        record_status: 'COMPLETED',
        message_status_description: 'Call has completed',
        original_event_type: 'VOICE_COMPLETED',
        is_final: 'true',
        message_id: 'a1b2c3d4-voic-4e5f-8a9b-0c1d2eexample',
        origination_phone_number: '+12065550152',
        destination_phone_number: '+14255550156',
        iso_country_code: 'US',
        message_request_timestamp: '1697835360000',
        message_type: 'Transactional',
        customer_context: '{"campaign":"reminders"}',
      },
      // 0.013 USD = 1.3 cents = 1300 millicents
      metrics: { price_in_millicents_usd: 1300 },
      all_metrics: { price_in_millicents_usd: 1300, carrier_fee_in_millicents_usd: 0 },
    });
  });

  test('an object field with no mapping is kept as JSON text', () => {
    const record = structuredClone(fixture(SMS_VOICE_FIXTURES, 'text-successful')) as any;
    record.futureDetail = { reason: 'example', level: 2 };
    expect((normalizeRecord(record) as any).attributes.future_detail)
      .toBe('{"reason":"example","level":2}');
  });

  test.each([
    ['constructed-voice-ringing', '_voice.buffered'],
    ['constructed-voice-busy', '_voice.failure'],
    ['constructed-voice-no-answer', '_voice.failure'],
  ])('%s → %s', (name, eventType) => {
    expect(normalizeFixture(name).event_type).toBe(eventType);
  });

  test('an event without a price has no metrics', () => {
    expect(normalizeFixture('constructed-voice-ringing')).not.toHaveProperty('metrics');
  });

  // A field named as a mapped field's attribute is refused only beside that field (record-processor.test.ts).
  test('a field named as a mapped field\'s attribute is kept when the mapped field is absent, first among the attributes', () => {
    const record = structuredClone(fixture(SMS_VOICE_FIXTURES, 'text-successful')) as any;
    delete record.mcc;
    record.mcc_code = '310';
    record.mcc = null;
    const attributes = normalizeRecord({ carrier_name: 'Example Wireless', ...record }).attributes as Record<string, string>;
    expect(Object.keys(attributes).slice(0, 3)).toEqual(['carrier_name', 'mcc_code', 'record_status']);
    expect(attributes).toMatchObject({ carrier_name: 'Example Wireless', mcc_code: '310' });
    expect(attributes).not.toHaveProperty('mcc');
    expect(() => normalizeRecord({ ...record, carrier_name: 'A', carrierName: 'B' }))
      .toThrow("fields 'carrier_name' and 'carrierName' would both be kept as attribute 'carrier_name'");
  });
});

describe('End User Messaging RCS events', () => {
  test('an rcsMetadata field that would become a top-level field\'s attribute refuses the record, naming both', () => {
    const record = structuredClone(fixture(SMS_VOICE_FIXTURES, 'rcs-delivered')) as any;
    record.rcsMetadata = { ...record.rcsMetadata, businessId: 'another_agent' };
    expect(() => normalizeRecord(record)).toThrow(UnrecognisedRecordError);
    expect(() => normalizeRecord(record))
      .toThrow("fields 'rcsBusinessId' and 'rcsMetadata.businessId' would both be kept as attribute 'rcs_business_id'");
  });

  test('the documented RCS_DELIVERED sample, field by field: the agent, its country and the billing type are attributes', () => {
    expect(normalizeFixture('rcs-delivered', { awsAccountId: '123456789012' })).toEqual({
      event_type: '_rcs.success',
      event_timestamp: 1781661267660,
      arrival_timestamp: 1781661267660,
      event_version: '1.0',
      application: { sdk: {} },
      client: { client_id: '+13022640220' },
      device: { platform: {} },
      session: {},
      attributes: {
        rcs_business_id: 'endusermessagingtesting1_06fr8x6o_agent',
        agent_iso_country_code: 'US',
        record_status: 'DELIVERED',
        message_status_description: 'Message has been accepted by phone',
        original_event_type: 'RCS_DELIVERED',
        is_final: 'true',
        message_id: 'test-sc1-004',
        origination_phone_number: 'rcs-c020de2520714385964ebf7b095c4b60',
        destination_phone_number: '+13022640220',
        iso_country_code: 'US',
        is_international_send: 'false',
        message_encoding: 'UNICODE',
        message_request_timestamp: '1781300397157',
        message_type: 'Transactional',
        number_of_message_parts: '1',
        rcs_billing_event_type: 'RICH',
      },
      // 0.007 USD = 700 millicents; 0.00494 USD = 494 millicents
      metrics: { price_in_millicents_usd: 700 },
      all_metrics: { price_in_millicents_usd: 700, carrier_fee_in_millicents_usd: 494 },
      awsAccountId: '123456789012',
    });
  });

  test('a delivery inside a conversation session: its message price is 0 and the session fee is a metric of its own', () => {
    const record = normalizeFixture('rcs-delivered-in-conversation');
    expect(record.event_type).toBe('_rcs.success');
    expect(record.attributes).toMatchObject({
      conversation_initiating_message_id: '177930985040408106521449',
      conversation_initiating_message_type: 'OUTBOUND',
      rcs_billing_event_type: 'BASIC',
      agent_iso_country_code: 'CA',
    });
    expect(record.attributes).not.toHaveProperty('conversation_session_fee');
    // 0.012 USD = 1200 millicents
    expect(record.all_metrics).toEqual({ price_in_millicents_usd: 0, carrier_fee_in_millicents_usd: 0, [CONVERSATION_FEE_METRIC]: 1200 });
    expect(record.metrics).toEqual({ price_in_millicents_usd: 0 });
  });

  test.each([
    ['constructed-rcs-queued', '_rcs.buffered', 'QUEUED'],
    ['constructed-rcs-sent', '_rcs.buffered', 'PENDING'],
    ['rcs-delivered', '_rcs.success', 'DELIVERED'],
    ['rcs-read', '_rcs.read', 'READ'],
    ['constructed-rcs-failed', '_rcs.failure', 'UNDELIVERABLE'],
    ['constructed-rcs-ttl-expired', '_rcs.failure', 'TTL_EXPIRED'],
    ['constructed-rcs-protect-blocked', '_rcs.failure', 'PROTECT_BLOCKED'],
    ['constructed-rcs-fallen-back-to-sms', '_rcs.fallback', 'FALLEN_BACK_TO_SMS'],
  ])('%s → %s with record_status %s', (name, eventType, recordStatus) => {
    const record = normalizeFixture(name);
    expect(record.event_type).toBe(eventType);
    expect(record.attributes.record_status).toBe(recordStatus);
  });

  test('a sample exists for every RCS status', () => {
    const rcsTypes = Object.keys(SMS_VOICE_EVENT_TYPES).filter(t => t.startsWith('RCS_'));
    const sampled = new Set(SMS_VOICE_FIXTURES.map(f => f.record.eventType));
    expect(rcsTypes.filter(t => !sampled.has(t))).toEqual([]);
  });
});

describe('prices', () => {
  test.each([
    [1, 100_000],
    [0.01, 1_000],
    [0.00645, 645],
    [0.09582, 9582],
    [0.0000001, 0.01],
    [0, 0],
  ])('%f USD = %f millicents', (usd, millicents) => {
    expect(usdToMillicents(usd)).toBe(millicents);
  });

  test('Pinpoint: the buffered and success events of one message, and a redelivered copy, count the price once', () => {
    const records = [...PINPOINT_SMS_FIXTURES.map(f => f.record), fixture(PINPOINT_SMS_FIXTURES, 'sms-success')];
    expect(records).toHaveLength(3);
    expect(pricePerMessage(records)).toEqual(new Map([['1111-2222-3333-4444-5555-example', 645]]));
  });

  test('End User Messaging: every status of a message repeats its price; it is counted once', () => {
    const lifecycle = ['constructed-text-pending', 'text-successful', 'constructed-text-delivered']
      .map(name => normalizeFixture(name));
    const prices = lifecycle.map(r => r.metrics?.price_in_millicents_usd);
    expect(prices).toEqual([9582, 9582, 9582]);
    expect(pricePerMessage(lifecycle)).toEqual(new Map([['862a8790-60c0-4430-9b2b-658bdexample', 9582]]));
  });

  test('RCS: the delivered and read events of one message count its price once', () => {
    const records = ['rcs-delivered', 'rcs-read'].map(name => normalizeFixture(name));
    expect(pricePerMessage(records)).toEqual(new Map([['test-sc1-004', 700]]));
  });

  test('RCS: a conversation session\'s fee, repeated on each delivery in the session, counts once per session', () => {
    const first = normalizeFixture('rcs-delivered-in-conversation');
    const second = normalizeFixture('rcs-delivered-in-conversation');
    second.attributes.message_id = 'second-message-of-the-session';
    const otherSession = normalizeFixture('rcs-delivered-in-conversation');
    otherSession.attributes.message_id = 'first-message-of-another-session';
    otherSession.attributes.conversation_initiating_message_id = 'another-session';
    otherSession.all_metrics[CONVERSATION_FEE_METRIC] = 900;
    expect(conversationFeePerSession([first, second, second, otherSession]))
      .toEqual(new Map([['177930985040408106521449', 1200], ['another-session', 900]]));
    // The messages themselves cost nothing inside the session.
    expect([...pricePerMessage([first, second, otherSession]).values()]).toEqual([0, 0, 0]);
    expect(conversationFeePerSession([normalizeFixture('rcs-delivered')])).toEqual(new Map());
  });

  test('events without a price or of other channels do not add a message', () => {
    const email = { event_type: '_email.send', attributes: { message_id: 'm' }, metrics: { price_in_millicents_usd: 5 } };
    expect(pricePerMessage([email, normalizeFixture('constructed-voice-ringing')])).toEqual(new Map());
  });
});

describe('End User Messaging records that cannot be normalized', () => {
  const withChange = (name: string, change: (r: any) => void) => {
    const record = structuredClone(fixture(SMS_VOICE_FIXTURES, name));
    change(record);
    return record;
  };

  test.each([
    ['no messageId', withChange('text-successful', r => { delete r.messageId; }), /TEXT_SUCCESSFUL' without a messageId/],
    ['an empty messageId', withChange('text-successful', r => { r.messageId = ''; }), /without a messageId/],
    ['an unknown text status', withChange('text-successful', r => { r.eventType = 'TEXT_TELEPORTED'; }), /unknown eventType 'TEXT_TELEPORTED'/],
    ['an unknown RCS status', withChange('rcs-delivered', r => { r.eventType = 'RCS_TYPING'; }), /unknown eventType 'RCS_TYPING'/],
    ['an eventTimestamp as text', withChange('text-successful', r => { r.eventTimestamp = '1686975103470'; }), /epoch-millisecond eventTimestamp/],
  ])('%s', (_why, record, message) => {
    expect(() => normalizeRecord(record)).toThrow(UnrecognisedRecordError);
    expect(() => normalizeRecord(record)).toThrow(message);
  });
});

test('a sample exists for every outcome of every channel', () => {
  const sampled = new Set(SMS_VOICE_FIXTURES.map(f => SMS_VOICE_EVENT_TYPES[f.record.eventType as string]));
  const outcomes = (['TEXT', 'MEDIA', 'VOICE', 'RCS'] as const).flatMap(channelEventTypes);
  expect(outcomes.filter(t => !sampled.has(t))).toEqual([]);
});

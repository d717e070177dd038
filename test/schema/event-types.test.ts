/**
 * The one declaration of the event types: what the normalizers write is declared, and each declared type is
 * selected by exactly the views that should select it.
 */
import { ALL_FIXTURES } from '../../fixtures/records';
import { normalizeRecords } from '../../src/normalize/normalize-record';
import { SMS_VOICE_EVENT_TYPES } from '../../src/normalize/sms-voice';
import { WHATSAPP_EVENT_TYPES } from '../../src/normalize/whatsapp';
import { EVENT_TYPES, MESSAGE_EVENT_TYPES, eventTypeName, eventTypeOf, eventTypesOf } from '../../src/schema/event-types';
import { ALL_STANDARD_VIEWS, MESSAGE_EVENTS_VIEW } from '../../src/views/view-catalog';

const declared = EVENT_TYPES.map(t => t.eventType);

test('each event type is declared once, as <prefix>.<name>, and each prefix names one channel', () => {
  expect(new Set(declared).size).toBe(declared.length);
  const channelOfPrefix = new Map<string, string>();
  for (const { eventType, channel } of EVENT_TYPES) {
    expect(eventType).toMatch(/^_[A-Za-z]+\.[A-Za-z_]+$/);
    const prefix = eventType.split('.')[0];
    expect(`${prefix} ${channelOfPrefix.get(prefix) ?? channel}`).toBe(`${prefix} ${channel}`);
    channelOfPrefix.set(prefix, channel);
  }
});

test('every event type a normalizer writes is declared', () => {
  const written = new Set<string>([...Object.values(SMS_VOICE_EVENT_TYPES), ...WHATSAPP_EVENT_TYPES]);
  for (const fixture of ALL_FIXTURES) {
    try {
      for (const record of normalizeRecords(structuredClone(fixture.record))) written.add(record.event_type as string);
    } catch {
      // A sample of a record the processor refuses writes no event type.
    }
  }
  // The samples cover every SES outcome, the permanent bounce and the unsubscribe click among them.
  expect([...written].filter(t => t.startsWith('_email.')).sort()).toEqual(eventTypesOf('email').sort());
  expect([...written].filter(t => !declared.includes(t))).toEqual([]);
});

test('a channel\'s event types are looked up by name, whatever its case, and an undeclared name is refused', () => {
  expect(eventTypeOf('sms', 'buffered')).toBe('_SMS.BUFFERED');
  expect(eventTypeOf('mms', 'BUFFERED')).toBe('_mms.buffered');
  expect(() => eventTypeOf('voice', 'read')).toThrow("No voice event type named 'read' is declared in src/schema/event-types.ts");
  expect(eventTypeName('_rcs.fallback')).toBe('fallback');
});

test('each declared event type is selected by exactly the views that should select it', () => {
  const selectedBy = (eventType: string) => ALL_STANDARD_VIEWS.filter(v => v.eventTypes.includes(eventType)).map(v => v.name);
  const selection = Object.fromEntries(declared.map(t => [t, selectedBy(t)]));
  // message_events selects every message event type, in the declaration's order, and nothing else.
  expect(MESSAGE_EVENTS_VIEW.eventTypes).toEqual(MESSAGE_EVENT_TYPES.map(t => t.eventType));
  expect(declared.filter(t => selection[t].includes('message_events'))).toEqual(MESSAGE_EVENT_TYPES.map(t => t.eventType));
  // Besides it: one view per email, SMS, campaign and journey event type, one view per MMS, voice, RCS and
  // WhatsApp channel, and none for the push notification events the app's SDK reports.
  const own = Object.fromEntries(declared.map(t => [t, selection[t].filter(v => v !== 'message_events')]));
  for (const type of EVENT_TYPES) {
    const expected = {
      email: [`email_${eventTypeName(type.eventType)}`],
      sms: [`sms_${eventTypeName(type.eventType).toLowerCase()}`],
      mms: ['mms_events'],
      voice: ['voice_events'],
      rcs: ['rcs_events'],
      whatsapp: ['whatsapp_events'],
      push: type.eventType === '_campaign.send' ? ['campaign_send'] : [],
      journey: ['journey_send'],
    }[type.channel];
    expect(`${type.eventType}: ${own[type.eventType].join(', ')}`).toBe(`${type.eventType}: ${expected.join(', ')}`);
  }
  // No view selects an event type that is not declared.
  expect(ALL_STANDARD_VIEWS.flatMap(v => v.eventTypes).filter(t => !declared.includes(t))).toEqual([]);
});

test('a view of a whole channel lists its event types in name order', () => {
  for (const channel of ['mms', 'voice', 'rcs', 'whatsapp'] as const) {
    expect(eventTypesOf(channel)).toEqual([...eventTypesOf(channel)].sort());
  }
});

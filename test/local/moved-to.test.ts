import { ALL_SAMPLES } from '../../fixtures/records/engagement-events';
import { ALL_FIXTURES } from '../../fixtures/records/index';
import { movedTo } from '../../local/generate-events';
import { normalizeRecords } from '../../src/normalize/normalize-record';

const AT = Date.UTC(2026, 11, 4, 17, 0);

test('moves epoch-millisecond and ISO timestamps together, the latest to the given time', () => {
  const record = {
    mail: { timestamp: '2017-08-05T00:40:01.123Z' },
    delivery: { timestamp: '2017-08-05T00:41:02.669Z', processingTimeMillis: 11893 },
    event_timestamp: Date.parse('2017-08-05T00:41:00.000Z'),
    attributes: { count: '1564618621380' },
  };
  expect(movedTo(record, AT)).toEqual({
    mail: { timestamp: new Date(AT - 61_546).toISOString() },
    delivery: { timestamp: new Date(AT).toISOString(), processingTimeMillis: 11893 },
    event_timestamp: AT - 2_669,
    attributes: { count: '1564618621380' },
  });
});

test('moves the epoch seconds inside a WhatsApp event\'s webhook entry, and its relay time, with the rest', () => {
  const entry = { id: 'waba', changes: [{ value: { statuses: [{ id: 'm', status: 'sent', timestamp: '1736379042', conversation: { expiration_timestamp: '1736461020' } }] } }] };
  const record = { whatsAppWebhookEntry: JSON.stringify(entry), message_timestamp: '2025-01-08T23:30:43.271Z' };
  const moved = movedTo(record, AT) as { whatsAppWebhookEntry: string; message_timestamp: string };
  const status = JSON.parse(moved.whatsAppWebhookEntry).changes[0].value.statuses[0];
  // The conversation's expiry is the latest time: it lands on AT, and the status and the relay keep their distance to it.
  expect(status.conversation.expiration_timestamp).toBe(String(AT / 1000));
  expect(status.timestamp).toBe(String(AT / 1000 - (1736461020 - 1736379042)));
  expect(moved.message_timestamp).toBe(new Date(AT - (1736461020_000 - 1736379043_271)).toISOString());
});

test('every sample record, moved, has its event time within the day before the given time once normalized', () => {
  const fixtures = [...ALL_SAMPLES.map(record => ({ name: String(record.event_type), record })), ...ALL_FIXTURES];
  const outside = fixtures
    .flatMap(({ name, record }) => normalizeRecords(movedTo(record, AT))
      .map(normalized => ({ name, hoursBefore: (AT - Number(normalized.event_timestamp)) / 3_600_000 })))
    .filter(({ hoursBefore }) => !(hoursBefore >= 0 && hoursBefore < 24));
  expect(outside).toEqual([]);
});

/**
 * Records of the other sources (SES event publishing, End User Messaging SMS) go through the record
 * processor's normalization and land in the same views as Pinpoint's, with their detail in the view columns.
 */
import { fixture, SES_FIXTURES, SMS_VOICE_FIXTURES } from '../../fixtures/records';
import { LocalEventsDatabase, Row } from '../../local/engine';
import { normalizeRecord } from '../../src/normalize/normalize-record';
import { NAMED_QUERIES } from '../../src/views/named-queries';
import { tempBucketDir } from '../local/temp-dir';

let db: LocalEventsDatabase;
let cleanup: () => void;
beforeAll(async () => {
  const bucket = tempBucketDir('normalized-sources');
  cleanup = bucket.cleanup;
  db = await LocalEventsDatabase.create(bucket.dir);
  await db.ingest([...SES_FIXTURES, ...SMS_VOICE_FIXTURES].map(f => f.record), new Date('2026-11-20T06:10:00Z'));
});
afterAll(async () => {
  await db.close();
  cleanup();
});

/** The rows of a view for the SES message of a fixture. */
async function sesRows(view: string, fixtureName: string): Promise<Row[]> {
  const messageId = (fixture(SES_FIXTURES, fixtureName).mail as { messageId: string }).messageId;
  return db.query(`SELECT * FROM ${view} WHERE message_id = '${messageId}'`);
}

const MAIL_COLUMNS = ['event_timestamp', 'arrival_timestamp', 'message_id', 'message_send_timestamp', 'from_address', 'destination', 'ingest_timestamp'];
const present = (row: Row, columns: string[]) => columns.filter(c => row[c] === null);

test.each([
  ['email_send', 'send', ['subject']],
  ['email_delivered', 'delivery', ['subject', 'smtp_response', 'reporting_mta', 'recipients', 'processing_time_millis']],
  ['email_open', 'open', ['subject', 'ip_address', 'user_agent']],
  ['email_click', 'click', ['subject', 'ip_address', 'user_agent', 'link']],
  ['email_unsubscribe', 'constructed-unsubscribe-click', ['link', 'unsubscribe_link_tag']],
  ['email_rejected', 'reject', ['subject', 'reject_reason']],
  ['email_hardbounce', 'bounce', ['bounce_type', 'bounce_sub_type', 'feedback_id', 'reporting_mta', 'bounced_recipient_email_address', 'bounced_recipient_status']],
  ['email_softbounce', 'constructed-bounce-transient', ['bounce_type', 'bounced_recipient_email_address']],
  ['email_complaint', 'complaint', ['complained_email_address', 'feedback_id', 'user_agent', 'complaint_feedback_type']],
  ['email_rendering_failure', 'rendering-failure', ['error_message', 'template_name']],
  ['email_delivery_delay', 'delivery-delay', ['delay_type', 'expiration_time', 'delayed_recipient_email_address', 'delayed_recipient_status', 'delayed_recipient_diagnostic_code']],
  ['email_subscription', 'subscription', ['contact_list', 'subscription_source', 'new_topic_preferences', 'old_topic_preferences']],
])('%s shows the SES %s record with its detail', async (view, fixtureName, columns) => {
  const rows = await sesRows(view, fixtureName);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(present(row, [...MAIL_COLUMNS, ...columns])).toEqual([]);
    expect(row.message_tags).not.toBeNull();
  }
});

test('a hard bounce in SES names the recipient in its own row', async () => {
  const rows = await sesRows('email_hardbounce', 'bounce');
  const recipients = ((fixture(SES_FIXTURES, 'bounce').bounce as { bouncedRecipients: Array<{ emailAddress: string }> }).bouncedRecipients)
    .map(r => r.emailAddress);
  expect(rows.map(r => r.bounced_recipient_email_address).sort()).toEqual([...recipients].sort());
});

test('End User Messaging text events land in the SMS views, priced and with their status', async () => {
  const record = fixture(SMS_VOICE_FIXTURES, 'text-successful');
  const normalized = normalizeRecord(record);
  expect(normalized.event_type).toBe('_SMS.SUCCESS');
  const rows = await db.query(`SELECT * FROM sms_success WHERE message_id = '${record.messageId}' AND record_status = '${record.messageStatus}'`);
  expect(rows).toHaveLength(1);
  expect(present(rows[0], ['event_timestamp', 'message_id', 'destination_phone_number', 'origination_phone_number', 'record_status', 'message_type',
    'price_in_millicents_usd', 'number_of_message_parts', 'ingest_timestamp'])).toEqual([]);
  expect(rows[0].price_in_millicents_usd).toBe((normalized.metrics as Record<string, number>).price_in_millicents_usd);
});

test('a message reported successful and then delivered is priced once by the SMS cost analysis', async () => {
  const record = fixture(SMS_VOICE_FIXTURES, 'text-successful');
  const events = await db.query(`SELECT price_in_millicents_usd FROM sms_success WHERE message_id = '${record.messageId}'`);
  expect(events.length).toBeGreaterThan(1);
  // The fixtures are dated 2023: the analysis's 30-day window is widened to reach them, nothing else changes.
  const sql = NAMED_QUERIES[0].sql.replace(/INTERVAL '30' DAY/g, "INTERVAL '36500' DAY")
    .replace('GROUP BY message_id', `GROUP BY message_id HAVING message_id = '${record.messageId}'`);
  expect(await db.query(sql)).toEqual([{ campaign: 'No campaign', messages: '1', cost_in_millicents_usd: events[0].price_in_millicents_usd }]);
});

/** The row of a view for an End User Messaging fixture: its message, at its status. */
async function smsVoiceRows(view: string, fixtureName: string): Promise<Row[]> {
  const record = fixture(SMS_VOICE_FIXTURES, fixtureName);
  return db.query(`SELECT * FROM ${view} WHERE message_id = '${record.messageId}' AND record_status = '${record.messageStatus}'`);
}

/** Which SMS view each text status lands in (Pinpoint's outcome words). */
const TEXT_VIEW_OF_STATUS: Record<string, string> = {
  QUEUED: 'sms_buffered',
  PENDING: 'sms_buffered',
  SENT: 'sms_buffered',
  SUCCESSFUL: 'sms_success',
  DELIVERED: 'sms_success',
  INVALID: 'sms_failure',
  INVALID_MESSAGE: 'sms_failure',
  UNREACHABLE: 'sms_failure',
  CARRIER_UNREACHABLE: 'sms_failure',
  BLOCKED: 'sms_failure',
  CARRIER_BLOCKED: 'sms_failure',
  SPAM: 'sms_failure',
  UNKNOWN: 'sms_failure',
  TTL_EXPIRED: 'sms_failure',
  PROTECT_BLOCKED: 'sms_failure',
};

test.each(SMS_VOICE_FIXTURES.filter(f => f.name.includes('text-')).map(f => [f.name, f.record.messageStatus as string]))(
  'the End User Messaging text event %s (%s) is one row of its SMS view and of no other', async (name, status) => {
    const view = TEXT_VIEW_OF_STATUS[status];
    expect(view).toBeDefined();
    for (const other of ['sms_buffered', 'sms_success', 'sms_failure', 'sms_optout', 'mms_events', 'voice_events']) {
      expect(await smsVoiceRows(other, name)).toHaveLength(other === view ? 1 : 0);
    }
  });

test.each([
  // fixture, view, outcome, is_final, price in millicents (USD × 100,000, worked out by hand)
  ['constructed-media-pending', 'mms_events', 'buffered', false, 2250],
  ['constructed-media-delivered', 'mms_events', 'success', true, 2250],
  ['constructed-media-file-size-exceeded', 'mms_events', 'failure', true, 0],
  ['constructed-voice-ringing', 'voice_events', 'buffered', false, null],
  ['constructed-voice-completed', 'voice_events', 'success', true, 1300],
  ['constructed-voice-busy', 'voice_events', 'failure', true, 1300],
  ['constructed-voice-no-answer', 'voice_events', 'failure', true, 1300],
])('the End User Messaging event %s is one row of %s with outcome %s and the record\'s detail', async (name, view, outcome, isFinal, price) => {
  const record = fixture(SMS_VOICE_FIXTURES, name);
  const rows = await smsVoiceRows(view, name);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    outcome,
    is_final: isFinal,
    price_in_millicents_usd: price,
    record_status: record.messageStatus,
    message_status_description: record.messageStatusDescription,
    origination_phone_number: record.originationPhoneNumber,
    destination_phone_number: record.destinationPhoneNumber,
    endpoint_id: record.destinationPhoneNumber,
    message_type: 'Transactional',
    ingest_timestamp: '2026-11-20 06:00:00',
  });
  // A call has no message parts, and voice_events no such column.
  expect(rows[0].number_of_message_parts).toBe(view === 'mms_events' ? '1' : undefined);
  expect(rows[0].message_tags).toEqual(Object.entries(record.context as Record<string, string>).map(([key, value]) => ({ key, value })));
  const other = view === 'mms_events' ? 'voice_events' : 'mms_events';
  for (const elsewhere of ['sms_buffered', 'sms_success', 'sms_failure', 'sms_optout', other]) {
    expect(await smsVoiceRows(elsewhere, name)).toHaveLength(0);
  }
});

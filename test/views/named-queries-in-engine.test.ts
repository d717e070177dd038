/**
 * Every reference analysis, run in the local engine over a scenario whose figures are worked out by hand.
 */
import {
  byArrivalHour, campaignSend, DAY, Delivery, emailEvent, endUserMessagingEvent, HOUR, pushEvent, smsEvent, whatsAppEvent, whatsAppMessage,
  whatsAppStatus,
} from './scenario';
import { LocalEventsDatabase, Row } from '../../local/engine';
import { normalizeRecords } from '../../src/normalize/normalize-record';
import { NAMED_QUERIES } from '../../src/views/named-queries';
import { tempBucketDir } from '../local/temp-dir';
import { conversationFeePerSession, pricePerMessage } from '../support/price-once';

const NOW = Date.now();
/** Whole hours ago, so the partition hour is unambiguous. */
const hoursAgo = (h: number) => new Date(Math.floor(NOW / HOUR) * HOUR - h * HOUR + 60_000);
const daysAgo = (d: number) => hoursAgo(d * 24);

const deliveries: Delivery[] = [];
const deliver = (record: Record<string, unknown>, arrival: Date) => deliveries.push({ record, arrival });

// ---- SMS -------------------------------------------------------------------------------------------------
// Campaign C1: three messages priced 645 each. Their BUFFERED events carry no price, except m1's, which
// repeats it: m1 must still cost 645 once. m2 and m1 carry the sender context mycustomerid=4.
const sms = (messageId: string, campaignId: string | undefined, at: Date, events: Array<['BUFFERED' | 'SUCCESS' | 'FAILURE', number | undefined]>, context?: Record<string, string>) => {
  for (const [type, price] of events) deliver(smsEvent(type, { messageId, campaignId, price, context, at }), at);
};
sms('m1', 'C1', daysAgo(3), [['BUFFERED', 645], ['SUCCESS', 645]], { mycustomerid: '4' });
sms('m2', 'C1', daysAgo(3), [['BUFFERED', undefined], ['SUCCESS', 645]]);
sms('m3', 'C1', daysAgo(2), [['BUFFERED', undefined], ['SUCCESS', 645]]);
// Sent through the API (no campaign): one delivered at 500, one failed at 300 (price on both events).
sms('m4', undefined, daysAgo(1), [['BUFFERED', undefined], ['SUCCESS', 500]], { mycustomerid: '4' });
sms('m5', undefined, daysAgo(1), [['BUFFERED', 300], ['FAILURE', 300]], { mycustomerid: '5' });
// Older than 30 days: in no figure.
sms('m0', 'C1', daysAgo(40), [['BUFFERED', 645], ['SUCCESS', 645]], { mycustomerid: '4' });

// ---- End User Messaging (the record processor normalizes these), in the same dataset ---------------------
// Every status repeats the message's total price. e1: a text with sender context mycustomerid=4, reported
// pending, successful and delivered, the delivered event delivered twice: 645 once. e2: a text blocked by
// the carrier, priced 110 on the failure only. No campaign for either.
const eum = (messageId: string, at: Date, events: Array<[string, number | undefined]>, context?: Record<string, string>) => {
  for (const [eventType, priceUsd] of events) deliver(endUserMessagingEvent(eventType, { messageId, at, priceUsd, context }), at);
};
eum('e1', daysAgo(2), [['TEXT_PENDING', 0.00645], ['TEXT_SUCCESSFUL', 0.00645], ['TEXT_DELIVERED', 0.00645], ['TEXT_DELIVERED', 0.00645]], { mycustomerid: '4' });
eum('e2', daysAgo(1), [['TEXT_PENDING', undefined], ['TEXT_CARRIER_BLOCKED', 0.0011]]);
// MMS: mm1 pending then delivered, 2250 on both; mm2 refused (file too large), priced 0.
eum('mm1', daysAgo(2), [['MEDIA_PENDING', 0.0225], ['MEDIA_DELIVERED', 0.0225]], { mycustomerid: '4' });
eum('mm2', daysAgo(1), [['MEDIA_FILE_SIZE_EXCEEDED', 0]]);
// Voice: v1 initiated, ringing, answered, completed, priced 1300 on completion; v2 busy, no price reported.
eum('v1', daysAgo(1), [['VOICE_INITIATED', undefined], ['VOICE_RINGING', undefined], ['VOICE_ANSWERED', undefined], ['VOICE_COMPLETED', 0.013]]);
eum('v2', daysAgo(1), [['VOICE_BUSY', undefined]]);
// RCS: r1 sent, delivered (700), read (priced 0); r2a and r2b delivered inside one conversation session in
// Canada, priced 0 each, the session's 1200 fee repeated on both (and r2a's delivery delivered twice): 1200 once;
// r3 fell back to SMS, r4 failed, both priced 0.
const rcsSession = (messageId: string) => ({
  messageId,
  at: daysAgo(2),
  priceUsd: 0,
  country: 'CA',
  extra: { conversationInitiatingMessageId: 'session-1', conversationInitiatingMessageType: 'OUTBOUND', conversationSessionFee: 0.012 },
});
deliver(endUserMessagingEvent('RCS_SENT', { messageId: 'r1', at: daysAgo(1) }), daysAgo(1));
deliver(endUserMessagingEvent('RCS_DELIVERED', { messageId: 'r1', at: daysAgo(1), priceUsd: 0.007 }), daysAgo(1));
deliver(endUserMessagingEvent('RCS_READ', { messageId: 'r1', at: daysAgo(1), priceUsd: 0 }), daysAgo(1));
deliver(endUserMessagingEvent('RCS_DELIVERED', rcsSession('r2a')), daysAgo(2));
deliver(endUserMessagingEvent('RCS_DELIVERED', rcsSession('r2a')), daysAgo(2));
deliver(endUserMessagingEvent('RCS_DELIVERED', rcsSession('r2b')), daysAgo(2));
deliver(endUserMessagingEvent('RCS_FALLEN_BACK_TO_SMS', { messageId: 'r3', at: daysAgo(1), priceUsd: 0 }), daysAgo(1));
deliver(endUserMessagingEvent('RCS_FAILED', { messageId: 'r4', at: daysAgo(1), priceUsd: 0 }), daysAgo(1));
// Older than 30 days: in no figure.
eum('mm0', daysAgo(40), [['MEDIA_DELIVERED', 0.0225]]);
eum('e0', daysAgo(40), [['TEXT_DELIVERED', 0.00645]], { mycustomerid: '4' });

// ---- WhatsApp (End User Messaging Social), last 30 days ---------------------------------------------------------
// w1 sent, then delivered and read (two statuses in one webhook entry), then answered by the customer; w2 sent and
// failed, w4 failed, both with error 131026; the customer also wrote once without answering anything (no message
// of the business). No price: WhatsApp's events carry none.
const WHATSAPP_FAILURE = { errors: [{ code: 131026, title: 'Message undeliverable' }] };
deliver(whatsAppEvent(daysAgo(3), { statuses: [whatsAppStatus('w1', 'sent', daysAgo(3))] }), daysAgo(3));
deliver(whatsAppEvent(daysAgo(3), { statuses: [whatsAppStatus('w1', 'delivered', daysAgo(3)), whatsAppStatus('w1', 'read', daysAgo(3))] }), daysAgo(3));
deliver(whatsAppEvent(daysAgo(3), { messages: [whatsAppMessage('in-1', daysAgo(3), 'Yes', 'w1')] }), daysAgo(3));
deliver(whatsAppEvent(daysAgo(2), { statuses: [whatsAppStatus('w2', 'sent', daysAgo(2))] }), daysAgo(2));
deliver(whatsAppEvent(daysAgo(2), { statuses: [whatsAppStatus('w2', 'failed', daysAgo(2), WHATSAPP_FAILURE)] }), daysAgo(2));
deliver(whatsAppEvent(daysAgo(1), { statuses: [whatsAppStatus('w4', 'failed', daysAgo(1), WHATSAPP_FAILURE)] }), daysAgo(1));
deliver(whatsAppEvent(daysAgo(1), { messages: [whatsAppMessage('in-2', daysAgo(1), 'Hello?')] }), daysAgo(1));
// Older than 30 days: in no figure.
deliver(whatsAppEvent(daysAgo(40), { statuses: [whatsAppStatus('w0', 'failed', daysAgo(40), WHATSAPP_FAILURE)] }), daysAgo(40));

// ---- Pinpoint push, last 30 days -------------------------------------------------------------------------------
// Campaign CP1 sent a push to dev-1 (received and opened) and to dev-2 (refused by the push service).
const push = { campaignId: 'CP1', activityId: 'activity-1' };
deliver(pushEvent('send', { ...push, endpoint: 'dev-1', at: daysAgo(2) }), daysAgo(2));
deliver(pushEvent('received_foreground', { ...push, endpoint: 'dev-1', at: daysAgo(2) }), daysAgo(2));
deliver(pushEvent('opened_notification', { ...push, endpoint: 'dev-1', at: daysAgo(2) }), daysAgo(2));
deliver(pushEvent('send', { ...push, endpoint: 'dev-2', at: daysAgo(2), deliveryType: 'APNS', sendStatus: 'PERMANENT_FAILURE' }), daysAgo(2));

// ---- Email, last 30 days ----------------------------------------------------------------------------------
const SPRING_HOUR = hoursAgo(50);
const RECEIPT_HOUR = hoursAgo(20);
const spring = ['recipient@example.com', 'b@example.com', 'c@example.com', 'd@example.com'];
spring.forEach((to, i) => {
  const messageId = `spring-${i}`;
  const base = { messageId, to: [to], subject: 'Spring sale', campaignId: 'CE1' };
  deliver(emailEvent('send', { ...base, at: SPRING_HOUR, tags: i < 3 ? { mycustomerid: '4' } : {} }), SPRING_HOUR);
  deliver(emailEvent('delivered', { ...base, at: SPRING_HOUR }), SPRING_HOUR);
});
// spring-0 opened twice and clicked; spring-1 opened and unsubscribed; spring-2 bounced; spring-3 complained.
deliver(emailEvent('open', { messageId: 'spring-0', to: [spring[0]], subject: 'Spring sale', campaignId: 'CE1', at: hoursAgo(45) }), hoursAgo(45));
deliver(emailEvent('open', { messageId: 'spring-0', to: [spring[0]], subject: 'Spring sale', campaignId: 'CE1', at: hoursAgo(44) }), hoursAgo(44));
deliver(emailEvent('click', { messageId: 'spring-0', to: [spring[0]], subject: 'Spring sale', campaignId: 'CE1', at: hoursAgo(44), body: { click: { link: 'https://example.com/sale' } } }), hoursAgo(44));
deliver(emailEvent('open', { messageId: 'spring-1', to: [spring[1]], subject: 'Spring sale', campaignId: 'CE1', at: hoursAgo(40) }), hoursAgo(40));
deliver(emailEvent('unsubscribe', { messageId: 'spring-1', to: [spring[1]], subject: 'Spring sale', campaignId: 'CE1', at: hoursAgo(40) }), hoursAgo(40));
deliver(emailEvent('hardbounce', {
  messageId: 'spring-2',
  to: [spring[2]],
  subject: 'Spring sale',
  campaignId: 'CE1',
  at: hoursAgo(49),
  body: { bounce: { bounce_type: 'Permanent', bounced_recipients: [{ email_address: spring[2] }] } },
}), hoursAgo(49));
deliver(emailEvent('complaint', {
  messageId: 'spring-3',
  to: [spring[3]],
  subject: 'Spring sale',
  campaignId: 'CE1',
  at: hoursAgo(30),
  body: { complaint: { complained_recipients: [{ email_address: spring[3] }] } },
}), hoursAgo(30));
['recipient@example.com', 'e@example.com'].forEach((to, i) => {
  deliver(emailEvent('send', { messageId: `receipt-${i}`, to: [to], subject: 'Receipt', at: RECEIPT_HOUR }), RECEIPT_HOUR);
});
deliver(emailEvent('open', { messageId: 'receipt-1', to: ['e@example.com'], subject: 'Receipt', at: hoursAgo(19) }), hoursAgo(19));
// Campaign CE1 targeted four endpoints; CE2 two, with no email sent yet.
for (let i = 0; i < 4; i++) deliver(campaignSend('CE1', `ce1-endpoint-${i}`, SPRING_HOUR), SPRING_HOUR);
for (let i = 0; i < 2; i++) deliver(campaignSend('CE2', `ce2-endpoint-${i}`, hoursAgo(10)), hoursAgo(10));

// ---- Email, months back (address engagement) ---------------------------------------------------------------
// loyal@: 12 sends from 150 to 40 days ago, all delivered; opened the 3rd, clicked the 5th.
for (let i = 0; i < 12; i++) {
  const at = daysAgo(150 - i * 10);
  const base = { messageId: `loyal-${i}`, to: ['loyal@example.com'], subject: 'Newsletter' };
  deliver(emailEvent('send', { ...base, at }), at);
  deliver(emailEvent('delivered', { ...base, at }), at);
  if (i === 2) deliver(emailEvent('open', { ...base, at }), at);
  if (i === 4) deliver(emailEvent('click', { ...base, at }), at);
}
// quiet@: 10 sends from 170 to 125 days ago, delivered, never opened: listed, with no engagement.
for (let i = 0; i < 10; i++) {
  const at = daysAgo(170 - i * 5);
  deliver(emailEvent('send', { messageId: `quiet-${i}`, to: ['quiet@example.com'], subject: 'Newsletter', at }), at);
  deliver(emailEvent('delivered', { messageId: `quiet-${i}`, to: ['quiet@example.com'], subject: 'Newsletter', at }), at);
}
// recent@: 11 sends, all within the last 3 months: not listed. few@: 5 sends: not listed.
for (let i = 0; i < 11; i++) {
  const at = daysAgo(80 - i * 4);
  deliver(emailEvent('send', { messageId: `recent-${i}`, to: ['recent@example.com'], subject: 'Newsletter', at }), at);
  deliver(emailEvent('delivered', { messageId: `recent-${i}`, to: ['recent@example.com'], subject: 'Newsletter', at }), at);
}
for (let i = 0; i < 5; i++) {
  const at = daysAgo(120 - i);
  deliver(emailEvent('send', { messageId: `few-${i}`, to: ['few@example.com'], subject: 'Newsletter', at }), at);
  deliver(emailEvent('delivered', { messageId: `few-${i}`, to: ['few@example.com'], subject: 'Newsletter', at }), at);
}

let db: LocalEventsDatabase;
let cleanup: () => void;
beforeAll(async () => {
  const bucket = tempBucketDir('named-queries');
  cleanup = bucket.cleanup;
  db = await LocalEventsDatabase.create(bucket.dir);
  for (const { arrival, records } of byArrivalHour(deliveries)) {
    await db.ingest(records, arrival);
  }
});
afterAll(async () => {
  await db.close();
  cleanup();
});

function named(name: string): string {
  const query = NAMED_QUERIES.find(q => q.name.startsWith(name));
  if (!query) throw new Error(`no named query '${name}'`);
  return query.sql;
}
const numbers = (rows: Row[]) => rows.map(r => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v])));
const hourText = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR).toISOString().replace('T', ' ').replace(/:00\.000Z$/, ':00');

test('there are thirteen reference analyses, each with a unique name, the new ones after the old (saved queries are named by position)', () => {
  expect(NAMED_QUERIES).toHaveLength(13);
  expect(new Set(NAMED_QUERIES.map(q => q.name)).size).toBe(13);
  expect(NAMED_QUERIES.slice(9).map(q => q.name)).toEqual([
    'Messaging cost by channel (last 30 days)',
    'Message funnel by channel (last 30 days)',
    'Messaging cost by channel and country (last 30 days)',
    'Message failures by error code (last 30 days)',
  ]);
});

test('SMS cost by campaign counts each message once, whichever events carry its price, Pinpoint and End User Messaging alike', async () => {
  expect(numbers(await db.query(named('SMS cost by campaign')))).toEqual([
    // Pinpoint only: m1, m2, m3.
    { campaign: 'C1', messages: 3, cost_in_millicents_usd: 1935 },
    // Pinpoint m4 (500) and m5 (300), End User Messaging e1 (645) and e2 (110); no MMS or call.
    { campaign: 'No campaign', messages: 4, cost_in_millicents_usd: 1555 },
  ]);
});

test('no comment in a named query holds a quote mark: the local dialect shim reads quotes without knowing comments', () => {
  const commentsWithQuotes = NAMED_QUERIES.flatMap(q => q.sql.split('\n').filter(line => /--.*['"]/.test(line)).map(line => `${q.name}: ${line}`));
  expect(commentsWithQuotes).toEqual([]);
});

/** The recent records as the record processor writes them. */
const recentRecords = () => deliveries.filter(d => d.arrival.getTime() > NOW - 30 * DAY).flatMap(d => normalizeRecords(d.record));
const total = (rows: Row[]) => rows.reduce((sum, r) => sum + Number(r.cost_in_millicents_usd), 0);

test('SMS cost agrees with the price-once rule the record processor documents', async () => {
  const smsRecords = recentRecords().filter(r => String(r.event_type).startsWith('_SMS.'));
  const reference = [...pricePerMessage(smsRecords).values()].reduce((sum, price) => sum + price, 0);
  expect(total(await db.query(named('SMS cost by campaign')))).toBe(reference);
});

test('SMS cost by sender context', async () => {
  // m1 (645) and m4 (500) from Pinpoint, e1 (645) from End User Messaging; mm1 is an MMS.
  expect(numbers(await db.query(named('SMS cost by sender context')))).toEqual([{ messages: 3, cost_in_millicents_usd: 1790 }]);
});

test('messaging cost by channel prices each SMS, MMS, call and RCS message once, and each RCS conversation session once', async () => {
  expect(numbers(await db.query(named('Messaging cost by channel (')))).toEqual([
    // m1–m5 (Pinpoint, 2735) and e1, e2 (End User Messaging, 755).
    { channel: 'SMS', messages: 7, cost_in_millicents_usd: 3490 },
    { channel: 'MMS', messages: 2, cost_in_millicents_usd: 2250 },
    // r1 (700), r2a, r2b, r3, r4 (0 each), and the session of r2a and r2b (1200).
    { channel: 'RCS', messages: 5, cost_in_millicents_usd: 1900 },
    { channel: 'Voice', messages: 2, cost_in_millicents_usd: 1300 },
  ]);
});

/** What the recent records cost by the price-once rules: each message once, each conversation session once. */
const referenceCost = () => {
  const records = recentRecords();
  return [...pricePerMessage(records).values(), ...conversationFeePerSession(records).values()].reduce((sum, price) => sum + price, 0);
};

test('messaging cost by channel agrees with the price-once rules over every priced channel', async () => {
  expect(total(await db.query(named('Messaging cost by channel (')))).toBe(referenceCost());
});

test('the message funnel counts each message once per step it reached, per channel', async () => {
  expect(numbers(await db.query(named('Message funnel by channel')))).toEqual([
    // spring-0 (clicked), spring-1 (opened, unsubscribed), spring-2 (bounced after delivery), spring-3 (complained),
    // receipt-0 (sent only), receipt-1 (opened; opening shows it was delivered).
    {
      channel: 'email',
      sent: 6,
      delivered: 5,
      opened_or_read: 3,
      clicked_or_replied: 1,
      failed: 0,
      delivery_rate: 5 / 6,
      open_rate: 3 / 6,
      click_or_reply_rate: 1 / 6,
    },
    // mm1 delivered, mm2 too large.
    { channel: 'mms', sent: 2, delivered: 1, opened_or_read: 0, clicked_or_replied: 0, failed: 1, delivery_rate: 0.5, open_rate: 0, click_or_reply_rate: 0 },
    // dev-1 received and opened, dev-2 refused.
    { channel: 'push', sent: 2, delivered: 1, opened_or_read: 1, clicked_or_replied: 0, failed: 1, delivery_rate: 0.5, open_rate: 0.5, click_or_reply_rate: 0 },
    // r1 read, r2a and r2b delivered, r3 fell back to SMS (neither delivered nor failed), r4 failed.
    { channel: 'rcs', sent: 5, delivered: 3, opened_or_read: 1, clicked_or_replied: 0, failed: 1, delivery_rate: 0.6, open_rate: 0.2, click_or_reply_rate: 0 },
    // m1–m4 and e1 delivered, m5 and e2 failed.
    {
      channel: 'sms',
      sent: 7,
      delivered: 5,
      opened_or_read: 0,
      clicked_or_replied: 0,
      failed: 2,
      delivery_rate: 5 / 7,
      open_rate: 0,
      click_or_reply_rate: 0,
    },
    { channel: 'voice', sent: 2, delivered: 1, opened_or_read: 0, clicked_or_replied: 0, failed: 1, delivery_rate: 0.5, open_rate: 0, click_or_reply_rate: 0 },
    // w1 delivered, read and answered; w2 and w4 failed. The customer's messages are no messages sent.
    {
      channel: 'whatsapp',
      sent: 3,
      delivered: 1,
      opened_or_read: 1,
      clicked_or_replied: 1,
      failed: 2,
      delivery_rate: 1 / 3,
      open_rate: 1 / 3,
      click_or_reply_rate: 1 / 3,
    },
  ]);
});

test('messaging cost by channel and country counts each message and each conversation session once', async () => {
  expect(numbers(await db.query(named('Messaging cost by channel and country')))).toEqual([
    // Pinpoint's SMS records in the scenario name no country: m1–m5.
    { channel: 'sms', country: null, messages: 5, conversations: 0, cost_in_millicents_usd: 2735 },
    { channel: 'mms', country: 'US', messages: 2, conversations: 0, cost_in_millicents_usd: 2250 },
    { channel: 'voice', country: 'US', messages: 2, conversations: 0, cost_in_millicents_usd: 1300 },
    // r2a and r2b at 0, their session at 1200.
    { channel: 'rcs', country: 'CA', messages: 2, conversations: 1, cost_in_millicents_usd: 1200 },
    { channel: 'sms', country: 'US', messages: 2, conversations: 0, cost_in_millicents_usd: 755 },
    { channel: 'rcs', country: 'US', messages: 3, conversations: 0, cost_in_millicents_usd: 700 },
  ]);
});

test('messaging cost by channel and country agrees with the price-once rules', async () => {
  expect(total(await db.query(named('Messaging cost by channel and country')))).toBe(referenceCost());
});

test('message failures by error code: messages and events per channel and code, first and last seen', async () => {
  const rows = numbers(await db.query(named('Message failures by error code')));
  expect(rows.map(r => [r.channel, r.error_code, r.messages, r.events])).toEqual([
    ['whatsapp', 131026, 2, 2],
    // No sub-type in the scenario's bounce: the event names the failure.
    ['email', 'hardbounce', 1, 1],
    ['mms', 'FILE_SIZE_EXCEEDED', 1, 1],
    ['push', 'PERMANENT_FAILURE', 1, 1],
    ['rcs', 'FAILED', 1, 1],
    ['sms', 'CARRIER_BLOCKED', 1, 1],
    ['sms', 'UNREACHABLE', 1, 1],
    ['voice', 'BUSY', 1, 1],
  ]);
  const seconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace('T', ' ').replace(/\.000Z$/, '');
  expect(rows[0]).toMatchObject({ first_seen: seconds(daysAgo(2)), last_seen: seconds(daysAgo(1)) });
});

test('emails sent to an address, newest first, with whether each was opened', async () => {
  const rows = await db.query(named('Emails sent to an address'));
  expect(rows.map(r => [r.subject, r.opened])).toEqual([['Receipt', false], ['Spring sale', true]]);
});

test('email engagement by subject counts messages, not events', async () => {
  expect(numbers(await db.query(named('Email engagement by subject')))).toEqual([
    { subject: 'Spring sale', sends: 4, opened: 2, clicked: 1, unsubscribed: 1 },
    { subject: 'Receipt', sends: 2, opened: 1, clicked: 0, unsubscribed: 0 },
  ]);
});

test('email sends by tag', async () => {
  expect(numbers(await db.query(named('Email sends by tag')))).toEqual([{ sends: 3 }]);
});

test('email address engagement lists the addresses with at least 10 sends first delivered over 3 months ago', async () => {
  const rows = await db.query(named('Email address engagement'));
  const text = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000).toISOString().replace('T', ' ').replace(/\.000Z$/, '');
  expect(numbers(rows)).toEqual([
    { email_address: 'quiet@example.com', sends: 10, first_delivered_at: text(daysAgo(170)), last_delivered_at: text(daysAgo(125)), last_engaged_at: null },
    { email_address: 'loyal@example.com', sends: 12, first_delivered_at: text(daysAgo(150)), last_delivered_at: text(daysAgo(40)), last_engaged_at: text(daysAgo(110)) },
  ]);
});

test('campaign engagement', async () => {
  expect(numbers(await db.query(named('Campaign engagement')))).toEqual([
    { pinpoint_campaign_id: 'CE1', endpoints_targeted: 4, email_sends: 4, email_opens: 3, email_clicks: 1, hard_bounced_recipients: 1, soft_bounced_recipients: 0, unsubscribes: 1 },
    { pinpoint_campaign_id: 'CE2', endpoints_targeted: 2, email_sends: 0, email_opens: 0, email_clicks: 0, hard_bounced_recipients: 0, soft_bounced_recipients: 0, unsubscribes: 0 },
    // The push campaign: two devices targeted, no email.
    { pinpoint_campaign_id: 'CP1', endpoints_targeted: 2, email_sends: 0, email_opens: 0, email_clicks: 0, hard_bounced_recipients: 0, soft_bounced_recipients: 0, unsubscribes: 0 },
  ]);
});

test('bounce and complaint monitoring, by hour', async () => {
  expect(numbers(await db.query(named('Bounce and complaint monitoring')))).toEqual([
    { arrival_hour: hourText(RECEIPT_HOUR), sends: 2, hard_bounced: 0, complained: 0, bounce_rate: 0, complaint_rate: 0 },
    { arrival_hour: hourText(SPRING_HOUR), sends: 4, hard_bounced: 1, complained: 1, bounce_rate: 0.25, complaint_rate: 0.25 },
  ]);
});

test('open, click and unsubscribe monitoring, by hour', async () => {
  expect(numbers(await db.query(named('Open, click and unsubscribe monitoring')))).toEqual([
    { arrival_hour: hourText(RECEIPT_HOUR), sends: 2, opened: 1, clicked: 0, unsubscribed: 0, open_rate: 0.5, click_rate: 0, unsubscribe_rate: 0 },
    {
      arrival_hour: hourText(SPRING_HOUR), sends: 4, opened: 2, clicked: 1, unsubscribed: 1, open_rate: 0.5, click_rate: 0.25, unsubscribe_rate: 0.25,
    },
  ]);
});

test('the scenario spans enough partitions to exercise the time filters', () => {
  expect(byArrivalHour(deliveries).length).toBeGreaterThan(40);
  expect(DAY).toBe(24 * HOUR);
});

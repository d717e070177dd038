/**
 * Every reference analysis, run in the local engine over a scenario whose figures are worked out by hand.
 */
import { byArrivalHour, campaignSend, DAY, Delivery, emailEvent, endUserMessagingEvent, HOUR, smsEvent } from './scenario';
import { LocalEventsDatabase, Row } from '../../local/engine';
import { normalizeRecord } from '../../src/normalize/normalize-record';
import { NAMED_QUERIES } from '../../src/views/named-queries';
import { tempBucketDir } from '../local/temp-dir';
import { pricePerMessage } from '../support/price-once';

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
// Older than 30 days: in no figure.
eum('mm0', daysAgo(40), [['MEDIA_DELIVERED', 0.0225]]);
eum('e0', daysAgo(40), [['TEXT_DELIVERED', 0.00645]], { mycustomerid: '4' });

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

test('there are ten reference analyses, each with a unique name', () => {
  expect(NAMED_QUERIES).toHaveLength(10);
  expect(new Set(NAMED_QUERIES.map(q => q.name)).size).toBe(10);
});

test('SMS cost by campaign counts each message once, whichever events carry its price, Pinpoint and End User Messaging alike', async () => {
  expect(numbers(await db.query(named('SMS cost by campaign')))).toEqual([
    // Pinpoint only: m1, m2, m3.
    { campaign: 'C1', messages: 3, cost_in_millicents_usd: 1935 },
    // Pinpoint m4 (500) and m5 (300), End User Messaging e1 (645) and e2 (110); no MMS or call.
    { campaign: 'No campaign', messages: 4, cost_in_millicents_usd: 1555 },
  ]);
});

/** The recent records as the record processor writes them. */
const recentRecords = () => deliveries.filter(d => d.arrival.getTime() > NOW - 30 * DAY).map(d => normalizeRecord(d.record));
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

test('messaging cost by channel prices each SMS, MMS and call once', async () => {
  expect(numbers(await db.query(named('Messaging cost by channel')))).toEqual([
    // m1–m5 (Pinpoint, 2735) and e1, e2 (End User Messaging, 755).
    { channel: 'SMS', messages: 7, cost_in_millicents_usd: 3490 },
    { channel: 'MMS', messages: 2, cost_in_millicents_usd: 2250 },
    { channel: 'Voice', messages: 2, cost_in_millicents_usd: 1300 },
  ]);
});

test('messaging cost by channel agrees with the price-once rule over every priced channel', async () => {
  const reference = [...pricePerMessage(recentRecords()).values()].reduce((sum, price) => sum + price, 0);
  expect(total(await db.query(named('Messaging cost by channel')))).toBe(reference);
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

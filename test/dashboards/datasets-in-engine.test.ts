/**
 * The dashboard's datasets in the local engine over a scenario whose figures are worked out by hand: what each
 * row counts (events of each kind per hour, subject and campaign; messages and their price, each counted once),
 * and that events older than the period are left out.
 */
import { LocalEventsDatabase, Row } from '../../local/engine';
import { engagementDatasets } from '../../src/dashboards/dashboard-declaration';
import { tempBucketDir } from '../local/temp-dir';
import { DAY, Delivery, HOUR, byArrivalHour, emailEvent, endUserMessagingEvent, smsEvent } from '../views/scenario';

const NOW = Date.now();
/** A minute into the hour, whole days back: each day's events share one hour. */
const daysAgo = (d: number) => new Date(Math.floor(NOW / HOUR) * HOUR - d * DAY + 60_000);
const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR) * HOUR).toISOString().slice(0, 19).replace('T', ' ');
const D1 = daysAgo(2);
const D2 = daysAgo(1);
const OLD = daysAgo(100);

const deliveries: Delivery[] = [];
const deliver = (record: Record<string, unknown>, at: Date) => deliveries.push({ record, arrival: at });

// Email. m1 and m2: "Spring sale" of campaign C1; m1 delivered, opened twice and clicked; m2 bounced by both its
// recipients (the bounce view has no subject: it comes from m2's send). m3: "Receipt", no campaign, delivered and
// complained about. m0 was sent before the period.
const mail = (type: string, messageId: string, subject: string, at: Date, campaignId?: string, body?: Record<string, unknown>) =>
  deliver(emailEvent(type, { messageId, to: ['a@example.com', 'b@example.com'], subject, at, campaignId, body }), at);
for (const type of ['send', 'delivered', 'open', 'open', 'click']) mail(type, 'm1', 'Spring sale', D1, 'C1');
mail('send', 'm2', 'Spring sale', D1, 'C1');
mail('hardbounce', 'm2', 'Spring sale', D1, 'C1', { bounce: { bounce_type: 'Permanent', bounced_recipients: [{ email_address: 'a@example.com' }, { email_address: 'b@example.com' }] } });
for (const type of ['send', 'delivered']) mail(type, 'm3', 'Receipt', D2);
mail('complaint', 'm3', 'Receipt', D2, undefined, { complaint: { complained_recipients: [{ email_address: 'a@example.com' }] } });
mail('send', 'm0', 'Spring sale', OLD, 'C1');

// SMS: s1 delivered, priced 645 on both its events (counted once); s2 unreachable, priced 300 on its failure.
// End User Messaging: e1 delivered in France at 645 (repeated on each status); v1 a call completed at 1300;
// v2 a call nobody answered. s0 before the period.
deliver(smsEvent('BUFFERED', { messageId: 's1', at: D1, price: 645 }), D1);
deliver(smsEvent('SUCCESS', { messageId: 's1', at: D1, price: 645 }), D1);
deliver(smsEvent('BUFFERED', { messageId: 's2', at: D1 }), D1);
deliver(smsEvent('FAILURE', { messageId: 's2', at: D1, price: 300 }), D1);
deliver(smsEvent('SUCCESS', { messageId: 's0', at: OLD, price: 645 }), OLD);
for (const type of ['TEXT_PENDING', 'TEXT_DELIVERED']) deliver(endUserMessagingEvent(type, { messageId: 'e1', at: D2, priceUsd: 0.00645, country: 'FR' }), D2);
deliver(endUserMessagingEvent('VOICE_INITIATED', { messageId: 'v1', at: D2 }), D2);
deliver(endUserMessagingEvent('VOICE_COMPLETED', { messageId: 'v1', at: D2, priceUsd: 0.013 }), D2);
deliver(endUserMessagingEvent('VOICE_BUSY', { messageId: 'v2', at: D2 }), D2);

const { dir, cleanup } = tempBucketDir('dashboard-datasets');
let db: LocalEventsDatabase;
const datasets = Object.fromEntries(engagementDatasets(90).map(d => [d.id, d.sql]));
/** A dataset's rows, numbers as numbers, sorted. */
async function rowsOf(id: string): Promise<Row[]> {
  const rows = await db.query(datasets[id]);
  return rows.map(row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v])))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

beforeAll(async () => {
  db = await LocalEventsDatabase.create(dir);
  await db.ingestBatches(byArrivalHour(deliveries).map(b => ({ records: b.records, arrivalTime: b.arrival })));
});
afterAll(async () => {
  await db?.close();
  cleanup();
});

test('email: events of each kind per hour, subject and campaign; a bounce per bounced recipient, under its message\'s subject', async () => {
  expect(await rowsOf('email-engagement')).toEqual([
    { event_hour: hourOf(D1), subject: 'Spring sale', campaign: 'C1', sends: 2, deliveries: 1, opens: 2, clicks: 1, bounces: 2, complaints: 0 },
    { event_hour: hourOf(D2), subject: 'Receipt', campaign: 'No campaign', sends: 1, deliveries: 1, opens: 0, clicks: 0, bounces: 0, complaints: 1 },
  ]);
});

test('SMS and voice: one row per outcome, each message counted once at its largest price, in US dollars', async () => {
  expect(await rowsOf('phone-messages')).toEqual([
    { event_hour: hourOf(D1), channel: 'sms', country: 'unknown', outcome: 'delivered', failure_reason: '', messages: 1, delivered: 1, cost_usd: 0.00645 },
    { event_hour: hourOf(D1), channel: 'sms', country: 'unknown', outcome: 'failed', failure_reason: 'UNREACHABLE', messages: 1, delivered: 0, cost_usd: 0.003 },
    { event_hour: hourOf(D2), channel: 'sms', country: 'FR', outcome: 'delivered', failure_reason: '', messages: 1, delivered: 1, cost_usd: 0.00645 },
    { event_hour: hourOf(D2), channel: 'voice', country: 'US', outcome: 'delivered', failure_reason: '', messages: 1, delivered: 1, cost_usd: 0.013 },
    { event_hour: hourOf(D2), channel: 'voice', country: 'US', outcome: 'failed', failure_reason: 'BUSY', messages: 1, delivered: 0, cost_usd: 0 },
  ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))));
});

test('all channels: message events per hour, channel and status, those before the period left out', async () => {
  const rows = await rowsOf('channel-activity');
  const counts = Object.fromEntries(rows.map(r => [`${r.event_hour === hourOf(D1) ? 'D1' : r.event_hour === hourOf(D2) ? 'D2' : r.event_hour} ${r.channel} ${r.status}`, r.events]));
  expect(counts).toEqual({
    'D1 email sent': 2,
    'D1 email delivered': 1,
    'D1 email opened': 2,
    'D1 email clicked': 1,
    // One bounce event, whatever its recipients.
    'D1 email failed': 1,
    'D2 email sent': 1,
    'D2 email delivered': 1,
    'D2 email complained': 1,
    'D1 sms sent': 2,
    'D1 sms delivered': 1,
    'D1 sms failed': 1,
    'D2 sms sent': 1,
    'D2 sms delivered': 1,
    'D2 voice sent': 1,
    'D2 voice delivered': 1,
    'D2 voice failed': 1,
  });
});

/**
 * An adopted deployment of the Digital User Engagement Events Database: its Parquet files, written with that
 * solution's table schema under its own prefix, and new events ingested by this library are read together by
 * the same views, with the legacy values in place and partition pruning on both sides.
 */
import { DAY, emailEvent, HOUR, smsEvent } from './scenario';
import { hourFolder, LocalEventsDatabase, Row } from '../../local/engine';
import { NAMED_QUERIES } from '../../src/views/named-queries';
import { ALL_STANDARD_VIEWS, customEventView } from '../../src/views/view-catalog';
import { renderView } from '../../src/views/view-sql';
import { tempBucketDir } from '../local/temp-dir';

/** Where the old deployment's files are, in the directory standing for its bucket. */
const LEGACY_PREFIX = 'legacy/events/';

const NOW = Date.now();
const hoursAgo = (h: number) => new Date(Math.floor(NOW / HOUR) * HOUR - h * HOUR + 60_000);
const dayBounds = (at: Date) => {
  const start = new Date(Math.floor(at.getTime() / DAY) * DAY);
  const stamp = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 19);
  return `ingest_timestamp >= TIMESTAMP '${stamp(start)}' AND ingest_timestamp < TIMESTAMP '${stamp(new Date(start.getTime() + DAY))}'`;
};

// The old deployment's history: two hours on different days, ten and nine days ago.
const LEGACY_HOUR_1 = hoursAgo(240);
const LEGACY_HOUR_2 = hoursAgo(216);
// This library's events: two hours on different days, two days and one day ago.
const NEW_HOUR_1 = hoursAgo(48);
const NEW_HOUR_2 = hoursAgo(24);

const legacyBatch1 = [
  emailEvent('send', { messageId: 'legacy-0', to: ['a@example.com'], subject: 'Old news', at: LEGACY_HOUR_1, campaignId: 'CE0' }),
  emailEvent('hardbounce', {
    messageId: 'legacy-1',
    to: ['gone@example.com'],
    subject: 'Old news',
    at: LEGACY_HOUR_1,
    body: { bounce: { bounce_type: 'Permanent', bounced_recipients: [{ email_address: 'gone@example.com', status: '5.1.1' }] } },
  }),
  smsEvent('BUFFERED', { messageId: 'lm1', campaignId: 'C1', at: LEGACY_HOUR_1, context: { mycustomerid: '4' } }),
  smsEvent('SUCCESS', { messageId: 'lm1', campaignId: 'C1', at: LEGACY_HOUR_1, price: 645, context: { mycustomerid: '4' } }),
  // A custom event with a custom metric: the old table had no column for it, so the metric was lost.
  {
    event_type: 'purchase_completed',
    event_timestamp: LEGACY_HOUR_1.getTime(),
    arrival_timestamp: LEGACY_HOUR_1.getTime(),
    application: { app_id: 'scenario-app' },
    client: { client_id: 'buyer' },
    attributes: { basket: 'b-1' },
    metrics: { price_in_millicents_usd: 1, Amount: 42 },
    client_context: { custom: { legacy_identifier: 'L-1' } },
    awsAccountId: '111122223333',
  },
];
const legacyBatch2 = [
  smsEvent('FAILURE', { messageId: 'lm2', at: LEGACY_HOUR_2, price: 300 }),
];

let db: LocalEventsDatabase;
let cleanup: () => void;
const legacyFiles: string[] = [];

beforeAll(async () => {
  const bucket = tempBucketDir('legacy');
  cleanup = bucket.cleanup;
  db = await LocalEventsDatabase.create(bucket.dir, { legacyPrefix: LEGACY_PREFIX });
  legacyFiles.push(...await db.ingestLegacyBatches([
    { records: legacyBatch1, arrivalTime: LEGACY_HOUR_1 },
    { records: legacyBatch2, arrivalTime: LEGACY_HOUR_2 },
  ]));
  await db.ingestBatches([
    {
      arrivalTime: NEW_HOUR_1,
      records: [
        emailEvent('send', { messageId: 'new-0', to: ['b@example.com'], subject: 'New news', at: NEW_HOUR_1 }),
        smsEvent('SUCCESS', { messageId: 'nm1', campaignId: 'C1', at: NEW_HOUR_1, price: 500 }),
      ],
    },
    { arrivalTime: NEW_HOUR_2, records: [smsEvent('SUCCESS', { messageId: 'nm2', at: NEW_HOUR_2, price: 700 })] },
  ]);
});

afterAll(async () => {
  await db?.close();
  cleanup?.();
});

const sorted = (rows: Row[], key: string) => [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));

test('the legacy files have the old table\'s schema: metrics a struct of the price', async () => {
  const schema = await db.queryDuckDb(`SELECT name, type, num_children FROM parquet_schema('${legacyFiles[0]}')`);
  const names = schema.map(r => r.name);
  expect(names).toEqual(expect.arrayContaining(['metrics', 'price_in_millicents_usd', 'session']));
  expect(schema.find(r => r.name === 'metrics')).toMatchObject({ num_children: '1' });
  // No map of metrics: the Parquet map's key_value group is absent under metrics.
  const metricsAt = names.indexOf('metrics');
  expect(names[metricsAt + 1]).toBe('price_in_millicents_usd');
});

test('email_send returns the legacy and the new sends', async () => {
  const rows = sorted(await db.query('SELECT message_id, subject, destination, pinpoint_campaign_id, ingest_timestamp FROM email_send'), 'message_id');
  expect(rows.map(r => [r.message_id, r.subject, r.pinpoint_campaign_id])).toEqual([
    ['legacy-0', 'Old news', 'CE0'],
    ['new-0', 'New news', null],
  ]);
  expect(rows[0].ingest_timestamp).toBe(`${hourFolder(LEGACY_HOUR_1).replace(/\//g, '-').replace(/-(\d\d)$/, ' $1')}:00:00`);
});

test('email_hardbounce unnests a legacy event\'s bounced recipients', async () => {
  const rows = await db.query('SELECT message_id, bounce_type, bounced_recipient_email_address, bounced_recipient_status FROM email_hardbounce');
  expect(rows).toEqual([{
    message_id: 'legacy-1', bounce_type: 'Permanent', bounced_recipient_email_address: 'gone@example.com', bounced_recipient_status: '5.1.1',
  }]);
});

test('sms_success and sms_failure read the legacy price from the old metrics struct', async () => {
  const success = sorted(await db.query('SELECT message_id, price_in_millicents_usd, pinpoint_campaign_id FROM sms_success'), 'message_id');
  expect(success).toEqual([
    { message_id: 'lm1', price_in_millicents_usd: 645, pinpoint_campaign_id: 'C1' },
    { message_id: 'nm1', price_in_millicents_usd: 500, pinpoint_campaign_id: 'C1' },
    { message_id: 'nm2', price_in_millicents_usd: 700, pinpoint_campaign_id: null },
  ]);
  expect(await db.query('SELECT message_id, price_in_millicents_usd FROM sms_failure'))
    .toEqual([{ message_id: 'lm2', price_in_millicents_usd: 300 }]);
  // A legacy event without a price reads NULL, as a new one does.
  expect(await db.query('SELECT message_id, price_in_millicents_usd FROM sms_buffered'))
    .toEqual([{ message_id: 'lm1', price_in_millicents_usd: null }]);
});

test('the SMS cost named query counts legacy and new messages, each once', async () => {
  const query = NAMED_QUERIES.find(q => q.name === 'SMS cost by campaign (last 30 days)')!;
  // C1: lm1 (645, legacy) + nm1 (500); no campaign: lm2 (300, legacy) + nm2 (700).
  expect(await db.query(query.sql)).toEqual([
    { campaign: 'C1', messages: '2', cost_in_millicents_usd: 1145 },
    { campaign: 'No campaign', messages: '2', cost_in_millicents_usd: 1000 },
  ]);
});

test('a custom event view reads legacy attributes; the legacy custom metric was never stored', async () => {
  await db.addView(customEventView('purchases', 'purchase_completed', { basket: 'basket' }, { amount: 'Amount' }));
  expect(await db.query('SELECT endpoint_id, basket, amount FROM purchases'))
    .toEqual([{ endpoint_id: 'buyer', basket: 'b-1', amount: null }]);
});

test('every view\'s computed column types still match its declaration when it reads both tables', async () => {
  for (const view of ALL_STANDARD_VIEWS) {
    const computed = await db.columns(`SELECT * FROM ${view.name}`);
    expect(computed).toEqual(renderView(view).columns.map(c => ({ name: c.name, trinoType: c.trinoType })));
  }
});

// Both tables prune in Trino (test/trino); DuckDB skips the new table's files, not the adopted table's, whose
// hour is derived from its text partition.
test('a one-day filter on ingest_timestamp prunes the new table\'s files in the local engine', async () => {
  expect(await db.filesRead('SELECT * FROM email_send')).toEqual({ read: 4, present: 4 });
  expect(await db.filesRead(`SELECT * FROM sms_success WHERE ${dayBounds(NEW_HOUR_2)}`)).toEqual({ read: 3, present: 4 });
  const oneDay = await db.query(`SELECT message_id FROM sms_success WHERE ${dayBounds(LEGACY_HOUR_1)}`);
  expect(oneDay).toEqual([{ message_id: 'lm1' }]);
});

test('the engine refuses a legacy prefix that overlaps the events prefix', async () => {
  const other = tempBucketDir('legacy-bad');
  try {
    await expect(LocalEventsDatabase.create(other.dir, { legacyPrefix: 'events/' })).rejects.toThrow(/legacyPrefix 'events\/'/);
    await expect(LocalEventsDatabase.create(other.dir, { legacyPrefix: 'old' })).rejects.toThrow(/must end with '\/'/);
  } finally {
    other.cleanup();
  }
});

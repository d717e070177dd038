/**
 * A filter on ingest_timestamp, written against a view, reaches the scan of all_events: only the objects of
 * the hours asked for are read, as partition pruning does in Athena.
 */
import { LocalEventsDatabase } from '../../local/engine';
import { generateEngagement } from '../../local/generate-events';
import { tempBucketDir } from '../local/temp-dir';

const HOURS_PER_DAY = 4;
const DAYS = 30;
const START = new Date('2026-10-01T00:00:00Z');

let db: LocalEventsDatabase;
let cleanup: () => void;
beforeAll(async () => {
  const bucket = tempBucketDir('pruning');
  cleanup = bucket.cleanup;
  db = await LocalEventsDatabase.create(bucket.dir);
  const batches = generateEngagement({ start: START, days: DAYS, hoursPerDay: HOURS_PER_DAY, emailsPerHour: 3 });
  await db.ingestBatches(batches);
});
afterAll(async () => {
  await db.close();
  cleanup();
});

const oneDay = (column = 'ingest_timestamp') => `${column} >= TIMESTAMP '2026-10-05 00:00:00' AND ${column} < TIMESTAMP '2026-10-06 00:00:00'`;
const ONE_DAY = oneDay();

test('one day of thirty through a view reads only that day\'s objects', async () => {
  const files = await db.filesRead(`SELECT count(*) FROM email_send WHERE ${ONE_DAY}`);
  expect(files).toEqual({ read: HOURS_PER_DAY, present: DAYS * HOURS_PER_DAY });
  expect(await db.query(`SELECT count(*) AS n FROM email_send WHERE ${ONE_DAY}`)).toEqual([{ n: String(HOURS_PER_DAY * 3) }]);
});

test('the same holds through a view that unnests recipients and through a join of two views', async () => {
  expect((await db.filesRead(`SELECT count(*) FROM email_hardbounce WHERE ${ONE_DAY}`)).read).toBe(HOURS_PER_DAY);
  const joined = await db.filesRead(`SELECT count(*) FROM email_send s JOIN email_open o ON o.message_id = s.message_id
    WHERE ${oneDay('s.ingest_timestamp')} AND ${oneDay('o.ingest_timestamp')}`);
  expect(joined.read).toBe(2 * HOURS_PER_DAY);
});

test('a relative filter (the last day) prunes too', async () => {
  const bucket = tempBucketDir('pruning-relative');
  const recent = await LocalEventsDatabase.create(bucket.dir);
  try {
    const start = new Date(Date.now() - 29 * 24 * 3_600_000);
    await recent.ingestBatches(generateEngagement({ start, days: 30, hoursPerDay: 1, emailsPerHour: 1 }));
    const files = await recent.filesRead("SELECT count(*) FROM email_send WHERE ingest_timestamp > current_timestamp - INTERVAL '36' HOUR");
    expect(files.present).toBe(30);
    expect(files.read).toBeGreaterThanOrEqual(1);
    expect(files.read).toBeLessThanOrEqual(2);
  } finally {
    await recent.close();
    bucket.cleanup();
  }
});

test('without a filter on ingest_timestamp every object is read', async () => {
  expect(await db.filesRead('SELECT count(*) FROM email_send')).toEqual({ read: DAYS * HOURS_PER_DAY, present: DAYS * HOURS_PER_DAY });
});

test('a filter on a converted column (event_timestamp) cannot prune: every object is read', async () => {
  const files = await db.filesRead(`SELECT count(*) FROM email_send WHERE ${oneDay('event_timestamp')}`);
  expect(files.read).toBe(DAYS * HOURS_PER_DAY);
});

/**
 * Partition pruning through the views, measured: 30 days of hourly objects in the local engine, then the
 * same questions asked with and without a filter on ingest_timestamp. Prints the objects each query reads
 * (from DuckDB's profile of the query) and its time.
 *
 *   npx tsx benchmarks/views.ts [hoursPerDay=24] [emailsPerHour=20]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalEventsDatabase } from '../local/engine';
import { generateEngagement } from '../local/generate-events';

const DAYS = 30;

async function main(): Promise<void> {
  const hoursPerDay = Number(process.argv[2] ?? 24);
  const emailsPerHour = Number(process.argv[3] ?? 20);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'views-benchmark-'));
  const db = await LocalEventsDatabase.create(dir);
  try {
    const batches = generateEngagement({ start: new Date('2026-10-01T00:00:00Z'), days: DAYS, hoursPerDay, emailsPerHour });
    const loadStart = performance.now();
    await db.ingestBatches(batches);
    const records = batches.reduce((n, b) => n + b.records.length, 0);
    console.log(`Loaded ${records} records into ${batches.length} Parquet objects (${DAYS} days x ${hoursPerDay} hours) in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

    const oneDay = (c: string) => `${c} >= TIMESTAMP '2026-10-05 00:00:00' AND ${c} < TIMESTAMP '2026-10-06 00:00:00'`;
    const cases: Array<[string, string]> = [
      ['email_send, one day by ingest_timestamp', `SELECT count(*) FROM email_send WHERE ${oneDay('ingest_timestamp')}`],
      ['email_send, one day by event_timestamp (no pruning)', `SELECT count(*) FROM email_send WHERE ${oneDay('event_timestamp')}`],
      ['email_send, no filter', 'SELECT count(*) FROM email_send'],
      ['email_hardbounce (unnests recipients), one day', `SELECT count(*) FROM email_hardbounce WHERE ${oneDay('ingest_timestamp')}`],
      ['email_send JOIN email_open, one day each', `SELECT count(*) FROM email_send s JOIN email_open o ON o.message_id = s.message_id WHERE ${oneDay('s.ingest_timestamp')} AND ${oneDay('o.ingest_timestamp')}`],
      ['sms_success, one day', `SELECT sum(price_in_millicents_usd) FROM sms_success WHERE ${oneDay('ingest_timestamp')}`],
    ];
    console.log('');
    console.log('| query | objects read | of | rows/result | time (ms, best of 3) |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const [name, sql] of cases) {
      const files = await db.filesRead(sql);
      let best = Infinity;
      let result: unknown;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        result = Object.values((await db.query(sql))[0])[0];
        best = Math.min(best, performance.now() - t);
      }
      console.log(`| ${name} | ${files.read} | ${files.present} | ${result} | ${best.toFixed(1)} |`);
    }
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

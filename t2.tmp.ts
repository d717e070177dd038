import { DuckDBInstance } from '@duckdb/node-api';
import * as fs from 'fs';
async function main() {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const q = async (s: string) => { try { const r = await c.runAndReadAll(s); console.log(s.slice(0,80), '=>', JSON.stringify(r.getRowObjectsJson()).slice(0,3000)); } catch (e) { console.log(s, 'ERR', (e as Error).message.split('\n')[0]); } };
  for (let d = 1; d <= 30; d++) {
    for (const h of ['03','17']) {
      const dir = `/tmp/vx/ev/events/2026/10/${String(d).padStart(2,'0')}/${h}`;
      fs.mkdirSync(dir, { recursive: true });
      await q(`COPY (SELECT ${d} AS d, [{'e':'x','s':'1'}] arr) TO '${dir}/part-0.parquet' (FORMAT parquet)`);
    }
  }
  await q(`SELECT UNNEST([{'e':'x','l':[1,2]}], max_depth := 2)`);
  await q(`SELECT UNNEST(['a','b'], max_depth := 2)`);
  await q(`CREATE VIEW all_events AS SELECT * EXCLUDE (filename), CAST(strptime(regexp_extract(filename, '/events/(\\d{4}/\\d{2}/\\d{2}/\\d{2})/[^/]*$', 1), '%Y/%m/%d/%H') AS TIMESTAMP_MS) AS ingest_timestamp FROM read_parquet('/tmp/vx/ev/events/*/*/*/*/*.parquet', filename = true)`);
  await q(`CREATE VIEW v AS SELECT d, ingest_timestamp FROM all_events WHERE d > 0`);
  await q(`EXPLAIN ANALYZE SELECT count(*) FROM v WHERE ingest_timestamp >= TIMESTAMP '2026-10-05 00:00:00' AND ingest_timestamp < TIMESTAMP '2026-10-06 00:00:00'`);
  await q(`SELECT count(*) FROM v WHERE ingest_timestamp >= TIMESTAMP '2026-10-05 00:00:00' AND ingest_timestamp < TIMESTAMP '2026-10-06 00:00:00'`);
}
main();

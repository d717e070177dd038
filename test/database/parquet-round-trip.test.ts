import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ALL_SAMPLES } from '../../fixtures/records/engagement-events';
import { ALL_FIXTURES } from '../../fixtures/records/index';
import { conformToColumns, LocalEventsDatabase } from '../../local/engine';
import { normalizeRecords } from '../../src/normalize/normalize-record';
import { EVENT_COLUMNS } from '../../src/schema/event-schema';

// Every record of every kind, converted to Parquet with all_events' declared schema and read back, column by
// column: what Firehose's conversion keeps is exactly what the table declares.
const SAMPLES: Array<[string, Record<string, unknown>]> = [
  ...ALL_SAMPLES.map((record): [string, Record<string, unknown>] => [String((record as { event_type: string }).event_type), record]),
  ...ALL_FIXTURES.map((f): [string, Record<string, unknown>] => [f.name, f.record]),
];
const ARRIVAL = new Date(Date.UTC(2026, 10, 22, 6, 17));

/** JSON with object keys sorted, so that two equal values print the same. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

describe('Parquet round trip with the table schema', () => {
  let dir: string;
  let db: LocalEventsDatabase;
  let rows: Array<Record<string, unknown>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'round-trip-'));
    db = await LocalEventsDatabase.create(dir);
    await db.ingest(SAMPLES.map(([, record]) => record), ARRIVAL);
    // One JSON document per row, every column of the table plus the partition column.
    rows = (await db.queryDuckDb('SELECT to_json(all_events) AS row FROM all_events'))
      .map(r => JSON.parse(String(r.row)));
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every sample lands once (a WhatsApp event once per message it reports), in the hour it arrived', () => {
    expect(rows).toHaveLength(SAMPLES.flatMap(([, record]) => normalizeRecords(record)).length);
    expect(new Set(rows.map(r => r.ingest_timestamp))).toEqual(new Set(['2026-11-22 06:00:00']));
  });

  test.each(SAMPLES.flatMap(([name, record]) => normalizeRecords(record).map((one, i, all): [string, Record<string, unknown>] =>
    [all.length > 1 ? `${name} #${i + 1}` : name, one])))('%s: every column reads back as the normalized record holds it', (_name, record) => {
    const expected = conformToColumns(record);
    const candidates = rows.filter(row => row.event_type === expected.event_type && row.event_timestamp === expected.event_timestamp
      && canonical(row.client) === canonical(expected.client));
    expect(candidates.length).toBeGreaterThan(0);
    const readBack = candidates.find(row => EVENT_COLUMNS.every(c => canonical(row[c.name]) === canonical(expected[c.name])));
    if (!readBack) {
      // Show the first differing column of the closest row.
      const row = candidates[0];
      const differing = EVENT_COLUMNS.find(c => canonical(row[c.name]) !== canonical(expected[c.name]))!;
      expect({ column: differing.name, value: row[differing.name] }).toEqual({ column: differing.name, value: expected[differing.name] });
    }
    // Nothing the record carries under a declared column is lost: non-NULL in, non-NULL out.
    for (const column of EVENT_COLUMNS) {
      if (expected[column.name] !== null) {
        expect(readBack![column.name]).not.toBeNull();
      }
    }
  });

  test('a field the schema does not hold is dropped from Parquet but kept in the raw copy', async () => {
    const withNewField = { ...ALL_SAMPLES[0], brand_new_field: { nested: 'kept' } } as Record<string, unknown>;
    const file = await db.ingest([withNewField], new Date(Date.UTC(2026, 10, 22, 7, 5)));
    const [row] = await db.queryDuckDb('SELECT to_json(all_events) AS row FROM all_events WHERE ingest_timestamp = TIMESTAMP \'2026-11-22 07:00:00\'');
    expect(Object.keys(JSON.parse(String(row.row)))).not.toContain('brand_new_field');

    const rawFolder = join(dir, 'raw', '2026', '11', '22', '07');
    const rawFiles = readdirSync(rawFolder);
    expect(rawFiles).toEqual([file.split('/').pop()!.replace(/\.parquet$/, '.json')]);
    const raw = readFileSync(join(rawFolder, rawFiles[0]), 'utf8').trim().split('\n').map(line => JSON.parse(line));
    expect(raw).toEqual([withNewField]);
  });
});

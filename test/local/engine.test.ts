/** The local engine's ingestion: the bucket layout, the table schema, and the JSON SerDe's key matching. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempBucketDir } from './temp-dir';
import { EMAIL_SEND } from '../../fixtures/records/engagement-events';
import { conformToColumns, hourFolder, LocalEventsDatabase } from '../../local/engine';
import { EVENT_COLUMNS } from '../../src/schema/event-schema';

let db: LocalEventsDatabase;
let bucket: { dir: string; cleanup: () => void };

beforeEach(async () => {
  bucket = tempBucketDir('engine');
  db = await LocalEventsDatabase.create(bucket.dir);
});
afterEach(async () => {
  await db.close();
  bucket.cleanup();
});

test('an empty database has all_events and every view, with no rows', async () => {
  expect(await db.query('SELECT count(*) AS n FROM all_events')).toEqual([{ n: '0' }]);
  expect(await db.query('SELECT count(*) AS n FROM email_send')).toEqual([{ n: '0' }]);
});

test('records land as Parquet in the folder of their UTC arrival hour', async () => {
  const file = await db.ingest([EMAIL_SEND], new Date('2026-01-02T03:59:59.999+01:00'));
  expect(path.relative(bucket.dir, file)).toMatch(/^events\/2026\/01\/02\/02\/[^/]+\.parquet$/);
  expect(fs.readFileSync(file).subarray(0, 4).toString()).toBe('PAR1');
  expect(await db.query('SELECT ingest_timestamp FROM all_events')).toEqual([{ ingest_timestamp: '2026-01-02 02:00:00' }]);
});

test('the Parquet file has exactly the table\'s declared columns', async () => {
  const file = await db.ingest([EMAIL_SEND], new Date('2026-01-02T03:00:00Z'));
  const schema = await db.queryDuckDb(`SELECT name FROM parquet_schema('${file}') WHERE name IN (${EVENT_COLUMNS.map(c => `'${c.name}'`).join(', ')})`);
  expect(schema.map(r => r.name)).toEqual(EVENT_COLUMNS.map(c => c.name));
  const described = await db.queryDuckDb(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
  expect(described.map(r => r.column_name)).toEqual(EVENT_COLUMNS.map(c => c.name));
});

test('keys match column and field names exactly (awsAccountId by its mapping), missing fields are NULL, unknown fields are dropped, map keys keep their case', async () => {
  await db.ingest([{
    event_type: 'custom.thing',
    event_timestamp: 1700000000123,
    awsAccountId: '111122223333',
    application: { app_id: 'app-1', unknownNested: 'x' },
    attributes: { MixedCase: 'kept', mixedcase: 'also kept' },
    metrics: { orderTotal: 12.5 },
    client_context: { custom: { CustomerTier: 'gold' } },
    notAColumn: 'dropped',
  }], new Date('2026-01-02T03:00:00Z'));
  const [row] = await db.query(`SELECT event_type, event_timestamp, awsaccountid, application.app_id AS app_id,
    application.title AS title, arrival_timestamp, element_at(attributes, 'MixedCase') AS tag,
    element_at(attributes, 'mixedcase') AS lower_tag, element_at(all_metrics, 'orderTotal') AS order_total,
    element_at(client_context.custom, 'CustomerTier') AS tier FROM all_events`);
  expect(row).toEqual({
    event_type: 'custom.thing',
    event_timestamp: '1700000000123',
    awsaccountid: '111122223333',
    app_id: 'app-1',
    title: null,
    arrival_timestamp: null,
    tag: 'kept',
    lower_tag: 'also kept',
    order_total: 12.5,
    tier: 'gold',
  });
  const columns = await db.queryDuckDb('DESCRIBE SELECT * FROM all_events');
  expect(columns.map(c => c.column_name)).not.toContain('notacolumn');
});

test('a key that differs from a column or field name only in case is dropped, as the case-sensitive SerDe drops it', () => {
  const row = conformToColumns({
    EVENT_TYPE: 'custom.thing',
    Application: { app_id: 'app-1' },
    client: { Client_Id: 'endpoint-1' },
    awsaccountid: '111122223333',
    attributes: { Basket: 'summer' },
  });
  expect(row).toMatchObject({
    event_type: null,
    application: null,
    client: { client_id: null, cognito_id: null },
    // The column is read from its mapped key, awsAccountId, only.
    awsaccountid: null,
    attributes: { Basket: 'summer' },
  });
});

test('scalars are coerced to the declared type as the SerDe would', () => {
  const row = conformToColumns({ event_type: 12, event_timestamp: '1700000000123', attributes: { n: 5 }, all_metrics: { price: '645.5', bad: 'x' } });
  expect(row).toMatchObject({ event_type: '12', event_timestamp: 1700000000123, attributes: { n: '5' }, all_metrics: { price: 645.5, bad: null } });
});

test('records of no known format are refused before anything is written', async () => {
  await expect(db.ingest([{ hello: 'world' }], new Date())).rejects.toThrow(/not a Pinpoint event stream record/);
});

test('hourFolder is the UTC hour', () => {
  expect(hourFolder(new Date('2026-12-31T23:30:00-02:00'))).toBe('2027/01/01/01');
});

/**
 * Every view and named query, run in a real Trino server (the engine Athena engine version 3 runs), over the
 * Glue table and views exactly as a synthesized template declares them, for three deployments:
 *
 * - default: partitions registered as the registrar registers them;
 * - projected: `PartitionStrategy.projected()`, the hours computed from the table's projection parameters;
 * - adopting: `legacyEvents` over an adopted deployment's files, the views reading both tables;
 * - iceberg: `TableFormat.ICEBERG`, the Iceberg table created by Trino's Iceberg connector from the template's
 *   declaration (schema and hour partition spec) and filled by an `INSERT INTO ... SELECT` from the default
 *   deployment's table, as an existing database moves to Iceberg: Trino writes Parquet data files into an Iceberg
 *   v2 table with microsecond timestamps, as Firehose does. Its views are the template's, read from the Hive
 *   catalog `awsdatacatalog` and redirected to the Iceberg table, as Athena reads both kinds from one Glue catalog.
 *
 * The Parquet files are written once by the local engine (from the fixtures of every source, over a few
 * arrival hours) and read by both engines: each view's and query's rows in Trino must be the rows DuckDB
 * returns for the same files. One Trino server serves the three deployments, one Glue database each. The
 * engagement dashboard's datasets run too, as QuickSight runs them: in no database, their SQL naming the views'.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  CatalogTable, catalogTables, CfnTemplate, decodePrestoView, IcebergTableDeclaration, icebergTables, localPath, TemplateResolver, writeFileMetastore,
} from './glue-catalog';
import { GUIDE_SHAPED_QUERIES } from './guide-queries';
import { registerHourPartitions } from './register-partitions';
import { CATALOG, ICEBERG_CATALOG, startTrino, TrinoQueryError, TrinoQueryStats, TrinoServer } from './trino-server';
import { canonicalRows, canonicalTypeName } from './trino-values';
import * as samples from '../../fixtures/records/engagement-events';
import { PINPOINT_FIXTURES, PINPOINT_SMS_FIXTURES, SES_FIXTURES, SMS_VOICE_FIXTURES, WHATSAPP_FIXTURES } from '../../fixtures/records/index';
import { hourFolder, LocalEventsDatabase } from '../../local/engine';
import { AnalyticsWorkgroup, EngagementDashboard, EventsBucket, EventsDatabase, EventsDatabaseProps, PartitionStrategy, TableFormat } from '../../src';
import { engagementDatasets } from '../../src/dashboards/dashboard-declaration';
import { mentionsValue } from '../../src/database/erasure';
import { EVENTS_PREFIX } from '../../src/database/layout';
import { EVENTS_TABLE_NAME } from '../../src/schema/event-schema';
import { LEGACY_EVENTS_TABLE_NAME } from '../../src/schema/legacy-schema';
import { ICEBERG_NAMED_QUERIES } from '../../src/views/named-queries';
import { ALL_STANDARD_VIEWS, customEventView } from '../../src/views/view-catalog';
import { quoteIdentifier } from '../../src/views/view-sql';
import { HOUR } from '../views/scenario';

const NOW = Date.now();
/** A few minutes into the whole hour `h` hours ago: every record of a batch lands in that hour's folder. */
const hoursAgo = (h: number) => new Date(Math.floor(NOW / HOUR) * HOUR - h * HOUR + 7 * 60_000);
/** The hour of `at` as a Trino timestamp(3) value. */
const hourValue = (at: Date) => `${new Date(Math.floor(at.getTime() / HOUR) * HOUR).toISOString().slice(0, 19).replace('T', ' ')}.000`;

/** Events this library writes: the fixtures of every source, over four arrival hours of the last three days. */
const PINPOINT_HOUR = hoursAgo(50);
const SES_HOUR = hoursAgo(26);
const SMS_VOICE_HOUR = hoursAgo(3);
const SAMPLES_HOUR = hoursAgo(2);
const BATCHES = [
  { arrivalTime: PINPOINT_HOUR, records: [...PINPOINT_FIXTURES, ...PINPOINT_SMS_FIXTURES].map(f => f.record) },
  { arrivalTime: SES_HOUR, records: SES_FIXTURES.map(f => f.record) },
  { arrivalTime: SMS_VOICE_HOUR, records: [...SMS_VOICE_FIXTURES, ...WHATSAPP_FIXTURES].map(f => f.record) },
  { arrivalTime: SAMPLES_HOUR, records: samples.ALL_SAMPLES },
];
/** An adopted deployment's history (Pinpoint records, in its own table schema), ten and nine days ago. */
const LEGACY_PINPOINT_HOUR = hoursAgo(240);
const LEGACY_SAMPLES_HOUR = hoursAgo(216);
const LEGACY_BATCHES = [
  { arrivalTime: LEGACY_PINPOINT_HOUR, records: [...PINPOINT_FIXTURES, ...PINPOINT_SMS_FIXTURES].map(f => f.record) },
  { arrivalTime: LEGACY_SAMPLES_HOUR, records: samples.ALL_SAMPLES },
];
/** When the adopted deployment started writing: the first hour its table projects. */
const LEGACY_FIRST_HOUR = hoursAgo(336);
/** Where the local engine keeps the adopted deployment's files. */
const LEGACY_PREFIX = 'legacy/events/';
const OLD_BUCKET = 'due-eventdb-adopted-example';

/** A custom-event view over the samples' custom event. */
const PURCHASES = {
  name: 'purchases',
  options: { eventType: 'purchase_completed', attributes: { basket: 'Basket', payment_method: 'PaymentMethod' }, metrics: { amount: 'Amount', items: 'Items' } },
};
const LOCAL_VIEWS = [
  ...ALL_STANDARD_VIEWS,
  customEventView(PURCHASES.name, PURCHASES.options.eventType, PURCHASES.options.attributes, PURCHASES.options.metrics),
];

interface Deployment {
  readonly name: string;
  readonly databaseName: string;
  readonly tables: readonly CatalogTable[];
  readonly views: readonly CatalogTable[];
  readonly namedQueries: ReadonlyArray<{ readonly name: string; readonly database: string; readonly sql: string }>;
  /** The dashboard's datasets: the ID of each physical table, its SQL and its declared QuickSight columns. */
  readonly dataSets: ReadonlyArray<{ readonly id: string; readonly sql: string; readonly columns: ReadonlyArray<{ Name: string; Type: string }> }>;
  readonly adopting: boolean;
  /** The first hour holding any of its events. */
  readonly firstHour: Date;
  /** Its Iceberg tables, which Trino's Iceberg connector creates from their declaration. */
  readonly icebergTables: readonly IcebergTableDeclaration[];
  /** An hour as the views return its `ingest_timestamp`: `timestamp(3)` on Parquet, `timestamp(6)` on Iceberg. */
  readonly ingestValue: (at: Date) => string;
}

/** Synthesizes an events database (with a custom-event view and the analytics workgroup) and reads its template. */
function deploy(name: string, props: (stack: Stack) => EventsDatabaseProps): Deployment {
  const stack = new Stack(new App(), `Trino${name}`, { env: { account: '111122223333', region: 'eu-west-1' } });
  const databaseProps = props(stack);
  const database = new EventsDatabase(stack, 'Events', databaseProps);
  database.views.addCustomEventView(PURCHASES.name, PURCHASES.options);
  const workgroup = new AnalyticsWorkgroup(stack, 'Analytics', { database });
  new EngagementDashboard(stack, 'Dashboard', { database, workgroup, viewers: ['arn:aws:quicksight:eu-west-1:111122223333:group/default/marketing'] });
  const template = Template.fromStack(stack).toJSON() as CfnTemplate;
  const tables = catalogTables(template);
  const resolver = new TemplateResolver(template);
  const namedQueries = Object.values(template.Resources)
    .filter(r => r.Type === 'AWS::Athena::NamedQuery')
    .map(r => r.Properties as { Name: unknown; Database: unknown; QueryString: unknown })
    .map(q => ({
      name: String(resolver.resolve(q.Name)),
      database: String(resolver.resolve(q.Database)),
      sql: String(resolver.resolve(q.QueryString)),
    }));
  type CustomSql = { SqlQuery: unknown; Columns: Array<{ Name: string; Type: string }> };
  const dataSets = Object.values(template.Resources)
    .filter(r => r.Type === 'AWS::QuickSight::DataSet')
    .flatMap(r => Object.entries((r.Properties as { PhysicalTableMap: Record<string, { CustomSql: CustomSql }> }).PhysicalTableMap))
    .map(([id, table]) => ({ id, sql: String(resolver.resolve(table.CustomSql.SqlQuery)), columns: table.CustomSql.Columns }));
  return {
    name,
    databaseName: database.databaseName,
    tables,
    views: tables.filter(t => t.tableType === 'VIRTUAL_VIEW'),
    namedQueries,
    dataSets,
    adopting: databaseProps.legacyEvents !== undefined,
    firstHour: databaseProps.legacyEvents !== undefined ? LEGACY_PINPOINT_HOUR : PINPOINT_HOUR,
    icebergTables: icebergTables(template),
    ingestValue: database.tableFormat === TableFormat.ICEBERG ? (at: Date) => `${hourValue(at)}000` : hourValue,
  };
}

const DEPLOYMENTS: readonly Deployment[] = [
  deploy('default', () => ({})),
  deploy('projected', () => ({ databaseName: 'due_eventdb_projected', partitionStrategy: PartitionStrategy.projected({ earliestHour: hourFolder(PINPOINT_HOUR) }) })),
  deploy('adopting', stack => ({
    databaseName: 'due_eventdb_adopting',
    legacyEvents: { bucket: s3.Bucket.fromBucketName(stack, 'OldEvents', OLD_BUCKET), earliestHour: hourFolder(LEGACY_FIRST_HOUR) },
  })),
  // A bucket of its own: Trino creates an Iceberg table only in an empty location.
  deploy('iceberg', stack => ({
    databaseName: 'due_eventdb_iceberg',
    tableFormat: TableFormat.ICEBERG,
    bucket: EventsBucket.fromBucket(s3.Bucket.fromBucketName(stack, 'IcebergEvents', 'iceberg-events')),
  })),
];
/** The deployment whose Parquet table the Iceberg tables are filled from. */
const SOURCE_DEPLOYMENT = DEPLOYMENTS[0];

let server: TrinoServer;
let current: LocalEventsDatabase;
let withLegacy: LocalEventsDatabase;
const temporary: string[] = [];
const figures: string[] = [];

const localEngine = (deployment: Deployment) => deployment.adopting ? withLegacy : current;
const query = (deployment: Deployment, sql: string) => server.query(sql, { schema: deployment.databaseName });

beforeAll(async () => {
  const mkdtemp = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    temporary.push(dir);
    return dir;
  };
  const localRoot = mkdtemp('trino-buckets-');
  const engineDir = mkdtemp('trino-local-engine-');
  // Trino starts while the local engine writes the files.
  const starting = startTrino({ localRoot, iceberg: true });
  starting.catch(() => undefined);
  current = await LocalEventsDatabase.create(engineDir, { views: LOCAL_VIEWS });
  await current.ingestBatches(BATCHES);
  withLegacy = await LocalEventsDatabase.create(engineDir, { views: LOCAL_VIEWS, legacyPrefix: LEGACY_PREFIX });
  await withLegacy.ingestLegacyBatches(LEGACY_BATCHES);
  server = await starting;
  figures.push(`Trino ${server.version} started in ${(server.startMillis / 1000).toFixed(1)} s`);

  for (const deployment of DEPLOYMENTS) {
    writeFileMetastore(localRoot, deployment.tables, server.version);
    for (const stored of deployment.tables.filter(t => t.tableType === 'EXTERNAL_TABLE')) {
      // The same Parquet files at each table's location: the adopted deployment's in the old bucket, the
      // events everywhere else.
      const adopted = stored.location!.startsWith(`local:///${OLD_BUCKET}/`);
      fs.cpSync(path.join(engineDir, adopted ? LEGACY_PREFIX : EVENTS_PREFIX), localPath(localRoot, stored.location!), { recursive: true });
      if (stored.parameters['projection.enabled'] !== 'true') {
        await registerHourPartitions(server, stored, localRoot);
      }
    }
    for (const table of deployment.icebergTables) {
      await createIcebergTable(table);
    }
  }
}, 900_000);

/**
 * The first statement that needs a worker may come before the server's own node has announced itself (the
 * statements before it are the coordinator's alone): it is retried while Trino answers NO_NODES_AVAILABLE.
 */
async function whenNodesAvailable<T>(run: () => Promise<T>, deadline = Date.now() + 60_000): Promise<T> {
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof TrinoQueryError && error.errorName === 'NO_NODES_AVAILABLE') || Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }
}

/**
 * Creates an Iceberg table as the template declares it and fills it from the source deployment's Parquet table,
 * one INSERT: Trino writes a Parquet data file per hour partition and commits them as one snapshot.
 */
async function createIcebergTable(table: IcebergTableDeclaration): Promise<void> {
  const began = Date.now();
  const name = `${ICEBERG_CATALOG}.${quoteIdentifier(table.databaseName)}.${quoteIdentifier(table.name)}`;
  const columns = table.columns.map(c => `${quoteIdentifier(c.name)} ${c.trinoType}`).join(',\n  ');
  await server.query(`CREATE TABLE ${name} (\n  ${columns}\n) WITH (format = 'PARQUET', format_version = ${table.formatVersion}, `
    + `location = '${table.location}', partitioning = ARRAY[${table.partitioning.map(p => `'${p}'`).join(', ')}])`);
  const insert = `INSERT INTO ${name} SELECT ${table.columns.map(c => quoteIdentifier(c.name)).join(', ')} `
    + `FROM ${CATALOG}.${quoteIdentifier(SOURCE_DEPLOYMENT.databaseName)}.${quoteIdentifier(EVENTS_TABLE_NAME)}`;
  const inserted = await whenNodesAvailable(() => server.query(insert));
  figures.push(`iceberg: ${table.name} created and ${inserted.rows[0].rows} rows inserted in ${((Date.now() - began) / 1000).toFixed(1)} s`);
}

afterAll(async () => {
  await server?.stop();
  await current?.close();
  await withLegacy?.close();
  for (const dir of temporary) fs.rmSync(dir, { recursive: true, force: true });
  if (figures.length > 0) console.log(figures.join('\n'));
}, 300_000);

/** The QuickSight column type a Trino type is read as. */
function quickSightType(trinoType: string): string {
  if (/^(bigint|integer|smallint|tinyint)$/.test(trinoType)) return 'INTEGER';
  if (/^(double|real|decimal)/.test(trinoType)) return 'DECIMAL';
  if (trinoType.startsWith('timestamp')) return 'DATETIME';
  if (trinoType.startsWith('varchar')) return 'STRING';
  return `unsupported: ${trinoType}`;
}

/** Expressions that queries written for the guide's `all_events` use (field paths of its table). */
const GUIDE_EXPRESSIONS = [
  'metrics.price_in_millicents_usd',
  "device.platform['name']",
  "session['session_id']",
  'facets.email_channel.mail_event.click.link_tags.unsubscribeLinkTag',
  'element_at(facets.email_channel.mail_event.mail.destination, 1)',
  "client_context.custom['endpoint']",
];

describe.each(DEPLOYMENTS.map(d => [d.name, d] as [string, Deployment]))('%s deployment', (deploymentName, deployment) => {
  const views = deployment.views.map(v => [v.name, v] as [string, CatalogTable]);
  let began: number;
  beforeAll(() => {
    began = Date.now();
  });
  afterAll(() => {
    figures.push(`${deploymentName}: its tests took ${((Date.now() - began) / 1000).toFixed(1)} s`);
  });

  test('the template declares every view of the local engine, and its own database', () => {
    // With projected partitions, all_events itself is a view too.
    const others = deployment.views.map(v => v.name).filter(name => name !== EVENTS_TABLE_NAME);
    expect(others.sort()).toEqual(LOCAL_VIEWS.map(v => v.name).sort());
    expect(new Set(deployment.tables.map(t => t.databaseName))).toEqual(new Set([deployment.databaseName]));
  });

  test.each(views)('view %s is a Trino view as Trino reads the Glue catalog: presto_view, and "Presto View" as its comment', (_name, view) => {
    // Trino's Glue metastore makes a table's Glue description its comment, and takes a VIRTUAL_VIEW for a
    // Trino (Athena) view only when presto_view is "true" and the comment is "Presto View": a view whose
    // description says anything else does not exist for Trino.
    const comment = view.description ?? view.parameters.comment;
    expect({ presto_view: view.parameters.presto_view, comment }).toEqual({ presto_view: 'true', comment: 'Presto View' });
  });

  test.each(views)('view %s declares exactly the column names and types Trino computes for its SQL', async (_name, view) => {
    const declared = decodePrestoView(view.viewOriginalText!);
    expect({ catalog: declared.catalog, schema: declared.schema }).toEqual({ catalog: CATALOG, schema: deployment.databaseName });
    const computed = await server.query(`SELECT * FROM (\n${declared.originalSql}\n) LIMIT 0`, { schema: declared.schema });
    expect(computed.columns.map(c => `${c.name} ${canonicalTypeName(c.type)}`))
      .toEqual(declared.columns.map(c => `${c.name} ${canonicalTypeName(c.type)}`));
  });

  // From the first hour of data on, which is every row: a projected table would otherwise make each query list
  // every hour since the start of its range (2020 by default, about 60,000 hours, seconds each in Trino).
  test.each(views)('view %s returns in Trino the rows the local engine returns for the same files', async (name) => {
    const sql = `SELECT * FROM ${quoteIdentifier(name)} WHERE ingest_timestamp >= TIMESTAMP '${hourValue(deployment.firstHour)}'`;
    const trino = await query(deployment, sql);
    const local = await localEngine(deployment).query(sql);
    expect(trino.rows.length).toBeGreaterThan(0);
    expect(canonicalRows(trino.rows, trino.columns)).toEqual(canonicalRows(local, trino.columns));
  });

  test('a view read without any filter returns every row', async () => {
    const trino = await query(deployment, 'SELECT * FROM email_send');
    const local = await localEngine(deployment).query('SELECT * FROM email_send');
    expect(canonicalRows(trino.rows, trino.columns)).toEqual(canonicalRows(local, trino.columns));
  });

  test('the values of AWS\'s samples come out of the views as the data dictionary says', async () => {
    const [click] = (await query(deployment, 'SELECT * FROM email_click WHERE endpoint_id = \'49c1413e-a69c-46dc-b1c4-6470eexample\' '
      + `AND ingest_timestamp = TIMESTAMP '${hourValue(SAMPLES_HOUR)}'`)).rows;
    expect(click).toMatchObject({
      event_timestamp: '2019-08-01 00:17:01.380',
      arrival_timestamp: '2019-08-01 00:18:33.751',
      message_id: '0200000073rnbmd1-mbvdg3uo-q8ia-m3ku-ibd3-ms77kexample-000000',
      destination: ['recipient@example.com'],
      link: 'https://aws.amazon.com/pinpoint/',
      message_tags: { feedback: 'https://aws.amazon.com/pinpoint/' },
      ingest_timestamp: deployment.ingestValue(SAMPLES_HOUR),
    });
    const sms = (await query(deployment, 'SELECT price_in_millicents_usd, message_tags, ingest_timestamp FROM sms_success '
      + 'WHERE message_id = \'1111-2222-3333\' ORDER BY ingest_timestamp')).rows;
    const expected = { price_in_millicents_usd: 645, message_tags: { mycustomerid: '4', region: 'emea' } };
    expect(sms).toEqual([
      // The adopted deployment's price is read from its metrics struct.
      ...deployment.adopting ? [{ ...expected, ingest_timestamp: deployment.ingestValue(LEGACY_SAMPLES_HOUR) }] : [],
      { ...expected, ingest_timestamp: deployment.ingestValue(SAMPLES_HOUR) },
    ]);
  });

  test('the custom-event view reads the event\'s attributes and metrics', async () => {
    const rows = (await query(deployment, `SELECT * FROM ${PURCHASES.name} ORDER BY ingest_timestamp`)).rows;
    const purchase = {
      endpoint_id: 'app-endpoint-1', basket: 'summer', payment_method: 'card', event_timestamp: '2023-11-14 22:13:20.123',
    };
    expect(rows).toEqual([
      // The adopted deployment kept no custom metric: its metrics held only the SMS price.
      ...deployment.adopting
        ? [expect.objectContaining({ ...purchase, amount: null, items: null, ingest_timestamp: deployment.ingestValue(LEGACY_SAMPLES_HOUR) })]
        : [],
      expect.objectContaining({ ...purchase, amount: 42.5, items: 3, ingest_timestamp: deployment.ingestValue(SAMPLES_HOUR) }),
    ]);
  });

  // The erasure query deletes rows: it has a test of its own, after every read of the table.
  const readingQueries = deployment.namedQueries.filter(q => !ICEBERG_NAMED_QUERIES.some(e => e.name === q.name));
  test.each(readingQueries.map(q => [q.name, q] as [string, Deployment['namedQueries'][number]]))(
    'named query "%s" runs in its database and returns the rows the local engine returns', async (_name, named) => {
      expect(named.database).toBe(deployment.databaseName);
      const trino = await server.query(named.sql, { schema: named.database });
      const local = await localEngine(deployment).query(named.sql);
      expect(canonicalRows(trino.rows, trino.columns)).toEqual(canonicalRows(local, trino.columns));
    });

  test.each(deployment.dataSets.map(d => [d.id, d] as [string, Deployment['dataSets'][number]]))(
    'dashboard dataset %s runs in no database, returns rows of the columns it declares to QuickSight, and the local engine\'s rows', async (id, dataSet) => {
      const trino = await server.query(dataSet.sql);
      expect(trino.rows.length).toBeGreaterThan(0);
      expect(trino.columns.map(c => `${c.name} ${quickSightType(c.type)}`)).toEqual(dataSet.columns.map(c => `${c.Name} ${c.Type}`));
      // The local engine runs the same declaration with the views in its session's database.
      const local = await localEngine(deployment).query(engagementDatasets(90).find(d => d.id === id)!.sql);
      expect(canonicalRows(trino.rows, trino.columns)).toEqual(canonicalRows(local, trino.columns));
    });

  test('a one-hour ingest_timestamp filter through a view reads only that hour\'s files', async () => {
    const start = hourValue(SES_HOUR);
    const end = hourValue(new Date(SES_HOUR.getTime() + HOUR));
    const oneHour = await query(deployment,
      `SELECT count(*) AS sends FROM email_send WHERE ingest_timestamp >= TIMESTAMP '${start}' AND ingest_timestamp < TIMESTAMP '${end}'`);
    const everything = await query(deployment, 'SELECT count(*) AS sends FROM email_send');
    const read = (stats: TrinoQueryStats) => `${stats.processedRows} rows, ${stats.processedBytes} bytes, ${stats.totalSplits} splits`;
    figures.push(`${deploymentName}: email_send over the hour ${start} read ${read(oneHour.stats)}; without a filter ${read(everything.stats)}`);
    const local = await localEngine(deployment).query(
      `SELECT count(*) AS sends FROM email_send WHERE ingest_timestamp >= TIMESTAMP '${start}' AND ingest_timestamp < TIMESTAMP '${end}'`);
    expect(oneHour.rows[0].sends).toBe(Number(local[0].sends));
    // The files of that hour hold the SES events only: every row read is one of them.
    expect(oneHour.stats.processedRows).toBe(SES_FIXTURES.length);
    expect(everything.stats.processedRows).toBeGreaterThan(oneHour.stats.processedRows);
  });

  test.each(GUIDE_SHAPED_QUERIES.map(q => [q.name, q.sql]))(
    'SQL written for the solution\'s all_events runs unchanged: %s', async (_name, sql) => {
      const trino = await query(deployment, sql);
      const local = await localEngine(deployment).query(sql);
      expect(trino.rows.length).toBeGreaterThan(0);
      expect(trino.rows.some(row => Object.values(row).some(value => value !== null && value !== 0))).toBe(true);
      expect(canonicalRows(trino.rows, trino.columns)).toEqual(canonicalRows(local, trino.columns));
    });

  const guideTables = deployment.adopting ? [EVENTS_TABLE_NAME, LEGACY_EVENTS_TABLE_NAME] : [EVENTS_TABLE_NAME];
  test.each(guideTables.flatMap(t => GUIDE_EXPRESSIONS.map(e => [e, t])))(
    'the guide\'s expression %s is valid over %s', async (expression, tableName) => {
      await query(deployment, `SELECT ${expression} FROM ${quoteIdentifier(tableName)} LIMIT 0`);
    });
});


describe('erasure on the Iceberg table', () => {
  const deployment = DEPLOYMENTS.find(d => d.icebergTables.length > 0)!;
  const [erasureQuery] = ICEBERG_NAMED_QUERIES;
  /** The example value the saved query holds: the recipient of AWS's sample events. */
  const ADDRESS = 'recipient@example.com';
  /** What may hold an address, as JSON text: what the erasure rule reads. */
  const MATCHED_TEXT = 'json_format(CAST(ROW(attributes, client_context, facets) AS JSON))';

  test('only the Iceberg database saves the erasure query, after the others', () => {
    for (const other of DEPLOYMENTS.filter(d => d !== deployment)) {
      expect(other.namedQueries.map(q => q.name)).not.toContain(erasureQuery.name);
    }
    expect(deployment.namedQueries.map(q => q.name).at(-1)).toBe(erasureQuery.name);
    expect(deployment.namedQueries.at(-1)!.sql).toContain(`'${ADDRESS}'`);
  });

  test('the saved erasure query deletes every event naming the address, and only those; the views then show none', async () => {
    const rowsBefore = (await query(deployment, `SELECT ${MATCHED_TEXT} AS text FROM ${EVENTS_TABLE_NAME}`)).rows;
    // The repair command's implementation of the rule, over the same text, says which rows must go.
    const naming = rowsBefore.filter(row => mentionsValue(String(row.text), ADDRESS)).length;
    const sendsBefore = await query(deployment, `SELECT count(*) AS n FROM email_send WHERE contains(destination, '${ADDRESS}')`);
    expect(naming).toBeGreaterThan(0);
    expect(sendsBefore.rows[0].n).toBeGreaterThan(0);

    const began = Date.now();
    const erased = await query(deployment, deployment.namedQueries.at(-1)!.sql);
    figures.push(`iceberg: the erasure query deleted ${erased.rows[0].rows} of ${rowsBefore.length} rows in ${((Date.now() - began) / 1000).toFixed(1)} s`);
    expect(erased.rows[0].rows).toBe(naming);

    const rowsAfter = (await query(deployment, `SELECT ${MATCHED_TEXT} AS text FROM ${EVENTS_TABLE_NAME}`)).rows;
    expect(rowsAfter).toHaveLength(rowsBefore.length - naming);
    expect(rowsAfter.filter(row => mentionsValue(String(row.text), ADDRESS))).toEqual([]);
    expect(rowsAfter.filter(row => String(row.text).toLowerCase().includes(ADDRESS))).toEqual([]);
    const sendsAfter = await query(deployment, `SELECT count(*) AS n FROM email_send WHERE contains(destination, '${ADDRESS}')`);
    expect(sendsAfter.rows[0].n).toBe(0);
    const eventsAfter = await query(deployment, `SELECT count(*) AS n FROM message_events WHERE lower(to_address) LIKE '%${ADDRESS}%'`);
    expect(eventsAfter.rows[0].n).toBe(0);
  });
});

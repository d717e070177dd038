/**
 * The events database on a laptop: the same records, the same Parquet layout, the same table schema and the
 * same view SQL as in the cloud, run by embedded DuckDB.
 *
 *   records → normalizeRecords (the processor Lambda's own code; a WhatsApp event may give several)
 *           → Parquet written with all_events' declared schema, keys matched as Firehose's OpenX JSON SerDe
 *             matches them (exactly, awsAccountId mapped; missing → NULL; unknown → dropped; map keys kept)
 *           → <dir>/events/yyyy/MM/dd/HH/*.parquet (the bucket layout), and every record as it arrived
 *             in <dir>/raw/yyyy/MM/dd/HH/*.json (the source-record backup)
 *           → all_events (ingest_timestamp derived from the hour folder, as partition projection does)
 *           → the views, from the very Trino SQL the Glue views store, through the dialect shim
 *
 * With `legacyPrefix`, Parquet files an adopted deployment of the Digital User Engagement Events Database wrote
 * in its own schema under <dir>/<legacyPrefix>yyyy/MM/dd/HH/ (`ingestLegacyBatches` writes such files) are read
 * as all_events_legacy, and the views read both tables, as the Glue views do when EventsDatabase adopts such a
 * deployment.
 *
 * Lives outside the published library: DuckDB is a development dependency only.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckDbTypeToTrino, SESSION_SETUP, trinoToDuckDb } from './trino-dialect';
import { EVENTS_PREFIX, isKeyPrefix, RAW_PREFIX } from '../src/database/layout';
import { normalizeRecords } from '../src/normalize/normalize-record';
import {
  EVENT_COLUMNS, EVENTS_TABLE_NAME, INGEST_HOUR, INGEST_TIMESTAMP, SchemaField, SchemaType, toDuckDbType,
} from '../src/schema/event-schema';
import { LEGACY_EVENT_COLUMNS, LEGACY_EVENTS_TABLE_NAME } from '../src/schema/legacy-schema';
import { ALL_STANDARD_VIEWS, ViewDeclaration } from '../src/views/view-catalog';
import { quoteIdentifier, renderViewSql } from '../src/views/view-sql';

/** A row as the engine returns it: JSON-friendly values (BIGINTs and timestamps as strings, maps as key/value lists). */
export type Row = Record<string, unknown>;

/** A result column with its type as Trino would name it. */
export interface ResultColumn {
  readonly name: string;
  readonly trinoType: string;
}

export interface LocalEventsDatabaseOptions {
  /** Views to create; defaults to every standard view. */
  readonly views?: readonly ViewDeclaration[];
  /**
   * Also read the Parquet files of an adopted deployment (written with the legacy schema) under this prefix of
   * the directory, e.g. `legacy/events/`, as `all_events_legacy`; the views then read both tables.
   */
  readonly legacyPrefix?: string;
}

/** The hour folder of a file in the layout, e.g. `.../events/2026/11/22/06/x.parquet` → `2026/11/22/06`. */
const HOUR_FOLDER_REGEX = '(\\d{4}/\\d{2}/\\d{2}/\\d{2})/[^/]+$';

export class LocalEventsDatabase {
  /** Opens (or starts) a local events database whose "bucket" is the directory `dir`. */
  static async create(dir: string, options: LocalEventsDatabaseOptions = {}): Promise<LocalEventsDatabase> {
    const legacyPrefix = options.legacyPrefix;
    if (legacyPrefix !== undefined && (!isKeyPrefix(legacyPrefix) || legacyPrefix.startsWith(EVENTS_PREFIX))) {
      throw new Error(`LocalEventsDatabase: legacyPrefix '${legacyPrefix}' must end with '/', not start with '/', and lie outside '${EVENTS_PREFIX}'`);
    }
    fs.mkdirSync(path.join(dir, EVENTS_PREFIX), { recursive: true });
    const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
    const connection = await instance.connect();
    for (const statement of SESSION_SETUP) {
      await connection.run(statement);
    }
    const db = new LocalEventsDatabase(path.resolve(dir), instance, connection, options.views ?? ALL_STANDARD_VIEWS, options.legacyPrefix);
    await db.refresh();
    return db;
  }

  private readonly views: ViewDeclaration[];
  private files = 0;

  private constructor(
    /** The directory standing for the events bucket. */
    readonly dir: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    views: readonly ViewDeclaration[],
    /** Prefix of the adopted deployment's Parquet files, when there is one. */
    readonly legacyPrefix?: string,
  ) {
    this.views = [...views];
  }

  /**
   * Delivers records as the delivery stream would: each is normalized, conformed to the table schema and
   * written as one Parquet object in the folder of the arrival hour (UTC). Returns the object's path.
   */
  async ingest(records: readonly unknown[], arrivalTime: Date): Promise<string> {
    const [file] = await this.ingestBatches([{ records, arrivalTime }]);
    return file;
  }

  /** Delivers several buffers (one Parquet object each), refreshing the views once at the end. */
  async ingestBatches(batches: ReadonlyArray<{ readonly records: readonly unknown[]; readonly arrivalTime: Date }>): Promise<string[]> {
    const files: string[] = [];
    for (const batch of batches) {
      files.push(await this.writeObject(batch.records, batch.arrivalTime));
    }
    await this.refresh();
    return files;
  }

  /**
   * Writes Parquet objects as an adopted deployment of the Digital User Engagement Events Database wrote them:
   * its Pinpoint-shaped records conformed to the legacy table's schema (`metrics` a struct of the SMS price,
   * ...), one object per batch in the hour folder of its arrival under `legacyPrefix`, then refreshes the views.
   */
  async ingestLegacyBatches(
    batches: ReadonlyArray<{ readonly records: readonly Record<string, unknown>[]; readonly arrivalTime: Date }>,
  ): Promise<string[]> {
    if (this.legacyPrefix === undefined) {
      throw new Error('LocalEventsDatabase: ingestLegacyBatches needs a database created with legacyPrefix');
    }
    const files: string[] = [];
    for (const batch of batches) {
      const folder = path.join(this.dir, this.legacyPrefix, hourFolder(batch.arrivalTime));
      const rows = batch.records.map(r => conformStruct(r, LEGACY_EVENT_COLUMNS));
      files.push(await this.writeParquet(rows, LEGACY_EVENT_COLUMNS, folder, `legacy-firehose-${batch.arrivalTime.getTime()}-${randomUUID()}`));
    }
    await this.refresh();
    return files;
  }

  private async writeObject(records: readonly unknown[], arrivalTime: Date): Promise<string> {
    const rows = records.flatMap(r => normalizeRecords(r)).map(conformToColumns);
    const stamp = arrivalTime.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const objectName = `events-1-${stamp}-${randomUUID()}`;
    // The source-record backup: every record exactly as it arrived, before processing and conversion.
    const rawFolder = path.join(this.dir, RAW_PREFIX, hourFolder(arrivalTime));
    fs.mkdirSync(rawFolder, { recursive: true });
    fs.writeFileSync(path.join(rawFolder, `${objectName}.json`), records.map(r => JSON.stringify(r)).join('\n') + '\n');
    return this.writeParquet(rows, EVENT_COLUMNS, path.join(this.dir, EVENTS_PREFIX, hourFolder(arrivalTime)), objectName);
  }

  /** Writes rows already conformed to `columns` as one Snappy Parquet object `<folder>/<objectName>.parquet` with those column types. */
  private async writeParquet(
    rows: readonly Record<string, unknown>[], columns: readonly SchemaField[], folder: string, objectName: string,
  ): Promise<string> {
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, `${objectName}.parquet`);
    const staging = `${file}.ndjson`;
    fs.writeFileSync(staging, rows.map(r => JSON.stringify(r)).join('\n') + '\n');
    try {
      const types = columns.map(c => `${sqlLiteral(c.name)}: ${sqlLiteral(toDuckDbType(c.type))}`).join(', ');
      const select = columns.map(c => quoteIdentifier(c.name)).join(', ');
      await this.connection.run(
        `COPY (SELECT ${select} FROM read_json(${sqlLiteral(staging)}, format = 'newline_delimited', `
        + `columns = {${types}})) TO ${sqlLiteral(file)} (FORMAT parquet, COMPRESSION snappy)`);
    } finally {
      fs.rmSync(staging, { force: true });
    }
    return file;
  }

  /**
   * How many Parquet objects a Trino query reads, and how many it could have read, as DuckDB's profile of
   * the query reports them (files skipped by a filter on the hour folder are never opened).
   */
  async filesRead(trinoSql: string): Promise<{ read: number; present: number }> {
    const rows = await this.queryDuckDb(`EXPLAIN ANALYZE ${trinoToDuckDb(trinoSql)}`);
    const profile = rows.map(r => String(r.explain_value ?? '')).join('\n');
    const read = [...profile.matchAll(/Total Files Read:\s*(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    return { read, present: this.parquetFilesPresent() };
  }

  /** Adds a view (e.g. a custom event view) and creates it. */
  async addView(view: ViewDeclaration): Promise<void> {
    this.views.push(view);
    await this.createView(view);
  }

  /** Runs Trino SQL (translated by the dialect shim) and returns its rows. */
  async query(trinoSql: string): Promise<Row[]> {
    const result = await this.connection.runAndReadAll(trinoToDuckDb(trinoSql));
    return result.getRowObjectsJson() as Row[];
  }

  /** The columns of a Trino query's result, with their types named as Trino names them. */
  async columns(trinoSql: string): Promise<ResultColumn[]> {
    const result = await this.connection.runAndReadAll(`DESCRIBE ${trinoToDuckDb(trinoSql)}`);
    return result.getRowObjectsJson().map(r => ({
      name: String(r.column_name),
      trinoType: duckDbTypeToTrino(String(r.column_type)),
    }));
  }

  /** Runs DuckDB SQL as is (for measurements such as EXPLAIN ANALYZE). */
  async queryDuckDb(sql: string): Promise<Row[]> {
    const result = await this.connection.runAndReadAll(sql);
    return result.getRowObjectsJson() as Row[];
  }

  /** The view's SQL as DuckDB runs it. */
  duckDbSqlOf(view: ViewDeclaration): string {
    return trinoToDuckDb(renderViewSql(view, EVENTS_TABLE_NAME, this.legacyPrefix === undefined ? undefined : LEGACY_EVENTS_TABLE_NAME));
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Parquet objects present under the events prefix and, when set, the legacy prefix. */
  private parquetFilesPresent(): number {
    return countParquetFiles(path.join(this.dir, EVENTS_PREFIX))
      + (this.legacyPrefix === undefined ? 0 : countParquetFiles(path.join(this.dir, this.legacyPrefix)));
  }

  /** (Re)creates all_events (and all_events_legacy) over the files present, then every view. */
  private async refresh(): Promise<void> {
    const present = this.parquetFilesPresent();
    if (present === this.files && present > 0) return;
    this.files = present;
    await this.connection.run(`CREATE OR REPLACE VIEW ${quoteIdentifier(EVENTS_TABLE_NAME)} AS ${this.tableSource(EVENTS_PREFIX, EVENT_COLUMNS)}`);
    if (this.legacyPrefix !== undefined) {
      await this.connection.run(`CREATE OR REPLACE VIEW ${quoteIdentifier(LEGACY_EVENTS_TABLE_NAME)} AS ${this.tableSource(this.legacyPrefix, LEGACY_EVENT_COLUMNS, 'hour folder')}`);
    }
    for (const view of this.views) {
      await this.createView(view);
    }
  }

  /**
   * A table over the hour folders under `prefix` with its partition column, as its Glue table declares it: the
   * hour as `ingest_timestamp` where partitions are registered (`all_events`), the folder itself as `ingest_hour`
   * where they are projected (the adopted deployment's table).
   */
  private tableSource(prefix: string, tableColumns: readonly SchemaField[], partition: 'timestamp' | 'hour folder' = 'timestamp'): string {
    const glob = path.join(this.dir, prefix, '*', '*', '*', '*', '*.parquet');
    const columns = tableColumns.map(c => quoteIdentifier(c.name)).join(', ');
    const folder = `regexp_extract(filename, ${sqlLiteral(HOUR_FOLDER_REGEX)}, 1)`;
    // Athena reads the Hive `timestamp` partition column as timestamp(3): TIMESTAMP_MS here.
    const [name, value, type] = partition === 'timestamp'
      ? [INGEST_TIMESTAMP.name, `CAST(strptime(${folder}, '%Y/%m/%d/%H') AS TIMESTAMP_MS)`, 'TIMESTAMP_MS']
      : [INGEST_HOUR.name, folder, 'VARCHAR'];
    return countParquetFiles(path.join(this.dir, prefix)) > 0
      ? `SELECT ${columns}, ${value} AS ${name} FROM read_parquet(${sqlLiteral(glob)}, filename = true)`
      : `SELECT ${tableColumns.map(c => `CAST(NULL AS ${toDuckDbType(c.type)}) AS ${quoteIdentifier(c.name)}`).join(', ')}, `
        + `CAST(NULL AS ${type}) AS ${name} WHERE false`;
  }

  private async createView(view: ViewDeclaration): Promise<void> {
    await this.connection.run(`CREATE OR REPLACE VIEW ${quoteIdentifier(view.name)} AS ${this.duckDbSqlOf(view)}`);
  }
}

function countParquetFiles(root: string): number {
  if (!fs.existsSync(root)) return 0;
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter(f => f.endsWith('.parquet')).length;
}

/** `yyyy/MM/dd/HH` of a UTC instant, as Firehose names the arrival-hour folder. */
export function hourFolder(time: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time.getUTCFullYear()}/${pad(time.getUTCMonth() + 1)}/${pad(time.getUTCDate())}/${pad(time.getUTCHours())}`;
}

function sqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Shapes a JSON record into the table's columns as the delivery stream's OpenX JSON SerDe does (configured
 * case-sensitive, with the schema's column → key mappings): a column is read from its `jsonKey` if it has one,
 * otherwise from the key equal to its name, and a struct field from the key equal to its name. Matching is
 * exact, so a key differing from a name only in case is unknown. Missing fields are NULL, unknown fields are
 * dropped, and scalars are coerced to the declared type where the SerDe would (a number into a string column
 * becomes its text). Map keys are data and are kept exactly.
 */
export function conformToColumns(record: Record<string, unknown>): Record<string, unknown> {
  return conformStruct(record, EVENT_COLUMNS);
}

function conformStruct(value: Record<string, unknown>, fields: readonly SchemaField[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const key = f.jsonKey ?? f.name;
    out[f.name] = conformValue(Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined, f.type);
  }
  return out;
}

export function conformValue(value: unknown, type: SchemaType): unknown {
  if (value === undefined || value === null) return null;
  switch (type.kind) {
    case 'struct':
      return isObject(value) ? conformStruct(value, type.fields) : null;
    case 'map':
      return isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, conformValue(v, type.value)]))
        : null;
    case 'array':
      return Array.isArray(value) ? value.map(v => conformValue(v, type.element)) : null;
    case 'primitive':
      switch (type.name) {
        case 'string':
          return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
        case 'bigint':
        case 'int': {
          const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
          return Number.isFinite(n) ? Math.trunc(n) : null;
        }
        case 'double': {
          const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
          return Number.isFinite(n) ? n : null;
        }
        case 'boolean':
          return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : null;
        case 'timestamp':
          return typeof value === 'string' || typeof value === 'number' ? value : null;
      }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

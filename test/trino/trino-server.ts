/**
 * A single-node Trino server for the tests (Trino is the engine Athena engine version 3 runs), with one Hive
 * catalog named like Athena's, `awsdatacatalog`, over a file metastore and local files, and a small client of
 * Trino's REST protocol.
 *
 * The server comes from `scripts/ensure-trino.sh` (run by `scripts/run test`); its `--check` mode says where the
 * server and a Java recent enough for it are, or what is missing.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { freePort } from '../../fixtures/free-port';

/** The catalog name Athena gives the Glue Data Catalog, which the views' JSON names. */
export const CATALOG = 'awsdatacatalog';

const SETUP_SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'ensure-trino.sh');

/** A result column as Trino names it: `varchar`, `timestamp(3)`, `map(varchar, varchar)`... */
export interface TrinoColumn {
  readonly name: string;
  readonly type: string;
}

/** Trino's figures for a finished query (the `stats` of its last response). */
export interface TrinoQueryStats {
  /** Rows the connector read: the rows of every file (or row group) the query opened. */
  readonly processedRows: number;
  readonly processedBytes: number;
  readonly physicalInputBytes?: number;
  readonly totalSplits: number;
  readonly wallTimeMillis: number;
  readonly [figure: string]: unknown;
}

export interface TrinoResult {
  readonly columns: readonly TrinoColumn[];
  /** One object per row, keyed by column name, with values as Trino's JSON encodes them. */
  readonly rows: ReadonlyArray<Record<string, unknown>>;
  readonly stats: TrinoQueryStats;
}

/**
 * A query Trino refused or failed, with Trino's error name (`VIEW_IS_STALE`, `TYPE_MISMATCH`...), its message and,
 * when Trino names one, the line of the statement it points at.
 */
export class TrinoQueryError extends Error {
  constructor(readonly errorName: string, readonly trinoMessage: string, readonly sql: string, readonly line?: number) {
    const lines = sql.split('\n');
    const at = line !== undefined && lines[line - 1] !== undefined ? `\n-- at line ${line} --\n${lines[line - 1]}` : '';
    super(`Trino ${errorName}: ${trinoMessage}${at}\n-- in --\n${sql.length > 600 ? `${sql.slice(0, 600)}...` : sql}`);
    this.name = 'TrinoQueryError';
  }
}

export interface QueryOptions {
  /** The schema (Glue database) unqualified names resolve in. */
  readonly schema?: string;
}

/** A running server, owned by the test that started it. */
export interface TrinoServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** How long the server took to start, in milliseconds. */
  readonly startMillis: number;
  /** Trino's version, e.g. `476`: the file metastore accepts only metadata files that name it as their writer. */
  readonly version: string;
  /** Runs one statement to its end; throws `TrinoQueryError` when Trino fails it. */
  query(sql: string, options?: QueryOptions): Promise<TrinoResult>;
  /** The end of the server's log, to explain a failure. */
  logTail(characters?: number): string;
  /** Stops the server (its whole process group) and removes its configuration and data directory. */
  stop(): Promise<void>;
}

export interface TrinoServerOptions {
  /** The directory `local:///` stands for: the catalog's metastore lives in its `metastore/`, the tables' files elsewhere in it. */
  readonly localRoot: string;
  /** Hang guard for the start. */
  readonly startTimeoutMillis?: number;
  /**
   * Also load the Iceberg connector, as the catalog `ICEBERG_CATALOG` over the same metastore, and have the Hive
   * catalog hand every Iceberg table to it: a view of `awsdatacatalog` then reads an Iceberg `all_events` as
   * Athena does, where Iceberg tables and Hive tables share the one Glue Data Catalog.
   * @default false (the Iceberg plugin lengthens the start)
   */
  readonly iceberg?: boolean;
}

/** The catalog that reads the Iceberg tables of the metastore, with `TrinoServerOptions.iceberg`. */
export const ICEBERG_CATALOG = 'iceberg';

/**
 * Where the server and its Java are, as `scripts/ensure-trino.sh --check` reports them (run with `env`);
 * throws what is missing.
 */
export function locateTrino(env: NodeJS.ProcessEnv = process.env): { trinoHome: string; javaHome: string } {
  const check = spawnSync('bash', [SETUP_SCRIPT, '--check'], { encoding: 'utf8', env });
  const setup = 'Set it up with `scripts/ensure-trino.sh` (scripts/run test runs it).';
  if (check.error) {
    throw new Error(`Trino's setup could not be checked (${check.error.message}). ${setup}`);
  }
  if (check.status !== 0) {
    throw new Error(`Trino is not ready for the SQL tests: ${check.stderr.trim()}\n${setup}`);
  }
  const value = (key: string) => new RegExp(`^${key}=(.+)$`, 'm').exec(check.stdout)?.[1];
  const trinoHome = value('TRINO_HOME');
  const javaHome = value('TRINO_JAVA_HOME');
  if (!trinoHome || !javaHome) {
    throw new Error(`scripts/ensure-trino.sh --check printed no TRINO_HOME and TRINO_JAVA_HOME: ${check.stdout}`);
  }
  return { trinoHome, javaHome };
}

const properties = (entries: Record<string, string | number | boolean>) =>
  Object.entries(entries).map(([key, value]) => `${key}=${value}`).join('\n') + '\n';

/**
 * Starts Trino on 127.0.0.1 on a free port and waits until it reports that it has started. Only the Hive
 * plugin (and with `iceberg` the Iceberg one) is loaded, which keeps the start short; memory and threads are sized
 * for a small machine.
 */
export async function startTrino(options: TrinoServerOptions): Promise<TrinoServer> {
  const { trinoHome, javaHome } = locateTrino();
  const began = Date.now();
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trino-server-'));
  const etc = path.join(home, 'etc');
  const plugins = path.join(home, 'plugin');
  fs.mkdirSync(path.join(etc, 'catalog'), { recursive: true });
  fs.mkdirSync(plugins);
  fs.symlinkSync(path.join(trinoHome, 'plugin', 'hive'), path.join(plugins, 'hive'));
  if (options.iceberg) {
    fs.symlinkSync(path.join(trinoHome, 'plugin', 'iceberg'), path.join(plugins, 'iceberg'));
  }
  fs.mkdirSync(path.join(options.localRoot, 'metastore'), { recursive: true });

  fs.writeFileSync(path.join(etc, 'node.properties'), properties({
    'node.environment': 'test',
    'node.id': `test-${port}`,
    'node.data-dir': path.join(home, 'data'),
    'node.bind-ip': '127.0.0.1',
    'node.internal-address': '127.0.0.1',
  }));
  fs.writeFileSync(path.join(etc, 'jvm.config'), [
    '-server',
    // The client compiler only: it halves the start, and the tests' small queries never pay for the loss.
    '-XX:TieredStopAtLevel=1',
    '-Xmx2G',
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:-OmitStackTraceInFastThrow',
    '-XX:ReservedCodeCacheSize=256M',
    '-XX:+EnableDynamicAgentLoading',
    '-Djdk.attach.allowAttachSelf=true',
    '-Dfile.encoding=UTF-8',
    // Athena runs its queries in UTC; so does this server, whatever the machine's zone.
    '-Duser.timezone=UTC',
  ].join('\n') + '\n');
  fs.writeFileSync(path.join(etc, 'config.properties'), properties({
    'coordinator': true,
    'node-scheduler.include-coordinator': true,
    'http-server.http.port': port,
    'discovery.uri': endpoint,
    'plugin.dir': plugins,
    'query.max-memory': '1GB',
    'query.max-memory-per-node': '1GB',
    'memory.heap-headroom-per-node': '512MB',
    'task.concurrency': 2,
    'task.max-worker-threads': 4,
    'http-server.threads.max': 50,
    'http-server.log.enabled': false,
  }));
  // Bootstrap logs every configuration property (thousands of lines) at INFO.
  fs.writeFileSync(path.join(etc, 'log.properties'), properties({ 'io.airlift': 'WARN' }));
  fs.writeFileSync(path.join(etc, 'catalog', `${CATALOG}.properties`), properties({
    'connector.name': 'hive',
    'hive.metastore': 'file',
    'hive.metastore.catalog.dir': 'local:///metastore',
    'fs.native-local.enabled': true,
    'local.location': options.localRoot,
    'hive.partition-projection-enabled': true,
    'hive.allow-register-partition-procedure': true,
    // In S3 an hour in which nothing arrived is an empty prefix, which reads as no rows; here it would be a
    // missing folder, which Trino otherwise refuses (a projected table names every hour of its range).
    'hive.ignore-absent-partitions': true,
    ...(options.iceberg ? { 'hive.iceberg-catalog-name': ICEBERG_CATALOG } : {}),
  }));
  if (options.iceberg) {
    fs.writeFileSync(path.join(etc, 'catalog', `${ICEBERG_CATALOG}.properties`), properties({
      'connector.name': 'iceberg',
      // The Hive metastore catalog over the file metastore, as Trino's own tests run it.
      'iceberg.catalog.type': 'testing_file_metastore',
      'hive.metastore.catalog.dir': 'local:///metastore',
      'fs.native-local.enabled': true,
      'local.location': options.localRoot,
      // Firehose writes Parquet data files into an Iceberg v2 table.
      'iceberg.file-format': 'PARQUET',
      'iceberg.format-version': 2,
    }));
  }

  const logFile = path.join(home, 'server.log');
  const log = fs.openSync(logFile, 'w');
  // Its own process group, so that stopping it stops the launcher and the JVM together.
  const child: ChildProcess = spawn(path.join(trinoHome, 'bin', 'launcher'), [
    'run', `--etc-dir=${etc}`, `--data-dir=${path.join(home, 'data')}`, `--jvm-dir=${javaHome}`,
  ], { detached: true, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  const logTail = (characters = 4000) => {
    try {
      return fs.readFileSync(logFile, 'utf8').slice(-characters);
    } catch {
      return '';
    }
  };

  // Should the test process end without stopping the server (a crash, a forced exit), the server ends with it.
  const killOnExit = () => child.pid !== undefined && signalGroup(-child.pid, 'SIGKILL');
  process.once('exit', killOnExit);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const group = -child.pid;
      signalGroup(group, 'SIGTERM');
      const kill = setTimeout(() => signalGroup(group, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(kill);
    }
    fs.rmSync(home, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMillis ?? 600_000);
  let version: string;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = logTail();
      await stop();
      throw new Error(`Trino exited (${child.exitCode ?? child.signalCode}) before it started:\n${tail}`);
    }
    try {
      const info = await (await fetch(`${endpoint}/v1/info`)).json() as { starting?: boolean; nodeVersion?: { version?: string } };
      if (info.starting === false) {
        version = String(info.nodeVersion?.version);
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      const tail = logTail();
      await stop();
      throw new Error(`Trino did not start on ${endpoint} in time:\n${tail}`);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }

  return {
    endpoint,
    startMillis: Date.now() - began,
    version,
    query: (sql, queryOptions = {}) => runStatement(endpoint, sql, queryOptions),
    logTail,
    stop,
  };
}

/** Signals a process group; one that has already gone is no error. */
function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(group, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

interface StatementResponse {
  readonly nextUri?: string;
  readonly columns?: TrinoColumn[];
  readonly data?: unknown[][];
  readonly stats: TrinoQueryStats & { readonly state: string };
  readonly error?: { readonly message: string; readonly errorName: string; readonly errorLocation?: { readonly lineNumber: number } };
}

/** `POST /v1/statement`, then follows `nextUri` until the query ends, gathering its columns and rows. */
async function runStatement(endpoint: string, sql: string, options: QueryOptions): Promise<TrinoResult> {
  const headers: Record<string, string> = {
    'X-Trino-User': 'test',
    'X-Trino-Catalog': CATALOG,
    'X-Trino-Time-Zone': 'UTC',
    // Without it, Trino reports every timestamp column as `timestamp`, hiding its precision.
    'X-Trino-Client-Capabilities': 'PARAMETRIC_DATETIME',
    ...(options.schema ? { 'X-Trino-Schema': options.schema } : {}),
  };
  let response = await call(`${endpoint}/v1/statement`, { method: 'POST', body: sql, headers });
  let columns: TrinoColumn[] | undefined;
  const data: unknown[][] = [];
  for (;;) {
    if (response.error) {
      throw new TrinoQueryError(response.error.errorName, response.error.message, sql, response.error.errorLocation?.lineNumber);
    }
    columns = response.columns ?? columns;
    data.push(...response.data ?? []);
    if (!response.nextUri) break;
    response = await call(response.nextUri, { method: 'GET', headers: { 'X-Trino-User': 'test' } });
  }
  const names = (columns ?? []).map(c => c.name);
  return {
    columns: (columns ?? []).map(c => ({ name: c.name, type: c.type })),
    rows: data.map(values => Object.fromEntries(names.map((name, i) => [name, values[i]]))),
    stats: response.stats,
  };
}

async function call(url: string, init: RequestInit): Promise<StatementResponse> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(url, init);
    // 502, 503 and 504 ask the client to try the same URI again (Trino's protocol).
    if ([502, 503, 504].includes(res.status) && attempt < 10) {
      await new Promise(resolve => setTimeout(resolve, 50 * attempt));
      continue;
    }
    if (!res.ok) {
      throw new Error(`Trino answered HTTP ${res.status} to ${init.method} ${url}: ${(await res.text()).slice(0, 1000)}`);
    }
    return await res.json() as StatementResponse;
  }
}

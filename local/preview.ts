/**
 * The whole data path on one machine:
 *   1. synthesizes the complete solution (examples/complete-solution) and checks its template with cfn-lint;
 *   2. sends the project's sample events of every kind (Pinpoint, SES, End User Messaging) through the record
 *      processor's normalization into Parquet with the table's schema, in the bucket's layout;
 *   3. queries every view and runs every reference analysis, printing the results as tables;
 *   4. draws the engagement dashboard (the one EngagementDashboard deploys to QuickSight) from the same events as
 *      one HTML page, and prints its path.
 *
 * Run with `npx projen preview` (or `scripts/run preview` on a fresh clone).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App } from 'aws-cdk-lib';
import { writeDashboardPage } from './dashboard-page';
import { LocalEventsDatabase, ResultColumn, Row } from './engine';
import { loadSampleEvents } from './sample-events';
import { CompleteSolutionStack } from '../examples/complete-solution/solution-stack';
import { normalizeRecords } from '../src/normalize/normalize-record';
import { NAMED_QUERIES } from '../src/views/named-queries';
import { ALL_STANDARD_VIEWS } from '../src/views/view-catalog';

const OUT = join(__dirname, 'out');
const STEPS = 5;
const started = performance.now();
let stepNumber = 0;

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Runs one step: its title first, so that a long step shows what it is doing, then how long it took. */
async function step<T>(title: string, work: () => T | Promise<T>): Promise<T> {
  stepNumber++;
  console.log(`\n[${stepNumber}/${STEPS}] ${title}…`);
  const stepStarted = performance.now();
  const result = await work();
  console.log(`  (${seconds(stepStarted)})`);
  return result;
}

/** Prints rows as an aligned table: numbers right-aligned and unquoted, long values cut. */
function printTable(columns: readonly { name: string; numeric: boolean }[], rows: readonly Row[], limit = 5, indent = '    '): void {
  if (rows.length === 0) {
    console.log(`${indent}(no rows)`);
    return;
  }
  const cell = (value: unknown, numeric: boolean): string => {
    if (value === null || value === undefined) return '';
    if (numeric && !Number.isNaN(Number(value))) return Number(value).toLocaleString('en-US', { maximumFractionDigits: 4 });
    const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    return text.length > 48 ? `${text.slice(0, 47)}…` : text;
  };
  const shown = rows.slice(0, limit).map(row => columns.map(c => cell(row[c.name], c.numeric)));
  const widths = columns.map((c, i) => Math.max(c.name.length, ...shown.map(r => r[i].length)));
  const line = (cells: string[]) => indent + cells.map((text, i) => (columns[i].numeric ? text.padStart(widths[i]) : text.padEnd(widths[i]))).join('  ').trimEnd();
  console.log(line(columns.map(c => c.name)));
  console.log(indent + widths.map(w => '─'.repeat(w)).join('  '));
  shown.forEach(cells => console.log(line(cells)));
  if (rows.length > limit) console.log(`${indent}… and ${rows.length - limit} more rows`);
}

const NUMERIC = /^(tinyint|smallint|integer|bigint|real|double|decimal)/;

async function printQuery(db: LocalEventsDatabase, sql: string): Promise<void> {
  const columns = (await db.columns(sql)).map((c: ResultColumn) => ({ name: c.name, numeric: NUMERIC.test(c.trinoType) }));
  printTable(columns, await db.query(sql));
}

function synthesize(): { templatePath: string; resources: number } {
  const app = new App({ outdir: join(OUT, 'cdk.out') });
  const stack = new CompleteSolutionStack(app, 'EngagementEventsDatabase', {
    pinpointProjectId: 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6',
    sesConfigurationSetNames: ['marketing', 'transactional'],
    databaseName: 'due_eventdb',
  });
  const artifact = app.synth().getStackByName(stack.stackName);
  const resources = Object.values(artifact.template.Resources as Record<string, { Type: string }>);
  const byType = new Map<string, number>();
  for (const resource of resources) byType.set(resource.Type, (byType.get(resource.Type) ?? 0) + 1);
  console.log(`  ${resources.length} resources in ${relative(process.cwd(), artifact.templateFullPath)}:`);
  for (const [type, count] of [...byType].sort()) console.log(`    ${String(count).padStart(3)}  ${type}`);
  return { templatePath: artifact.templateFullPath, resources: resources.length };
}

function lint(templatePath: string): void {
  const result = spawnSync('cfn-lint', ['--', templatePath], { encoding: 'utf8' });
  if (result.error) {
    throw new Error('cfn-lint is not on PATH: run `scripts/run preview`, which installs it (requirements-dev.txt)');
  }
  const output = `${result.stdout}${result.stderr}`.trim();
  // cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational.
  if (Math.floor((result.status ?? 0) / 2) % 2 === 1) {
    throw new Error(`cfn-lint found errors:\n${output}`);
  }
  // Each finding is a rule line (`W3005 message`) followed by its location (`path:line:column`).
  const findings = output.split('\n').filter(line => /^[WI]\d+ /.test(line));
  console.log(`  no errors, ${findings.length} warning(s)${findings.length ? ' (accepted ones are listed in test/support/compliance.ts):' : ''}`);
  for (const finding of findings) console.log(`    ${finding}`);
}

async function preview(): Promise<void> {
  const { templatePath } = await step('Synthesizing the complete solution (examples/complete-solution)', synthesize);
  await step('Checking the template with cfn-lint (takes a few seconds)', () => lint(templatePath));

  const dir = join(OUT, 'bucket');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = await LocalEventsDatabase.create(dir);
  try {
    await step('Loading the sample events into the local database', async () => {
      // Spread over the last week, one Parquet object per day's hour of arrival, as Firehose would write them.
      const { samples, files } = await loadSampleEvents(db);
      const kinds = new Set(samples.flatMap(record => normalizeRecords(record)).map(record => String(record.event_type)));
      console.log(`  ${samples.length} records (Pinpoint, SES, End User Messaging SMS, voice, RCS and WhatsApp) of ${kinds.size} event types, delivered over the last week,`
        + ` → ${files.length} Parquet objects under ${relative(process.cwd(), join(dir, 'events'))}`);

      console.log('\n  Rows per view:');
      const counts: Row[] = [];
      for (const view of ALL_STANDARD_VIEWS) {
        const [{ n }] = await db.query(`SELECT count(*) AS n FROM ${view.name}`);
        counts.push({ view: view.name, rows: n, event_types: view.eventTypes.join(', ') });
      }
      printTable([{ name: 'view', numeric: false }, { name: 'rows', numeric: true }, { name: 'event_types', numeric: false }], counts, counts.length);

      console.log('\n  email_send, first rows:');
      await printQuery(db, 'SELECT event_timestamp, message_id, from_address, destination, subject FROM email_send ORDER BY event_timestamp');
    });

    await step('Running the reference analyses', async () => {
      for (const query of NAMED_QUERIES) {
        console.log(`\n  ${query.name}: ${query.description}`);
        await printQuery(db, query.sql);
      }
    });

    const page = await step('Drawing the engagement dashboard from the same events', () => writeDashboardPage(
      db, join(OUT, 'dashboard.html'), 'The sample events of the local preview, delivered over the last week'));
    console.log('  The dashboard EngagementDashboard deploys to QuickSight (email, SMS and voice, all channels), as one page'
      + ` (${(page.bytes / 1024).toFixed(0)} KiB, no script, nothing fetched): open ${page.file}`);
  } finally {
    await db.close();
  }
  console.log(`\nDone in ${seconds(started)}. The synthesized solution is in ${relative(process.cwd(), join(OUT, 'cdk.out'))}.`);
}

if (require.main === module) {
  preview().catch(error => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

/**
 * The whole data path on one machine:
 *   1. synthesizes the complete solution (examples/complete-solution) and checks its template with cfn-lint;
 *   2. sends the project's sample events of every kind (Pinpoint, SES, End User Messaging) through the record
 *      processor's normalization into Parquet with the table's schema, in the bucket's layout;
 *   3. queries every view and runs every reference analysis, printing the results.
 *
 * Run with `npx projen preview` (or `scripts/run preview` on a fresh clone).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { LocalEventsDatabase, Row } from './engine';
import { CompleteSolutionStack } from '../examples/complete-solution/solution-stack';
import { normalizeRecords } from '../src/normalize/normalize-record';
import { NAMED_QUERIES } from '../src/views/named-queries';
import { ALL_STANDARD_VIEWS } from '../src/views/view-catalog';
import { ALL_SAMPLES } from '../test/fixtures/engagement-events';
import { ALL_FIXTURES } from '../test/fixtures/index';

const OUT = join(__dirname, 'out');
const started = Date.now();
let stepNumber = 0;
const STEPS = 4;

function step(title: string): void {
  stepNumber++;
  console.log(`\n[${stepNumber}/${STEPS}] ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function synthesize(): string {
  step('Synthesizing the complete solution');
  const app = new App({ outdir: join(OUT, 'cdk.out') });
  const stack = new CompleteSolutionStack(app, 'EngagementEventsDatabase', {
    pinpointProjectId: 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6',
    sesConfigurationSetNames: ['marketing', 'transactional'],
    databaseName: 'due_eventdb',
  });
  const assembly = app.synth();
  const artifact = assembly.getStackByName(stack.stackName);
  const resources = Object.values(artifact.template.Resources as Record<string, { Type: string }>);
  const byType = new Map<string, number>();
  for (const resource of resources) byType.set(resource.Type, (byType.get(resource.Type) ?? 0) + 1);
  console.log(`  ${resources.length} resources in ${artifact.templateFullPath}`);
  for (const [type, count] of [...byType].sort()) console.log(`    ${String(count).padStart(3)}  ${type}`);
  return artifact.templateFullPath;
}

function lint(templatePath: string): void {
  step('Checking the template with cfn-lint');
  const result = spawnSync('cfn-lint', ['--', templatePath], { encoding: 'utf8' });
  if (result.error) {
    throw new Error('cfn-lint is not on PATH: run `scripts/run preview`, which installs it (requirements-dev.txt)');
  }
  const lines = `${result.stdout}${result.stderr}`.trim();
  // cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational.
  const hasErrors = Math.floor((result.status ?? 0) / 2) % 2 === 1;
  if (hasErrors) {
    throw new Error(`cfn-lint found errors:\n${lines}`);
  }
  const warnings = lines.split('\n').filter(line => /^W\d+/.test(line)).length;
  console.log(`  no errors${warnings ? `, ${warnings} warning(s) (see test/support/compliance.ts for the accepted ones)` : ''}`);
}

function printRows(rows: Row[], limit = 5): void {
  if (rows.length === 0) {
    console.log('    (no rows)');
    return;
  }
  const shown = rows.slice(0, limit).map(row => Object.fromEntries(Object.entries(row)
    .map(([key, value]) => [key, typeof value === 'object' && value !== null ? JSON.stringify(value) : value])));
  console.table(shown);
  if (rows.length > limit) console.log(`    … ${rows.length - limit} more`);
}

async function preview(): Promise<void> {
  const templatePath = synthesize();
  lint(templatePath);

  step('Loading the sample events into the local database');
  const dir = join(OUT, 'bucket');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = await LocalEventsDatabase.create(dir);
  try {
    const records = [...ALL_SAMPLES, ...ALL_FIXTURES.map(f => f.record)];
    // Spread over the last three hours, one Parquet object per hour, as Firehose would write them.
    const now = Date.now();
    const batches = [0, 1, 2].map(hoursAgo => ({
      records: records.filter((_, i) => i % 3 === hoursAgo),
      arrivalTime: new Date(now - hoursAgo * 3_600_000),
    }));
    const files = await db.ingestBatches(batches);
    const kinds = new Set(records.flatMap(record => normalizeRecords(record)).map(record => String(record.event_type)));
    console.log(`  ${records.length} records (Pinpoint, SES, End User Messaging SMS, voice, RCS and WhatsApp) of ${kinds.size} event types`
      + ` → ${files.length} Parquet objects under ${join(dir, 'events')}`);

    console.log('\n  Rows per view:');
    for (const view of ALL_STANDARD_VIEWS) {
      const [{ n }] = await db.query(`SELECT count(*) AS n FROM ${view.name}`);
      console.log(`    ${view.name.padEnd(26)} ${String(n).padStart(4)}  (${view.eventTypes.join(', ')})`);
    }
    console.log('\n  email_send, first rows:');
    printRows(await db.query('SELECT event_timestamp, message_id, from_address, destination, subject FROM email_send ORDER BY event_timestamp'));

    step('Running the reference analyses');
    for (const query of NAMED_QUERIES) {
      console.log(`\n  ${query.name}: ${query.description}`);
      printRows(await db.query(query.sql));
    }
  } finally {
    await db.close();
  }
  console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. The synthesized solution is in ${join(OUT, 'cdk.out')}.`);
}

preview().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

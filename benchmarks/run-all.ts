/**
 * Runs every benchmark in this folder, one after the other, each printing its own figures, then a summary of
 * what ran. Timing is reported, never asserted on.
 *
 *   npx projen bench                  the full sizes
 *   BENCH_SMALL=1 npx projen bench    small inputs: a quick check that every benchmark still runs
 *   npx tsx --tsconfig tsconfig.dev.json benchmarks/run-all.ts [--small]
 *
 * Needs the bundled handlers and, for the package figures of synth.ts, the compiled library: `bench` bundles and
 * compiles first.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

interface Benchmark {
  /** The file in benchmarks/. */
  readonly file: string;
  /** What it measures, for the summary. */
  readonly measures: string;
  /** Its arguments for the full run and for the small one. */
  readonly args: { readonly full: string[]; readonly small: string[] };
}

export const BENCHMARKS: Benchmark[] = [
  {
    file: 'partitions.ts',
    measures: 'Glue calls and handler time registering partitions',
    args: { full: ['10000'], small: ['200'] },
  },
  {
    file: 'views.ts',
    measures: 'objects read with and without partition pruning',
    args: { full: ['24', '20'], small: ['1', '2'] },
  },
  {
    file: 'processor.ts',
    measures: 'record processor CPU time against the minimum JSON work, response size',
    args: { full: [], small: ['--small'] },
  },
  {
    file: 'repair.ts',
    measures: 'S3, Glue and Firehose calls of the repair command against moto',
    args: { full: [], small: ['--small'] },
  },
  {
    file: 'synth.ts',
    measures: 'synthesis time and package size',
    args: { full: ['5'], small: ['1'] },
  },
];

function main(): void {
  const small = process.argv.includes('--small') || ['1', 'true'].includes(process.env.BENCH_SMALL ?? '');
  const listed = fs.readdirSync(__dirname).filter(name => name.endsWith('.ts') && name !== path.basename(__filename));
  const unlisted = listed.filter(name => !BENCHMARKS.some(b => b.file === name));
  if (unlisted.length > 0) {
    throw new Error(`benchmarks/run-all.ts does not list ${unlisted.join(', ')}: add each to BENCHMARKS`);
  }

  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const results: Array<{ benchmark: Benchmark; status: string; seconds: number }> = [];
  for (const benchmark of BENCHMARKS) {
    const args = small ? benchmark.args.small : benchmark.args.full;
    console.log(`\n=== ${benchmark.file} ${args.join(' ')}: ${benchmark.measures}\n`);
    const start = performance.now();
    const run = spawnSync(tsx, ['--tsconfig', 'tsconfig.dev.json', path.join('benchmarks', benchmark.file), ...args], {
      cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'],
    });
    const seconds = (performance.now() - start) / 1000;
    const status = run.error ? `could not start: ${run.error.message}` : run.status === 0 ? 'ok' : `exit ${run.status ?? run.signal}`;
    results.push({ benchmark, status, seconds });
  }

  console.log(`\n=== Summary (${small ? 'small inputs' : 'full sizes'})\n`);
  const width = Math.max(...results.map(r => r.benchmark.file.length));
  for (const { benchmark, status, seconds } of results) {
    console.log(`  ${benchmark.file.padEnd(width)}  ${status.padEnd(6)}  ${seconds.toFixed(1).padStart(6)} s  ${benchmark.measures}`);
  }
  const failed = results.filter(r => r.status !== 'ok');
  if (failed.length > 0) {
    console.error(`\n${failed.length} benchmark(s) failed: ${failed.map(r => r.benchmark.file).join(', ')}`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main();
}

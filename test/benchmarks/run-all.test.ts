import { spawnSync } from 'child_process';
import * as path from 'path';
import { BENCHMARKS } from '../../benchmarks/run-all';

const ROOT = path.resolve(__dirname, '../..');

// What `BENCH_SMALL=1 npx projen bench` runs after bundling: every benchmark in benchmarks/ (run-all fails on one
// it does not list) on small inputs. Only that each runs and prints its figures is checked, never how fast.
test('every benchmark runs on small inputs and prints its figures', () => {
  const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['--tsconfig', 'tsconfig.dev.json', 'benchmarks/run-all.ts'], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, BENCH_SMALL: '1' }, timeout: 600_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  if (run.status !== 0) {
    throw new Error(`benchmarks/run-all.ts exited ${run.status ?? run.signal}:\n${output}`);
  }
  expect(output).toContain('Summary (small inputs)');
  expect(output).toContain('200 objects over 48 hours');
  expect(output).toMatch(/\| email_send, one day by ingest_timestamp \| 1 \| 30 \|/);
  expect(output).toMatch(/\| complete solution \(Pinpoint, 2 SES sets, SMS\) \| \d+ \|/);
  for (const benchmark of BENCHMARKS) {
    expect(output).toMatch(new RegExp(`^ {2}${benchmark.file.replace('.', '\\.')} +ok `, 'm'));
  }
}, 600_000);

/**
 * What the constructs cost a CDK app and what the package weighs:
 *
 * - synthesis time of the complete solution (every source connected) against a stack holding one S3 bucket,
 *   each in a fresh App: the first run (module loading, bundled asset staging) and the median of the next runs;
 * - the published package: tarball and unpacked size, file count, bundled Lambda handlers (`assets/`) and
 *   compiled JavaScript (`lib/`), as `npm pack --dry-run` reports them (run `npx projen compile` and
 *   `npx projen bundle` first).
 *
 *   npx tsx benchmarks/synth.ts [runs=5]
 *
 * Prints figures only.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CompleteSolutionStack } from '../examples/complete-solution/solution-stack';

const ROOT = path.resolve(__dirname, '..');

interface Timing {
  readonly first: number;
  readonly median: number;
  readonly resources: number;
}

function timeSynth(runs: number, build: (app: App) => Stack): Timing {
  const times: number[] = [];
  let resources = 0;
  for (let run = 0; run <= runs; run++) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-benchmark-'));
    try {
      const start = performance.now();
      const app = new App({ outdir });
      const stack = build(app);
      const assembly = app.synth();
      times.push(performance.now() - start);
      resources = Object.keys(assembly.getStackByName(stack.stackName).template.Resources ?? {}).length;
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  const [first, ...rest] = times;
  const sorted = [...rest].sort((a, b) => a - b);
  return { first, median: sorted[Math.floor(sorted.length / 2)], resources };
}

interface PackedFile { readonly path: string; readonly size: number }
interface PackReport { readonly size: number; readonly unpackedSize: number; readonly entryCount: number; readonly files: PackedFile[] }

function packReport(): PackReport {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(output) as PackReport[])[0];
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (millis: number) => `${millis.toFixed(0)} ms`;

function main(): void {
  const runs = Number(process.argv[2] ?? 5);

  const bucketOnly = timeSynth(runs, app => {
    const stack = new Stack(app, 'BucketOnly');
    new s3.Bucket(stack, 'Bucket');
    return stack;
  });
  const solution = timeSynth(runs, app => new CompleteSolutionStack(app, 'EngagementEventsDatabase', {
    pinpointProjectId: '0123456789abcdef0123456789abcdef',
    sesConfigurationSetNames: ['marketing', 'transactional'],
  }));

  console.log(`Synthesis (fresh App each run; first run, then median of ${runs}):`);
  console.log('| stack | resources | first run | median |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| one s3.Bucket | ${bucketOnly.resources} | ${ms(bucketOnly.first)} | ${ms(bucketOnly.median)} |`);
  console.log(`| complete solution (Pinpoint, 2 SES sets, SMS) | ${solution.resources} | ${ms(solution.first)} | ${ms(solution.median)} |`);
  console.log('(The bucket stack runs first: its first run includes loading aws-cdk-lib.)');

  const pack = packReport();
  const under = (prefix: string) => pack.files.filter(file => file.path.startsWith(prefix));
  const sum = (files: PackedFile[]) => files.reduce((total, file) => total + file.size, 0);
  console.log('');
  console.log('Published package (npm pack --dry-run):');
  console.log(`  tarball ${kib(pack.size)}, unpacked ${kib(pack.unpackedSize)}, ${pack.entryCount} files`);
  console.log(`  assets/ (bundled Lambda handlers): ${kib(sum(under('assets/')))} in ${under('assets/').length} files`);
  console.log(`  lib/ (compiled JavaScript and declarations): ${kib(sum(under('lib/')))} in ${under('lib/').length} files`);
  const tarballs = fs.existsSync(path.join(ROOT, 'dist', 'js'))
    ? fs.readdirSync(path.join(ROOT, 'dist', 'js')).filter(name => name.endsWith('.tgz')) : [];
  for (const tarball of tarballs) {
    console.log(`  dist/js/${tarball}: ${kib(fs.statSync(path.join(ROOT, 'dist', 'js', tarball)).size)}`);
  }
}

main();

import { spawnSync } from 'child_process';
import { join } from 'path';
import { lambdaNodeMajor } from '../../fixtures/lambda-node';

// The processor benchmark runs (in its small form) and reports every source and batch size. It measures the
// machine's speed, so nothing here checks a time.
describe('benchmarks/processor.ts', () => {
  test('reports records/s, the ratio to the minimum, its ceiling and the ratio with the bytes handled alike, response ÷ request for every source and batch size', () => {
    const root = join(__dirname, '../..');
    const run = spawnSync(join(root, 'node_modules/.bin/tsx'), ['benchmarks/processor.ts', '--small'], {
      cwd: root, encoding: 'utf8', timeout: 110_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    // Measured where the processor runs: on the Node.js of its Lambda runtime, whatever Node.js runs the benchmark.
    const major = lambdaNodeMajor();
    expect(run.stdout).toMatch(new RegExp(`CPU time, .* Node\\.js v${major}\\.\\d+\\.\\d+ \\(the processor's Lambda runtime is nodejs${major}\\.x\\)`));
    const rows = run.stdout.split('\n').filter(line => /^\| (pinpoint|ses|sms-voice|rcs|whatsapp|mixed) \|/.test(line))
      .map(line => line.split('|').slice(1, -1).map(cell => cell.trim()));
    expect(rows.map(([source, batch]) => `${source} ${batch}`)).toEqual([
      'pinpoint 16 KiB', 'ses 16 KiB', 'sms-voice 16 KiB', 'rcs 16 KiB', 'whatsapp 16 KiB', 'mixed 16 KiB',
      'pinpoint 64 KiB', 'ses 64 KiB', 'sms-voice 64 KiB', 'rcs 64 KiB', 'whatsapp 64 KiB', 'mixed 64 KiB',
    ]);
    for (const [, , records, perSecond, minimumPerSecond, ratio, ceiling, reusedBuffersRatio, sizeRatio, failed] of rows) {
      expect(Number(records)).toBeGreaterThan(0);
      expect(Number(perSecond)).toBeGreaterThan(0);
      expect(Number(minimumPerSecond)).toBeGreaterThan(0);
      expect(Number(ratio)).toBeGreaterThan(0);
      expect(Number(ceiling)).toBeGreaterThan(0);
      expect(Number(reusedBuffersRatio)).toBeGreaterThan(0);
      // Small batches are far from the response limit: every record is answered Ok.
      expect(Number(sizeRatio)).toBeGreaterThan(0.5);
      expect(Number(failed)).toBe(0);
    }
  });
});

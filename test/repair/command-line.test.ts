/**
 * The repair command's help and usage errors (through the bundle, as users run it), and its pure parts: reading
 * Firehose error objects, checking records, sizing calls.
 */
import { execFile } from 'child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { CLI_BUNDLE, cliEnvironment, requireFreshCliBundle, runCli } from '../../fixtures/cli-runner';
import { fixture, SES_FIXTURES, WHATSAPP_FIXTURES } from '../../fixtures/records';
import { hourRange, inRange, keyPrefix, readOptions, UsageError } from '../../src/repair/command-line';
import { jsonDocuments, MAX_RECORD_BYTES, readErrorObject, stillFails } from '../../src/repair/error-records';
import { encodedSize } from '../../src/repair/replay-errors';

// No AWS endpoint answers here: none of these runs may reach AWS.
const env = cliEnvironment('http://127.0.0.1:9');

beforeAll(() => requireFreshCliBundle());

describe('the bundled command', () => {
  test('runs with Node.js alone: copied to an empty folder, with no node_modules near it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'repair-cli-'));
    try {
      copyFileSync(CLI_BUNDLE, join(folder, 'cli.js'));
      const result = await new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
        execFile(process.execPath, [join(folder, 'cli.js'), '--help'], { cwd: folder, env }, (error, stdout) => {
          if (error && typeof error.code !== 'number') reject(error);
          else resolve({ status: error ? Number(error.code) : 0, stdout });
        });
      });
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Usage: npx cdk-engagement-events-database <command> \[options\]/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('--help lists the commands, the output streams and the exit statuses', async () => {
    const result = await runCli(['--help'], env);
    expect(result.status).toBe(0);
    for (const command of ['reconcile-partitions', 'backfill-partitions', 'replay-errors']) {
      expect(result.stdout).toContain(`  ${command}`);
    }
    expect(result.stdout).toContain('Exit status: 0 nothing is left to do; 1 something is left');
  });

  test.each([
    ['reconcile-partitions', ['--bucket B', '--database D', '--from yyyy/MM/dd/HH', '--dry-run', 'glue:BatchCreatePartition']],
    ['backfill-partitions', ['reconcile-partitions over the whole history', 'PartitionStrategy.PROJECTED to REGISTERED']],
    ['replay-errors', ['--stream S', 'replayed/<key of the error object>', 'firehose:PutRecordBatch', '--max-attempts N']],
  ])('%s --help says what it does, its options and the permissions it needs', async (command, phrases) => {
    const result = await runCli([command, '--help'], env);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    phrases.forEach(phrase => expect(result.stdout).toContain(phrase));
  });

  test.each([
    [[], /^$/, 'Usage: npx cdk-engagement-events-database <command>'],
    [['repair-everything'], /^error: unknown command 'repair-everything': the commands are reconcile-partitions, backfill-partitions, replay-errors and erase-person\n/, ''],
    [['reconcile-partitions', '--bucket', 'b'], /^error: reconcile-partitions: --database is required\nRun `npx cdk-engagement-events-database reconcile-partitions --help`/, ''],
    [['replay-errors'], /^error: replay-errors: --bucket and --stream are required\n/, ''],
    [['reconcile-partitions', '--bucket', 'b', '--database', 'd', '--colour'], /^error: reconcile-partitions: Unknown option '--colour'/, ''],
    [['reconcile-partitions', '--bucket', 'b', '--database', 'd', 'extra'], /^error: reconcile-partitions: Unexpected argument 'extra'/, ''],
    [['reconcile-partitions', '--bucket', 'b', '--database', 'd', '--from', '2024/02/30/00'],
      /^error: reconcile-partitions: --from '2024\/02\/30\/00' is not an hour written yyyy\/MM\/dd\/HH \(UTC\), e\.g\. 2024\/02\/29\/13\n/, ''],
    [['replay-errors', '--bucket', 'b', '--stream', 's', '--prefix', 'errors'], /^error: replay-errors: --prefix 'errors' must end with '\/'/, ''],
    [['replay-errors', '--bucket', 'b', '--stream', 's', '--max-attempts', '0'], /^error: replay-errors: --max-attempts '0' must be a whole number from 1 to 20\n/, ''],
  ])('%p is a usage error (exit 2), said on standard error', async (args, stderr, stdout) => {
    const result = await runCli(args, env);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(stderr);
    expect(result.stdout.startsWith(stdout)).toBe(true);
  });
});

describe('options', () => {
  test('values and flags are read, with --name=value too', () => {
    expect(readOptions('c', ['--bucket=b', '--dry-run'], { 'bucket': { type: 'string', required: true }, 'dry-run': { type: 'boolean' } }))
      .toEqual({ 'bucket': 'b', 'dry-run': true });
  });

  test('--help needs no required option', () => {
    expect(readOptions('c', ['--help'], { bucket: { type: 'string', required: true } })).toEqual({ help: true });
  });

  test('hour ranges: real hours only, --to not before --from, both included', () => {
    expect(() => hourRange('c', '2024/03/01/00', '2024/02/29/23')).toThrow(new UsageError('c: --to 2024/02/29/23 is before --from 2024/03/01/00'));
    expect(() => hourRange('c', undefined, '2024/1/1/0')).toThrow(UsageError);
    const range = hourRange('c', '2024/02/29/23', '2024/03/01/00');
    expect(['2024/02/29/22', '2024/02/29/23', '2024/03/01/00', '2024/03/01/01'].map(hour => inRange(hour, range))).toEqual([false, true, true, false]);
    expect(inRange('1999/01/01/00', hourRange('c', undefined, undefined))).toBe(true);
  });

  test.each(['', 'events', '/events/'])('prefix %p is refused', prefix => {
    expect(() => keyPrefix('c', 'prefix', prefix)).toThrow(UsageError);
  });
});

describe('Firehose error objects', () => {
  const document = (fields: Record<string, unknown>) => JSON.stringify(fields);
  const base64 = (text: string) => Buffer.from(text).toString('base64');

  test('documents are read whether separated by newlines or written back to back, braces in strings included', () => {
    expect(jsonDocuments('{"a":"}{"}\n{"b":[{"c":1}]}{"d":"\\"}"}\n\n')).toEqual([{ a: '}{' }, { b: [{ c: 1 }] }, { d: '"}' }]);
    expect(jsonDocuments('')).toEqual([]);
    expect(() => jsonDocuments('{"a":1} x')).toThrow("expected a JSON object at character 8, found 'x'");
    expect(() => jsonDocuments('{"a":')).toThrow('the last JSON object (from character 0) is incomplete');
  });

  test('both documented shapes are read: processing failures and format-conversion failures, gzip or not', () => {
    const body = [
      document({ attemptsMade: 1, errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'failed', rawData: base64('{"x":1}'), lambdaArn: 'arn' }),
      document({ attemptsMade: 1, lastErrorCode: 'DataFormatConversion.MalformedData', lastErrorMessage: 'bad', rawData: base64('{"y":2}') }),
      document({ attemptsMade: 1, ErrorCode: 'DataFormatConversion.InvalidSchema', ErrorMessage: 'schema', rawData: base64('{"z":3}') }),
      document({ attemptsMade: 1, errorCode: 'Lambda.FunctionError' }),
      document({ rawData: 'not base64!' }),
    ].join('\n');
    for (const bytes of [Buffer.from(body), gzipSync(body)]) {
      const records = readErrorObject(bytes);
      expect(records.map(({ index, data, errorCode, errorMessage }) => ({ index, data: data?.toString(), errorCode, errorMessage }))).toEqual([
        { index: 0, data: '{"x":1}', errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'failed' },
        { index: 1, data: '{"y":2}', errorCode: 'DataFormatConversion.MalformedData', errorMessage: 'bad' },
        { index: 2, data: '{"z":3}', errorCode: 'DataFormatConversion.InvalidSchema', errorMessage: 'schema' },
        { index: 3, data: undefined, errorCode: 'Lambda.FunctionError', errorMessage: undefined },
        { index: 4, data: undefined, errorCode: undefined, errorMessage: undefined },
      ]);
    }
  });

  test('a record passes when the normalizer the processor runs reads it, and otherwise says why', () => {
    const record = (text: string) => ({ index: 0, data: Buffer.from(text) });
    expect(stillFails(record(JSON.stringify(fixture(SES_FIXTURES, 'bounce'))))).toBeUndefined();
    // A WhatsApp event that reports several messages is one record the processor reads.
    expect(stillFails(record(JSON.stringify(fixture(WHATSAPP_FIXTURES, 'constructed-statuses-delivered-read'))))).toBeUndefined();
    expect(stillFails(record('{"eventType":"Bounced"}'))).toMatch(/^The record is of no known format: .*its eventType is 'Bounced'$/);
    expect(stillFails(record('[1]'))).toBe('The record is an array, not a JSON object');
    expect(stillFails(record('nope'))).toMatch(/^the record is not JSON: /);
    // What the processor would not hold exactly fails again, for the same reason.
    expect(stillFails(record('{"event_type":"_email.send","event_type":"_email.click"}'))).toMatch(/repeats the key "event_type"/);
    expect(stillFails(record('{"event_type":"_email.send","metrics":{"n":9007199254740993}}'))).toMatch(/cannot hold exactly/);
    expect(stillFails({ index: 0, data: Buffer.from([0x7b, 0xff, 0x7d]) })).toMatch(/not valid UTF-8/);
    expect(stillFails({ index: 0 })).toBe('the error document has no base64 rawData');
    expect(stillFails(record(`{"event_type":"big","padding":"${'x'.repeat(MAX_RECORD_BYTES)}"}`)))
      .toMatch(/^the record is 1024\d{3} bytes, more than Firehose's 1024000-byte limit$/);
  });

  test('a record counts in a call at its base64 size', () => {
    expect([0, 1, 2, 3, 4, 1_000_000].map(size => encodedSize(new Uint8Array(size)))).toEqual([0, 4, 4, 4, 8, 1_333_336]);
  });
});

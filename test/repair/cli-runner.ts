/**
 * Runs the bundled repair command (`assets/repair/cli/index.js`, the package's `bin`) as a user would: a Node.js
 * process of its own, with no node_modules, its AWS SDK pointed at local endpoints.
 */
import { execFile } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join } from 'path';
import { awsEnvironment } from '../support/moto';

const ROOT = join(__dirname, '..', '..');
export const CLI_BUNDLE = join(ROOT, 'assets', 'repair', 'cli', 'index.js');
const BUNDLE_TASK = 'npx projen bundle:repair/cli';
/** The sources the command is built from (folders whole, and single files of folders it uses a part of). */
const SOURCES = ['repair', 'normalize', 'schema', 'partitions/partition-keys.ts', 'partitions/glue-partitions.lambda-shared.ts', 'database/layout.ts']
  .map(path => join(ROOT, 'src', path));

function sourceFiles(path: string): string[] {
  return statSync(path).isDirectory() ? readdirSync(path).flatMap(name => sourceFiles(join(path, name))) : [path];
}

/** Fails unless the bundle exists and is newer than every source it is built from. */
export function requireFreshCliBundle(): void {
  if (!existsSync(CLI_BUNDLE)) {
    throw new Error(`${CLI_BUNDLE} is missing: build it with \`${BUNDLE_TASK}\` (\`npx projen build\` does it too)`);
  }
  const built = statSync(CLI_BUNDLE).mtimeMs;
  const stale = SOURCES.flatMap(sourceFiles).filter(file => statSync(file).mtimeMs > built);
  if (stale.length > 0) {
    throw new Error(`${CLI_BUNDLE} is older than ${stale.join(', ')}: rebuild it with \`${BUNDLE_TASK}\``);
  }
}

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The JSON report on standard output, when there is one. */
  readonly report: any;
}

/**
 * The environment of a run: credentials and region for the emulator, every service at `endpoint`, S3 at
 * `s3Endpoint`, and no configuration file of the machine's.
 */
export function cliEnvironment(endpoint: string, s3Endpoint: string = endpoint): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ...awsEnvironment(endpoint),
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    AWS_CONFIG_FILE: join(ROOT, 'nonexistent-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(ROOT, 'nonexistent-aws-credentials'),
  };
}

/** Runs `node <bundle> ...args` from an empty working directory and waits for it to exit. */
export function runCli(args: readonly string[], env: Record<string, string>, cwd = '/'): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI_BUNDLE, ...args], { env, cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      if (status === -1) {
        reject(error);
        return;
      }
      let report: any;
      try {
        report = stdout.trim().startsWith('{') ? JSON.parse(stdout) : undefined;
      } catch {
        report = undefined;
      }
      resolve({ status, stdout, stderr, report });
    });
  });
}

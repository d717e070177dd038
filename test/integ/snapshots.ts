/**
 * Cloud assembly snapshots of the integration test apps, in the layout integ-runner reads
 * (`test/integ/integ.<name>.ts.snapshot/`), made by synthesizing each app the way integ-runner does: the
 * recommended feature flags as context, no path or asset metadata, no version reporting, and the
 * `CDK_INTEG_*` environment. Bundled assets are left out; a deployment rebuilds them from the source.
 *
 * integ-runner itself (2.197.10, the newest release) reads cloud assembly schema 53 at most while this
 * aws-cdk-lib writes 54, so it cannot yet synthesize, snapshot or deploy these apps.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const INTEG_DIR = __dirname;
const ROOT = path.resolve(INTEG_DIR, '..', '..');

/** The integration test apps, by file name. */
export const INTEG_APPS = fs.readdirSync(INTEG_DIR).filter(file => /^integ\..+\.ts$/.test(file)).sort();

export function snapshotDir(app: string): string {
  return path.join(INTEG_DIR, `${app}.snapshot`);
}

/** Synthesizes one integration test app into `outdir`, as integ-runner would. */
export function synthesizeIntegApp(app: string, outdir: string): void {
  const recommendedFlags = JSON.parse(fs.readFileSync(require.resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf8'));
  const context = {
    ...recommendedFlags,
    'aws:cdk:enable-path-metadata': false,
    'aws:cdk:enable-asset-metadata': false,
    'aws:cdk:version-reporting': false,
    // Stack traces would record this machine's paths in the snapshot's metadata.
    'aws:cdk:disable-stack-trace': true,
    'aws:cdk:disable-creation-stack-traces': true,
  };
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(INTEG_DIR, app)], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_CONTEXT_JSON: JSON.stringify(context),
      CDK_INTEG_ACCOUNT: '12345678',
      CDK_INTEG_REGION: 'test-region',
    },
  });
  if (result.status !== 0) {
    throw new Error(`Synthesizing ${app} failed (exit ${result.status}); run 'npx projen bundle' first if an asset is missing:\n${result.stderr}`);
  }
  // Bundled code and the synthesis report are outputs of the build, not part of what the app declares.
  for (const entry of fs.readdirSync(outdir)) {
    if (entry.startsWith('asset.') || entry === 'validation-report.json' || entry === '.cache') {
      fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
    }
  }
}

/**
 * The CloudFormation templates of an assembly, by file name, with what changes on every synthesis replaced by
 * placeholders: asset hashes (64 hex digits, which change with the bundler and the platform) and the `salt` of
 * each deployment assertion (the synthesis time, so that the assertion runs again on every deployment).
 */
export function normalisedTemplates(assemblyDir: string): Record<string, unknown> {
  const templates: Record<string, unknown> = {};
  for (const file of fs.readdirSync(assemblyDir).filter(name => name.endsWith('.template.json')).sort()) {
    const text = fs.readFileSync(path.join(assemblyDir, file), 'utf8');
    templates[file] = JSON.parse(text
      .replace(/[0-9a-f]{64}/g, '<asset-hash>')
      .replace(/"salt": "\d+"/g, '"salt": "<synthesis-time>"'));
  }
  return templates;
}

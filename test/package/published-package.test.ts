/**
 * The package as a user gets it: the tarball `npm pack` makes (what `npx projen package:js` publishes) is
 * installed into a fresh CDK app outside the repository (the TypeScript complete-solution example, copied with
 * its package.json and cdk.json), and that app is synthesized with the real CDK CLI, as its README says.
 *
 * One install serves every test here. It needs the compiled library and the bundled handlers (`npx projen
 * compile` and `npx projen bundle`; `npx projen build` runs both first). The npm packages come from the npm cache
 * when they are in it (`--prefer-offline`), so the install works offline after the project's own `npm ci`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// The Lambda handlers: each ships as a bundle in assets/, never as its compiled source in lib/.
import { HANDLERS } from '../../fixtures/lambda-node';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples', 'complete-solution');
const STACK = 'EngagementEventsDatabase';
/** Hang guard for the install and the synthesis; neither is timed. */
const SLOW = 600_000;


interface PackResult { readonly filename: string; readonly files: Array<{ readonly path: string }> }

let work: string;
let app: string;
let packed: PackResult;
let createdCdkOut = false;

/** The environment for npm and the CDK CLI in the app: none of the npm settings of the process running jest. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  return { ...env, CI: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' };
}

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

const installedVersion = (name: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

beforeAll(() => {
  const missing = ['.jsii', 'lib/index.js', ...HANDLERS.map(h => `assets/${h}.lambda/index.js`)].filter(f => !fs.existsSync(path.join(ROOT, f)));
  if (missing.length > 0) {
    throw new Error(`Not built: ${missing.join(', ')}. Run \`npx projen compile && npx projen bundle\` first.`);
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'published-package-'));

  // A cdk.out/ that `cdk synth` or `cdk deploy` left at the root must stay out of the tarball.
  const rootCdkOut = path.join(ROOT, 'cdk.out');
  if (!fs.existsSync(rootCdkOut)) {
    fs.mkdirSync(rootCdkOut);
    fs.writeFileSync(path.join(rootCdkOut, 'manifest.json'), '{}');
    createdCdkOut = true;
  }
  try {
    [packed] = JSON.parse(run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)) as PackResult[];
  } finally {
    if (createdCdkOut) fs.rmSync(rootCdkOut, { recursive: true, force: true });
  }

  // The example as a user copies it, with the tarball for the library and the versions this repository tests.
  app = path.join(work, 'app');
  fs.mkdirSync(app);
  for (const file of ['app.ts', 'solution-stack.ts', 'cdk.json', 'package.json']) {
    fs.copyFileSync(path.join(EXAMPLE, file), path.join(app, file));
  }
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error',
    path.join(work, packed.filename),
    ...['aws-cdk-lib', 'constructs', 'aws-cdk', 'tsx'].map(name => `${name}@${installedVersion(name)}`)], app);
}, SLOW);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the npm tarball', () => {
  const paths = () => packed.files.map(f => f.path);

  test('carries the jsii assembly, the compiled library and every bundled handler', () => {
    expect(paths()).toEqual(expect.arrayContaining(['.jsii', 'lib/index.js', 'lib/index.d.ts', 'README.md', 'LICENSE',
      ...HANDLERS.map(h => `assets/${h}.lambda/index.js`)]));
  });

  test('leaves out sources, tests, examples, a cdk.out/ and the handlers\' compiled sources', () => {
    const unwanted = paths().filter(p => /^(src|test|examples|bindings|local|cdk\.out)\//.test(p) || /\.lambda(-shared)?\.(js|d\.ts)$/.test(p));
    expect(unwanted).toEqual([]);
  });
});

describe('a CDK app that installs the tarball (examples/complete-solution, copied)', () => {
  let template: { Resources: Record<string, { Type: string }>; Outputs: Record<string, unknown> };
  let assembly: string;

  beforeAll(() => {
    // As the example's README says, with every input; the CLI runs the app with cdk.json's command.
    run('npx', ['cdk', 'synth', '--no-notices', '--quiet', '-c', 'pinpointProjectId=a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6',
      '-c', 'sesConfigurationSets=marketing,transactional', '-c', 'smsVoiceConfigurationSet=notifications', '-c', 'databaseName=due_eventdb'], app);
    assembly = path.join(app, 'cdk.out');
    template = JSON.parse(fs.readFileSync(path.join(assembly, `${STACK}.template.json`), 'utf8'));
  }, SLOW);

  test('resolves the library from its own node_modules, not from this repository', () => {
    const resolved = require.resolve('cdk-engagement-events-database', { paths: [app] });
    expect(resolved).toBe(path.join(fs.realpathSync(app), 'node_modules', 'cdk-engagement-events-database', 'lib', 'index.js'));
  });

  test('synthesizes the complete solution with the guide\'s outputs', () => {
    const types = new Set(Object.values(template.Resources).map(r => r.Type));
    for (const type of ['AWS::KinesisFirehose::DeliveryStream', 'AWS::Glue::Database', 'AWS::Glue::Table', 'AWS::Athena::WorkGroup',
      'Custom::PinpointEventStream', 'AWS::SES::ConfigurationSetEventDestination', 'Custom::SmsVoiceEventDestination']) {
      expect(types).toContain(type);
    }
    expect(Object.keys(template.Outputs).sort()).toEqual(['DatabaseName', 'DeliveryStreamName', 'EventsBucketName',
      'PinpointProjectArn', 'PinpointProjectId', 'PinpointStreamRoleName', 'SmsVoiceConfigurationSetName']);
  });

  test('stages the Lambda functions\' code from the handlers bundled in the tarball', () => {
    const installed = path.join(app, 'node_modules', 'cdk-engagement-events-database', 'assets');
    const staged = fs.readdirSync(assembly).filter(name => name.startsWith('asset.') && fs.existsSync(path.join(assembly, name, 'index.js')))
      .map(name => fs.readFileSync(path.join(assembly, name, 'index.js'), 'utf8'));
    const stagedHandlers = HANDLERS.filter(h => staged.includes(fs.readFileSync(path.join(installed, `${h}.lambda`, 'index.js'), 'utf8')));
    // Every handler the complete solution uses: all but SES-to-Pinpoint (its SES sets publish straight to Firehose).
    expect(stagedHandlers).toEqual(HANDLERS.filter(h => h !== 'sources/ses/pinpoint-destination'));
  });
});

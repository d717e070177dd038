import { awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

// The lowest aws-cdk-lib with everything the constructs use: the stable aws-kinesisfirehose L2 with
// record format conversion (dataFormatConversion) and the stable aws-glue L2 (S3Table).
const MIN_CDK_VERSION = '2.270.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-engagement-events-database',
  description:
    'AWS CDK constructs for a customer-engagement events database: Pinpoint, SES and End User Messaging events '
    + 'through Firehose into Parquet on S3, catalogued in Glue and queried in Athena through one table and one view per event type.',
  author: 'cdk-engagement-events-database contributors',
  authorAddress: 'engagement-events@users.noreply.github.com',
  repositoryUrl: 'https://github.com/engagement-events/cdk-engagement-events-database.git',
  license: 'Apache-2.0',
  keywords: ['cdk', 'awscdk', 'pinpoint', 'ses', 'athena', 'firehose', 'glue', 'end-user-messaging'],
  stability: 'experimental',

  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  github: false,
  release: false,

  cdkVersion: MIN_CDK_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~5.9.0',
  typescriptVersion: '~5.9.3',
  minNodeVersion: '22.0.0',
  workflowNodeVersion: '22',

  publishToPypi: {
    distName: 'cdk-engagement-events-database',
    module: 'cdk_engagement_events_database',
  },
  publishToMaven: {
    javaPackage: 'io.github.engagementevents.cdk',
    mavenGroupId: 'io.github.engagementevents',
    mavenArtifactId: 'cdk-engagement-events-database',
  },

  // The repair command: `npx cdk-engagement-events-database <command>`. It runs from a bundle (below) holding the
  // AWS SDK clients it uses, so the package needs no runtime dependency (jsii allows only bundled ones).
  bin: { 'cdk-engagement-events-database': 'assets/repair/cli/index.js' },

  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    // The Node.js Lambda runtime carries the AWS SDK v3: leaving it out keeps every handler small.
    bundlingOptions: { externals: ['@aws-sdk/*'], sourcemap: false },
  },

  devDeps: [
    '@aws-sdk/client-firehose',
    '@aws-sdk/client-glue',
    '@aws-sdk/client-s3',
    '@aws-sdk/client-sqs',
    '@aws-sdk/client-pinpoint',
    '@aws-sdk/client-sesv2',
    '@aws-sdk/client-pinpoint-sms-voice-v2',
    '@duckdb/node-api@1.5.6-r.1',
    '@types/aws-lambda',
    'cdk-nag@^3.0.2',
    'tsx',
    // Integration tests: the newest integ-tests-alpha (its peer range accepts aws-cdk-lib 2.270.0). integ-runner
    // is not a dependency: no release reads this aws-cdk-lib's cloud assemblies yet (see test/integ/snapshots.ts).
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
  ],

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
    },
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'local', 'benchmarks', 'examples'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },
  tsconfigDev: {
    compilerOptions: {},
    include: ['.projenrc.ts', 'local/**/*.ts', 'benchmarks/**/*.ts', 'examples/**/*.ts'],
  },
  gitignore: ['/.tools/', '/local/out/', '/cdk.out/', '*.pyc', '__pycache__/', '/bindings/**/target/', '/bindings/**/.venv/', '/bindings/**/cdk.out/', '/.jsii.tabl.json'],
});

// Code that runs only from a bundle (handlers' shared modules, the repair command) may import what the bundle holds.
project.eslint!.allowDevDeps('src/**/*.lambda-shared.ts');
project.eslint!.allowDevDeps('src/repair/**');

// One file holding the command and every module it uses (the AWS SDK included): it runs with Node.js alone.
project.bundler.addBundle('src/repair/cli.ts', {
  platform: 'node',
  target: 'node22',
  tsconfigPath: 'tsconfig.dev.json',
  externals: [],
  minify: true,
  sourcemap: false,
  executable: true,
  watchTask: false,
});
// jsii compiles the command's modules into lib/ too; only the bundle runs, so they stay out of the package.
project.addPackageIgnore('/lib/repair/');

// The README's main job: synthesize the complete solution and preview the database locally.
const preview = project.addTask('preview', {
  description: 'Synthesize the complete solution (checked by cfn-lint) and preview the database on sample events',
});
preview.spawn(project.tasks.tryFind('bundle')!);
preview.exec('tsx local/preview.ts');

// integ-runner cannot read this aws-cdk-lib's cloud assemblies yet (schema 54), so the snapshots it would
// write are written by synthesizing the apps the way it does. `test` compares against them, never updates them.
const integSnapshot = project.addTask('integ:snapshot', {
  description: 'Rewrite the integration test snapshots (test/integ/integ.*.ts.snapshot/)',
});
integSnapshot.spawn(project.tasks.tryFind('bundle')!);
integSnapshot.exec('tsx test/integ/update-snapshots.ts');

// Every TypeScript example in the README must compile against the freshly built assembly (with `declare const`
// fixtures). Its translations (.jsii.tabl.json) serve as a cache: a changed example or API is compiled again.
const rosettaExtract = project.addTask('rosetta:extract', {
  description: 'Compile the README examples in strict mode (fails on any example that does not compile)',
  exec: 'jsii-rosetta extract --strict .jsii',
});
project.postCompileTask.spawn(rosettaExtract);

project.addTask('docs:dictionary', {
  description: 'Regenerate the data dictionary in README.md from the view catalog',
  exec: 'tsx local/data-dictionary.ts',
});

// ts-jest compiles each test file on its own (isolatedModules) and reports no type errors: check them here.
project.testTask.prependExec('tsc -p tsconfig.dev.json --noEmit');

// The Java package builds against aws-cdk-lib from a lasting local Maven repository: see bindings/java/package.sh.
const packageJava = project.tasks.tryFind('package:java')!;
packageJava.reset('bash bindings/java/package.sh');

// Apps in Python and Java on the packages jsii-pacmak builds, each synthesized and its template checked.
const testBindings = project.addTask('test:bindings', {
  description: 'Build the Python and Java packages and check that a CDK app in each language synthesizes with them',
});
testBindings.spawn(project.tasks.tryFind('pre-compile')!);
testBindings.spawn(project.compileTask);
testBindings.spawn(project.tasks.tryFind('package:python')!);
testBindings.spawn(packageJava);
testBindings.exec('bash bindings/python/test.sh');
testBindings.exec('bash bindings/java/test.sh');

for (const ignored of ['/local/', '/benchmarks/', '/bindings/', '/examples/', '/docs/', '/scripts/', '/.tools/', '/requirements-dev.txt', '/.ci/', '/.jsii.tabl.json']) {
  project.addPackageIgnore(ignored);
}

project.synth();

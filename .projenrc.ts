import { awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

// The lowest aws-cdk-lib with everything the constructs use: the stable aws-kinesisfirehose L2 with
// record format conversion (dataFormatConversion) and the stable aws-glue L2 (S3Table).
const MIN_CDK_VERSION = '2.270.0';
const REPOSITORY = 'https://github.com/engagement-events/cdk-engagement-events-database';

// The build and release workflows run the same tests as `scripts/run test`: they need the Python tools of
// requirements-dev.txt (cfn-lint, moto_server, sqlglot) and actionlint (scripts/install-actionlint) on PATH, the
// Trino server the views are tested in (scripts/ensure-trino.sh, with a Java 24 or later), and a Chrome.
const WORKFLOW_TOOL_STEPS = [
  { name: 'Set up Python', uses: 'actions/setup-python@v7.0.0', with: { 'python-version': '3.11' } },
  {
    name: 'Install the Python development tools',
    run: 'python -m venv .tools/venv && .tools/venv/bin/pip install -r requirements-dev.txt && echo "$PWD/.tools/venv/bin" >> "$GITHUB_PATH"',
  },
  { name: 'Set up Go', uses: 'actions/setup-go@v7.0.0', with: { 'go-version': 'stable', 'cache': false } },
  { name: 'Install actionlint', run: 'scripts/install-actionlint && echo "$PWD/.tools/bin" >> "$GITHUB_PATH"' },
  { name: 'Set up Java for Trino', uses: 'actions/setup-java@v6.0.0', with: { 'distribution': 'temurin', 'java-version': '25' } },
  {
    name: 'Install the Trino server',
    run: 'TRINO_JAVA_HOME="$JAVA_HOME" scripts/ensure-trino.sh && echo "TRINO_JAVA_HOME=$JAVA_HOME" >> "$GITHUB_ENV"',
  },
  // The dashboard page is checked in headless Chromium: the runner's Google Chrome (Ubuntu's chromium package is
  // a snap that a job cannot use), or a Chromium when the runner has one.
  {
    name: 'Find Chrome for the dashboard page test',
    run: 'echo "CHROMIUM=$(command -v google-chrome || command -v chromium)" >> "$GITHUB_ENV"',
  },
];

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-engagement-events-database',
  description:
    'AWS CDK constructs for a customer-engagement events database: Pinpoint, SES and End User Messaging events '
    + 'through Firehose into Parquet on S3, catalogued in Glue and queried in Athena through one table and one view per event type.',
  author: 'cdk-engagement-events-database contributors',
  authorAddress: 'engagement-events@users.noreply.github.com',
  repositoryUrl: `${REPOSITORY}.git`,
  homepage: `${REPOSITORY}#readme`,
  bugsUrl: `${REPOSITORY}/issues`,
  license: 'Apache-2.0',
  keywords: ['cdk', 'awscdk', 'pinpoint', 'ses', 'athena', 'firehose', 'glue', 'end-user-messaging'],
  stability: 'experimental',

  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  // Releases from main: the version and dist/changelog.md come from the conventional commits since the last tag,
  // then publib publishes to every registry with projen's usual secrets (NPM_TOKEN, TWINE_USERNAME and
  // TWINE_PASSWORD, MAVEN_*, NUGET_API_KEY, GO_GITHUB_TOKEN). Pre-1.0: breaking changes bump the minor version.
  release: true,
  releaseToNpm: true,
  majorVersion: 0,
  githubOptions: {
    pullRequestLint: true,
    pullRequestLintOptions: {
      semanticTitleOptions: { types: ['feat', 'fix', 'docs', 'test', 'refactor', 'perf', 'build', 'ci', 'chore', 'revert'] },
    },
  },
  depsUpgrade: true,
  buildWorkflowOptions: { preBuildSteps: WORKFLOW_TOOL_STEPS },
  releaseWorkflowSetupSteps: WORKFLOW_TOOL_STEPS,

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
  publishToNuget: {
    dotNetNamespace: 'EngagementEvents.Cdk',
    packageId: 'EngagementEvents.Cdk.EventsDatabase',
  },
  publishToGo: {
    moduleName: 'github.com/engagement-events/cdk-engagement-events-database-go',
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
    // The CDK CLI, so that `npx cdk synth` in examples/ runs without asking to install it (and the package test).
    'aws-cdk@^2.1149.0',
    // Integration tests: the newest integ-tests-alpha (its peer range accepts aws-cdk-lib 2.270.0). integ-runner
    // is not a dependency: no release reads this aws-cdk-lib's cloud assemblies yet (see test/integ/snapshots.ts).
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    // Drives the system's Chromium (Debian's `chromium`, installed by scripts/run) to check the dashboard preview's
    // page; it never downloads a browser of its own.
    'playwright-core',
  ],

  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      // A hang guard only, never a speed check: a test that moto, Trino or cdk-nag make slow on a loaded
      // two-core machine must still pass.
      testTimeout: 900_000,
      // The run's own temporary folder, removed when it ends (fixtures/jest/run-temp-dir.ts).
      globalSetup: '<rootDir>/fixtures/jest/global-setup.ts',
      globalTeardown: '<rootDir>/fixtures/jest/global-teardown.ts',
    },
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'fixtures', 'local', 'benchmarks', 'examples'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },
  tsconfigDev: {
    // The examples import the library by its package name, as a user's app does: here it is the sources.
    compilerOptions: { baseUrl: '.', paths: { 'cdk-engagement-events-database': ['src'] } },
    include: ['.projenrc.ts', 'fixtures/**/*.ts', 'local/**/*.ts', 'benchmarks/**/*.ts', 'examples/**/*.ts'],
  },
  gitignore: ['/.tools/', '/local/out/', '/cdk.out/', '*.pyc', '__pycache__/', '/bindings/**/target/', '/bindings/**/.venv/', '/bindings/**/cdk.out/', '/.jsii.tabl.json',
    '/examples/**/cdk.out/', '/examples/**/node_modules/', '/examples/**/cdk.context.json'],
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
preview.exec('tsx --tsconfig tsconfig.dev.json local/preview.ts');

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

// The README's picture of the dashboard, taken in headless Chromium by the code the page's test runs.
project.addTask('docs:dashboard', {
  description: 'Rewrite docs/dashboard.png: the dashboard page of the sample events, in headless Chromium',
  exec: 'tsx --tsconfig tsconfig.dev.json local/dashboard-screenshot.ts',
});

project.addTask('docs:dictionary', {
  description: 'Regenerate the data dictionary in README.md from the view catalog',
  exec: 'tsx local/data-dictionary.ts',
});

// ts-jest compiles each test file on its own (isolatedModules) and reports no type errors: check them here.
project.testTask.prependExec('tsc -p tsconfig.dev.json --noEmit');

// The Java package builds against aws-cdk-lib from a lasting local Maven repository: see bindings/java/package.sh.
const packageJava = project.tasks.tryFind('package:java')!;
packageJava.reset('bash bindings/java/package.sh');

// The tarball carries the bundled handlers (assets/), whatever ran before: a fresh clone's `compile` does not bundle.
project.tasks.tryFind('package:js')!.prependSpawn(project.tasks.tryFind('bundle')!);

// `build` packages the npm tarball only, here as in the workflows (whose package-* jobs build the other
// languages): test:bindings builds and uses the Python, Java and Go packages, and package-all builds them all.
project.packageTask.reset();
project.packageTask.spawn(project.tasks.tryFind('package:js')!);

// jsii-pacmak builds the NuGet package with the .NET SDK: without one, a local package-all says so instead of
// failing (see bindings/dotnet/package.sh); on CI it must build.
project.tasks.tryFind('package:dotnet')!.reset('bash bindings/dotnet/package.sh');

// Apps in Python, Java and Go on the packages jsii-pacmak builds, each synthesized and its template checked;
// then the examples, TypeScript and Python, synthesized with `npx cdk synth` and compared.
const testBindings = project.addTask('test:bindings', {
  description: 'Build the Python, Java and Go packages, check that a CDK app in each language synthesizes with them, and synthesize the examples',
});
// Bundled and compiled again only when a source changed since the last compile: `scripts/run test` has just built.
const sourcesChangedSinceCompile = 'node scripts/compile-is-stale.js';
testBindings.spawn(project.tasks.tryFind('pre-compile')!, { condition: sourcesChangedSinceCompile });
testBindings.spawn(project.compileTask, { condition: sourcesChangedSinceCompile });
testBindings.spawn(project.tasks.tryFind('package:python')!);
testBindings.spawn(packageJava);
// The Go module's code only: the module proxy this project reaches lacks one of the versions that building it
// in place (`go mod tidy`) asks for; bindings/go/test.sh builds it inside the app instead (see its go.mod).
testBindings.exec('jsii-pacmak -v --target go --code-only');
testBindings.exec('bash bindings/python/test.sh');
testBindings.exec('bash bindings/java/test.sh');
testBindings.exec('bash bindings/go/test.sh');
testBindings.exec('bash examples/test.sh');

// Every benchmark, printing its figures (none asserts on time). BENCH_SMALL=1 runs each on a small input.
const bench = project.addTask('bench', {
  description: 'Run every benchmark in benchmarks/ and print its figures (BENCH_SMALL=1: small inputs, for a quick check)',
});
bench.spawn(project.tasks.tryFind('bundle')!);
bench.spawn(project.compileTask);
bench.exec('tsx --tsconfig tsconfig.dev.json benchmarks/run-all.ts');

// fixtures/: sample records, the moto server and the fault proxy, shared by the tests, local/ and benchmarks/.
// Also kept out: a cdk.out/ that `cdk synth` or `cdk deploy` left at the root, and the handlers' compiled sources,
// which nothing requires at run time (the constructs deploy the bundles in assets/).
for (const ignored of ['/fixtures/', '/local/', '/benchmarks/', '/bindings/', '/examples/', '/docs/', '/scripts/', '/.tools/', '/requirements-dev.txt', '/.ci/', '/.jsii.tabl.json',
  '/cdk.out/', '/lib/**/*.lambda.js', '/lib/**/*.lambda.d.ts', '/lib/**/*.lambda-shared.js', '/lib/**/*.lambda-shared.d.ts',
  '/CONTRIBUTING.md', '/SECURITY.md']) {
  project.addPackageIgnore(ignored);
}

project.synth();

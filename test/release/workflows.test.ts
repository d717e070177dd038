import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const WORKFLOWS = path.join(ROOT, '.github', 'workflows');

/** actionlint from PATH, or from .tools/bin where scripts/install-actionlint puts it. */
function actionlint(): string {
  for (const dir of [...(process.env.PATH ?? '').split(path.delimiter), path.join(ROOT, '.tools', 'bin')]) {
    const candidate = path.join(dir, 'actionlint');
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  throw new Error('actionlint is not installed: run `scripts/install-actionlint` (it builds actionlint with Go into .tools/bin; '
    + '`scripts/run test` runs it), or put actionlint on PATH');
}

const workflowFiles = () => fs.readdirSync(WORKFLOWS).filter(name => name.endsWith('.yml')).sort();

test('projen writes the build, release, upgrade and pull request title workflows', () => {
  expect(workflowFiles()).toEqual(['build.yml', 'pull-request-lint.yml', 'release.yml', 'upgrade-main.yml']);
});

test('actionlint finds no problem in any workflow', () => {
  const files = workflowFiles().map(name => path.join(WORKFLOWS, name));
  const result = spawnSync(actionlint(), ['-no-color', ...files], { cwd: ROOT, encoding: 'utf8' });
  expect(result.error).toBeUndefined();
  expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
  expect(result.status).toBe(0);
});

test('releases from main publish to npm, PyPI, Maven Central, NuGet and the Go module repository', () => {
  const release = fs.readFileSync(path.join(WORKFLOWS, 'release.yml'), 'utf8');
  expect(release).toMatch(/on:\n {2}push:\n {4}branches:\n {6}- main\n/);
  for (const job of ['release_npm', 'release_pypi', 'release_maven', 'release_nuget', 'release_golang']) {
    expect(release).toContain(`\n  ${job}:\n`);
  }
});

test('pull request titles are checked against conventional commit types', () => {
  const lint = fs.readFileSync(path.join(WORKFLOWS, 'pull-request-lint.yml'), 'utf8');
  expect(lint).toContain('amannn/action-semantic-pull-request');
  expect(lint).toMatch(/types: \|-\n\s+feat\n\s+fix\n/);
});

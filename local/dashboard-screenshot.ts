/**
 * Rewrites docs/dashboard.png, the README's picture of the dashboard: the page of the sample events, taken in
 * headless Chromium by the same code as its test (test/local/dashboard-page.test.ts). Run `npx projen docs:dashboard`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sampleDashboardPage } from './dashboard-page';

const SCREENSHOT = path.join(__dirname, '..', 'docs', 'dashboard.png');

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dashboard-screenshot-'));
  try {
    const page = await sampleDashboardPage(dir, { screenshot: SCREENSHOT });
    const problems = [
      ...page.report.visuals.filter(v => !(v.marks > 0 && v.shapes >= v.marks)).map(v => `visual ${v.id} drew no data`),
      ...page.report.errors,
      ...page.report.requests.map(url => `request for ${url}`),
    ];
    if (problems.length > 0) throw new Error(`The dashboard page is not fit to show:\n${problems.join('\n')}`);
    console.log(`${path.relative(process.cwd(), SCREENSHOT)}: ${(fs.statSync(SCREENSHOT).size / 1024).toFixed(0)} KiB, ${page.report.visuals.length} visuals`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

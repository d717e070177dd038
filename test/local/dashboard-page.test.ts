/**
 * The dashboard page the preview writes, opened in headless Chromium: every visual the declaration holds is drawn,
 * with data, from the sample events; the page makes no request and logs no error. The README's screenshot is taken
 * by the same code (`npx projen docs:dashboard`).
 */
import * as fs from 'node:fs';
import { tempBucketDir } from './temp-dir';
import { sampleDashboardPage } from '../../local/dashboard-page';
import { engagementDashboard } from '../../src/dashboards/dashboard-declaration';

const { dir, cleanup } = tempBucketDir('dashboard-page');
afterAll(cleanup);

test('every visual is drawn with data from the sample events, and the page makes no request and logs no error', async () => {
  const started = Date.now();
  const page = await sampleDashboardPage(dir);
  const declared = engagementDashboard(90).sheets.flatMap(sheet => sheet.visuals.map(v => `${v.id} ${v.kind}`));
  expect(page.report.visuals.map(v => `${v.id} ${v.kind}`)).toEqual(declared);
  // Each visual declares how many data marks it drew; the document holds at least as many shapes or rows.
  const empty = page.report.visuals.filter(v => !(v.marks > 0 && v.shapes >= v.marks));
  expect(empty).toEqual([]);
  expect(page.report.errors).toEqual([]);
  expect(page.report.requests).toEqual([]);
  for (const [dataset, rows] of Object.entries(page.rows)) expect({ dataset, nonEmpty: rows > 0 }).toEqual({ dataset, nonEmpty: true });

  // One file, nothing from elsewhere: no script, no link or image to another address.
  const html = fs.readFileSync(page.file, 'utf8');
  expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
  expect(html).not.toMatch(/(src|href)="(?!#)/);
  console.log(`dashboard page: ${(page.bytes / 1024).toFixed(1)} KiB, ${page.report.visuals.length} visuals, rows per dataset ${JSON.stringify(page.rows)}, `
    + `${((Date.now() - started) / 1000).toFixed(1)} s`);
});

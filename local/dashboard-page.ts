/**
 * Writes the engagement dashboard page (local/dashboard-html.ts) from the local engine: each dataset's SQL, as
 * the deployed dashboard declares it, run over the local database, and every visual drawn from its rows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectPage, PageReport } from './chromium';
import { renderDashboardPage, DatasetRow } from './dashboard-html';
import { LocalEventsDatabase } from './engine';
import { loadSampleEvents } from './sample-events';
import { engagementDashboard } from '../src/dashboards/dashboard-declaration';

/** The period the page shows, as the construct's default. */
export const PAGE_PERIOD_DAYS = 90;

export interface WrittenPage {
  readonly file: string;
  readonly bytes: number;
  /** Rows of each dataset. */
  readonly rows: Readonly<Record<string, number>>;
}

export async function writeDashboardPage(db: LocalEventsDatabase, file: string, subtitle: string): Promise<WrittenPage> {
  const declaration = engagementDashboard(PAGE_PERIOD_DAYS);
  const rows: Record<string, DatasetRow[]> = {};
  for (const dataset of declaration.datasets) {
    rows[dataset.id] = await db.query(dataset.sql);
  }
  const html = renderDashboardPage(declaration, { rows, subtitle });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, html);
  return { file, bytes: Buffer.byteLength(html), rows: Object.fromEntries(Object.entries(rows).map(([id, r]) => [id, r.length])) };
}

/**
 * The dashboard page of the sample events, as the README shows it: a local database in `dir` loaded with the sample
 * events (local/sample-events.ts), the page written there, opened in headless Chromium and, with `screenshot`,
 * captured as a PNG. The test of the page and the README's screenshot both come from here.
 */
export async function sampleDashboardPage(dir: string, options: { screenshot?: string } = {}): Promise<WrittenPage & { report: PageReport }> {
  const db = await LocalEventsDatabase.create(path.join(dir, 'bucket'));
  try {
    const loaded = await loadSampleEvents(db);
    const page = await writeDashboardPage(db, path.join(dir, 'dashboard.html'),
      `The ${loaded.records} sample events of the local preview, delivered over the last week`);
    const report = await inspectPage(page.file, { screenshot: options.screenshot });
    return { ...page, report };
  } finally {
    await db.close();
  }
}

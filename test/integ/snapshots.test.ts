import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INTEG_APPS, normalisedTemplates, snapshotDir, synthesizeIntegApp } from './snapshots';

test('the integration test apps are found', () => {
  expect(INTEG_APPS).toEqual(['integ.events-database.ts', 'integ.projected.ts', 'integ.sources.ts']);
});

describe.each(INTEG_APPS)('%s', app => {
  test('synthesizes the committed snapshot (update it with `npx projen integ:snapshot`)', () => {
    if (!fs.existsSync(snapshotDir(app))) {
      throw new Error(`No snapshot for ${app}: run 'npx projen integ:snapshot' and commit ${path.relative(process.cwd(), snapshotDir(app))}`);
    }
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-snapshot-'));
    try {
      synthesizeIntegApp(app, outdir);
      const expected = normalisedTemplates(snapshotDir(app));
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(normalisedTemplates(outdir)).toEqual(expected);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

/**
 * Rewrites the committed integration test snapshots (`npx projen integ:snapshot`). Review the diff before
 * committing it: the snapshot test fails on any change to what the apps synthesize until this is run.
 */
import { INTEG_APPS, snapshotDir, synthesizeIntegApp } from './snapshots';

for (const app of INTEG_APPS) {
  synthesizeIntegApp(app, snapshotDir(app));
  console.log(`${app}: snapshot written to ${snapshotDir(app)}`);
}

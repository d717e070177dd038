/**
 * A custom event view finds camel-case attribute and metric keys: the delivery stream reads keys
 * case-sensitively, so an app's `campaignName` stays `campaignName` and the view's lookup by that name works.
 */
import { App, Stack } from 'aws-cdk-lib';
import { CUSTOM_PURCHASE } from '../../fixtures/records/engagement-events';
import { LocalEventsDatabase } from '../../local/engine';
import { EventViews } from '../../src';
import { customEventView } from '../../src/views/view-catalog';
import { renderViewSql } from '../../src/views/view-sql';
import { tempBucketDir } from '../local/temp-dir';
import { importedDatabase } from '../support/imported-database';

const OPTIONS = {
  eventType: 'checkout_completed',
  attributes: { campaign_name: 'campaignName' },
  metrics: { order_total: 'orderTotal' },
};

const CHECKOUT = {
  ...CUSTOM_PURCHASE,
  event_type: 'checkout_completed',
  client: { client_id: 'app-endpoint-2' },
  attributes: { campaignName: 'Spring Sale' },
  metrics: { orderTotal: 99.95 },
};

let db: LocalEventsDatabase;
let cleanup: () => void;
beforeAll(async () => {
  const bucket = tempBucketDir('custom-view');
  cleanup = bucket.cleanup;
  db = await LocalEventsDatabase.create(bucket.dir, { views: [] });
  await db.ingest([CHECKOUT, CUSTOM_PURCHASE], new Date('2026-11-20T06:10:00Z'));
});
afterAll(async () => {
  await db.close();
  cleanup();
});

test('an app event with camel-case attribute and metric keys lands with its keys as sent', async () => {
  const rows = await db.query(`SELECT element_at(attributes, 'campaignName') AS campaign, element_at(all_metrics, 'orderTotal') AS total
    FROM all_events WHERE event_type = 'checkout_completed'`);
  expect(rows).toEqual([{ campaign: 'Spring Sale', total: 99.95 }]);
});

test('the custom event view EventViews deploys returns the camel-case attribute and metric values', async () => {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const views = new EventViews(stack, 'Views', { database: importedDatabase(stack, 'Events'), standardViews: false });
  views.addCustomEventView('checkouts', OPTIONS);
  const declaration = customEventView('checkouts', OPTIONS.eventType, OPTIONS.attributes, OPTIONS.metrics);
  // The engine runs the very SQL the Glue view stores.
  expect(views.viewSql('checkouts')).toBe(renderViewSql(declaration));

  await db.addView(declaration);
  expect(await db.query('SELECT endpoint_id, campaign_name, order_total FROM checkouts')).toEqual([
    { endpoint_id: 'app-endpoint-2', campaign_name: 'Spring Sale', order_total: 99.95 },
  ]);
});

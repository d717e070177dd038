import { App, Aws, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as glue from 'aws-cdk-lib/aws-glue';
import { EventsDatabase, EventViews } from '../../src';
import { ALL_STANDARD_VIEWS } from '../../src/views/view-catalog';
import { renderView } from '../../src/views/view-sql';
import { expectCompliant } from '../support/compliance';

/** A database whose catalog is created in the stack, with no views of its own. */
function databaseWithoutViews(stack: Stack, databaseName = 'engagement_events'): EventsDatabase {
  return new EventsDatabase(stack, 'Events', { databaseName, createViews: false });
}

function stackWithViews(props: { standardViews?: boolean } = {}) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const database = databaseWithoutViews(stack);
  const views = new EventViews(stack, 'Views', { database, ...props });
  return { stack, database, views };
}

/** The view resources of a template, by view name. */
function glueViews(template: Template): Record<string, any> {
  const tables = template.findResources('AWS::Glue::Table', { Properties: { TableInput: { TableType: 'VIRTUAL_VIEW' } } });
  return Object.fromEntries(Object.entries(tables).map(([logicalId, r]) => [r.Properties.TableInput.Name, { logicalId, ...r }]));
}

function decodeViewText(text: string) {
  const match = /^\/\* Presto View: ([A-Za-z0-9+/=]+) \*\/$/.exec(text);
  expect(match).not.toBeNull();
  return JSON.parse(Buffer.from(match![1], 'base64').toString('utf-8'));
}

test('one Glue view per standard view, as Athena stores views', () => {
  const { stack } = stackWithViews();
  const views = glueViews(Template.fromStack(stack));
  expect(Object.keys(views).sort()).toEqual(ALL_STANDARD_VIEWS.map(v => v.name).sort());
  for (const declaration of ALL_STANDARD_VIEWS) {
    const rendered = renderView(declaration);
    const { Properties: props } = views[declaration.name];
    expect(props.CatalogId).toBe('111122223333');
    expect(props.DatabaseName).toBe('engagement_events');
    expect(props.TableInput).toMatchObject({
      TableType: 'VIRTUAL_VIEW',
      Parameters: { presto_view: 'true', comment: 'Presto View' },
      ViewExpandedText: '/* Presto View */',
      StorageDescriptor: { Columns: rendered.columns.map(c => ({ Name: c.name, Type: c.hiveType })), SerdeInfo: {} },
    });
    // No Glue description: engines reading the catalog would take it for the comment that marks a view.
    expect(props.TableInput.Description).toBeUndefined();
    const document = decodeViewText(props.TableInput.ViewOriginalText);
    expect(document).toEqual({
      originalSql: rendered.sql,
      catalog: 'awsdatacatalog',
      schema: 'engagement_events',
      columns: rendered.columns.map(c => ({ name: c.name, type: c.trinoType })),
      comment: declaration.description,
    });
  }
});

test('the stored SQL selects the view\'s event type and reads the treatment from treatment_id', () => {
  const { stack } = stackWithViews();
  const views = glueViews(Template.fromStack(stack));
  const document = decodeViewText(views.sms_success.Properties.TableInput.ViewOriginalText);
  expect(document.originalSql).toContain("WHERE event_type = '_SMS.SUCCESS'");
  expect(document.originalSql).toContain("element_at(attributes, 'treatment_id') AS \"pinpoint_treatment_id\"");
  expect(document.originalSql).not.toContain('treament_id');
  expect(document.columns.find((c: any) => c.name === 'event_timestamp')).toEqual({ name: 'event_timestamp', type: 'timestamp(3)' });
  expect(views.sms_success.Properties.TableInput.StorageDescriptor.Columns).toContainEqual({ Name: 'message_tags', Type: 'map<string,string>' });
});

test('every view depends on the Glue database and table created in the same stack', () => {
  const { stack, database } = stackWithViews();
  const template = Template.fromStack(stack);
  const tableId = stack.getLogicalId(database.table.node.defaultChild as glue.CfnTable);
  const databaseId = stack.getLogicalId(database.database.node.defaultChild as glue.CfnDatabase);
  for (const view of Object.values(glueViews(template))) {
    expect(view.DependsOn).toEqual(expect.arrayContaining([tableId, databaseId]));
  }
});

test('views created inside the database construct depend on its table, not on themselves', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const database = databaseWithoutViews(stack);
  new EventViews(database, 'Views', { database });
  const views = glueViews(Template.fromStack(stack));
  for (const view of Object.values(views)) {
    expect(view.DependsOn).toContain(stack.getLogicalId(database.table.node.defaultChild as glue.CfnTable));
    expect(view.DependsOn.filter((id: string) => Object.values(views).some(v => v.logicalId === id))).toEqual([]);
  }
});

test('a database name known only at deployment is encoded by CloudFormation', () => {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const database = databaseWithoutViews(stack, `${Aws.STACK_NAME}_events`);
  new EventViews(stack, 'Views', { database });
  Template.fromStack(stack).hasResourceProperties('AWS::Glue::Table', {
    TableInput: {
      Name: 'email_send',
      ViewOriginalText: { 'Fn::Join': ['', ['/* Presto View: ', { 'Fn::Base64': Match.anyValue() }, ' */']] },
    },
  });
});

test('standardViews: false creates no view until a custom one is added', () => {
  const { stack, views } = stackWithViews({ standardViews: false });
  expect(views.viewNames).toEqual([]);
  views.addCustomEventView('purchases', { eventType: 'purchase_completed', attributes: { basket: 'Basket' }, metrics: { amount: 'Amount' } });
  const template = Template.fromStack(stack);
  expect(Object.keys(glueViews(template))).toEqual(['purchases']);
});

test('a custom event view has the standard head and tail, attribute columns as varchar and metric columns as double', () => {
  const { stack, views } = stackWithViews();
  views.addCustomEventView('purchases', { eventType: 'purchase_completed', attributes: { basket: 'Basket', payment_method: 'PaymentMethod' }, metrics: { amount: 'Amount' } });
  const view = glueViews(Template.fromStack(stack)).purchases;
  const document = decodeViewText(view.Properties.TableInput.ViewOriginalText);
  expect(document.columns).toEqual([
    { name: 'event_timestamp', type: 'timestamp(3)' },
    { name: 'arrival_timestamp', type: 'timestamp(3)' },
    { name: 'application_id', type: 'varchar' },
    { name: 'endpoint_id', type: 'varchar' },
    { name: 'aws_account_id', type: 'varchar' },
    { name: 'basket', type: 'varchar' },
    { name: 'payment_method', type: 'varchar' },
    { name: 'amount', type: 'double' },
    { name: 'ingest_timestamp', type: 'timestamp(3)' },
  ]);
  expect(document.originalSql).toContain("element_at(attributes, 'PaymentMethod') AS \"payment_method\"");
  expect(document.originalSql).toContain("WHERE event_type = 'purchase_completed'");
  expect(views.viewSql('purchases')).toBe(document.originalSql);
});

describe('custom event view validation', () => {
  test.each([
    ['Purchases', {}, /view name 'Purchases' is invalid/],
    ['9lives', {}, /view name '9lives' is invalid/],
    ['email_send', {}, /a view named 'email_send' already exists/],
    ['ok_view', { eventType: '' }, /eventType must not be empty/],
    ['ok_view', { attributes: { 'Bad-Name': 'k' } }, /attributes column 'Bad-Name' is invalid/],
    ['ok_view', { attributes: { endpoint_id: 'k' } }, /attributes column 'endpoint_id' clashes with a standard column/],
    ['ok_view', { metrics: { ingest_timestamp: 'k' } }, /metrics column 'ingest_timestamp' clashes/],
    ['ok_view', { attributes: { amount: 'a' }, metrics: { amount: 'b' } }, /column 'amount' is declared in both attributes and metrics/],
    ['ok_view', { attributes: { basket: '' } }, /attributes column 'basket' must name a non-empty attribute key/],
  ])('%s with %j is refused', (name, options, message) => {
    const { views } = stackWithViews();
    expect(() => views.addCustomEventView(name, { eventType: 'purchase_completed', ...options })).toThrow(message);
  });

  test('the same custom view name twice is refused', () => {
    const { views } = stackWithViews();
    views.addCustomEventView('purchases', { eventType: 'a' });
    expect(() => views.addCustomEventView('purchases', { eventType: 'b' })).toThrow(/a view named 'purchases' already exists/);
  });

  test('view() names the views there are when asked for a missing one', () => {
    const { views } = stackWithViews();
    expect(() => views.view('nope')).toThrow(/no view named 'nope' \(views: campaign_send, email_click/);
    expect(views.view('email_open')).toBeInstanceOf(glue.CfnTable);
  });
});

test('passes cdk-nag AwsSolutions and cfn-lint', () => {
  const { stack, views } = stackWithViews();
  views.addCustomEventView('purchases', { eventType: 'purchase_completed', metrics: { amount: 'Amount' } });
  expectCompliant(stack);
});

test('tripwire: the views keep their logical IDs (a new ID would replace a view, and the same-named new one would clash)', () => {
  const { stack, views } = stackWithViews();
  expect(Object.fromEntries(views.viewNames.map(n => [n, stack.getLogicalId(views.view(n))]))).toEqual({
    campaign_send: 'Viewscampaignsend506A9B43',
    email_click: 'ViewsemailclickDDAED40A',
    email_complaint: 'ViewsemailcomplaintE780879B',
    email_delivered: 'Viewsemaildelivered061547F2',
    email_hardbounce: 'Viewsemailhardbounce29D0D3DF',
    email_open: 'ViewsemailopenA45EBE44',
    email_rejected: 'ViewsemailrejectedEA24535B',
    email_send: 'Viewsemailsend058489E5',
    email_softbounce: 'ViewsemailsoftbounceFB1B6A60',
    email_unsubscribe: 'Viewsemailunsubscribe430443C4',
    journey_send: 'ViewsjourneysendA3B118FA',
    sms_buffered: 'ViewssmsbufferedC39AE51D',
    sms_failure: 'Viewssmsfailure9376C433',
    sms_optout: 'Viewssmsoptout7C20C4CF',
    sms_success: 'ViewssmssuccessE7850567',
    email_rendering_failure: 'Viewsemailrenderingfailure3E04879E',
    email_delivery_delay: 'ViewsemaildeliverydelayE3BF5B6A',
    email_subscription: 'Viewsemailsubscription3116FC0A',
    // Added with the End User Messaging MMS and voice events; the IDs above are unchanged.
    mms_events: 'Viewsmmsevents09E37CD9',
    voice_events: 'Viewsvoiceevents9EE773AD',
    // Added with the RCS and WhatsApp events and the cross-channel view; the IDs above are unchanged.
    rcs_events: 'Viewsrcsevents84EE29D6',
    whatsapp_events: 'Viewswhatsappevents85475928',
    message_events: 'Viewsmessageevents4E48442E',
  });
});

/** Adopting a Digital User Engagement Events Database deployment: the legacy table, the views over both, grants, validation. */
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EventsBucket, EventsDatabase, EventsDatabaseProps, EventViews, LegacyEventsOptions, LegacyEventsTable, PartitionStrategy } from '../../src';
import { toHiveType } from '../../src/schema/event-schema';
import { LEGACY_EVENT_COLUMNS } from '../../src/schema/legacy-schema';
import { expectCompliant } from '../support/compliance';

const OLD_BUCKET = 'due-eventdb-old-bucket';

function synth(props: (stack: Stack) => EventsDatabaseProps, analyst = false) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const database = new EventsDatabase(stack, 'Events', props(stack));
  if (analyst) {
    database.grantQuery(new iam.Role(stack, 'Analyst', { assumedBy: new iam.AccountRootPrincipal() }));
  }
  return { stack, database, template: Template.fromStack(stack) };
}

const policiesOf = (template: Template) => JSON.stringify(template.findResources('AWS::IAM::Policy'));

/** The old deployment's bucket, imported once per stack. */
const oldBucket = (stack: Stack) =>
  (stack.node.tryFindChild('OldBucket') as s3.IBucket | undefined) ?? s3.Bucket.fromBucketName(stack, 'OldBucket', OLD_BUCKET);

function tableInput(template: Template, name: string): Record<string, any> {
  const tables = Object.values(template.findResources('AWS::Glue::Table')) as any[];
  const table = tables.find(t => t.Properties.TableInput.Name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table.Properties.TableInput;
}

function viewSql(template: Template, name: string): string {
  const text: string = tableInput(template, name).ViewOriginalText;
  const encoded = /^\/\* Presto View: (.*) \*\/$/.exec(text)![1];
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')).originalSql;
}

describe('EventsDatabase with legacyEvents', () => {
  const { stack, database, template } = synth(s => ({ legacyEvents: { bucket: oldBucket(s), earliestHour: '2021/03/01/00' } }));

  test('declares all_events_legacy with the Hive types of the legacy schema declaration', () => {
    const input = tableInput(template, 'all_events_legacy');
    expect(input.StorageDescriptor.Columns.map((c: any) => [c.Name, c.Type]))
      .toEqual(LEGACY_EVENT_COLUMNS.map(c => [c.name, toHiveType(c.type)]));
    // The solution's own types, spelt out where they are narrower than ours.
    const types = Object.fromEntries(input.StorageDescriptor.Columns.map((c: any) => [c.Name, c.Type]));
    expect(types.metrics).toBe('struct<price_in_millicents_usd:double>');
    expect(types.client_context).toBe('struct<custom:map<string,string>>');
    expect(types.facets).not.toContain('rendering_failure');
    // Projected hours are the folder as text (a projected timestamp column fails every query in Trino).
    expect(input.PartitionKeys).toEqual([expect.objectContaining({ Name: 'ingest_hour', Type: 'string' })]);
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe');
  });

  test('reads the old bucket\'s events/ folders, hours projected from the earliest hour', () => {
    const input = tableInput(template, 'all_events_legacy');
    expect(stack.resolve(input.StorageDescriptor.Location)).toBe(`s3://${OLD_BUCKET}/events/`);
    expect(input.Parameters).toMatchObject({
      'projection.enabled': 'true',
      'projection.ingest_hour.type': 'date',
      'projection.ingest_hour.format': 'yyyy/MM/dd/HH',
      'projection.ingest_hour.range': '2021/03/01/00,NOW',
      'projection.ingest_hour.interval': '1',
      'projection.ingest_hour.interval.unit': 'HOURS',
      'storage.location.template': `s3://${OLD_BUCKET}/events/\${ingest_hour}/`,
    });
    // all_events keeps its registered partitions: only the legacy table is projected.
    expect(tableInput(template, 'all_events').Parameters['projection.enabled']).toBeUndefined();
  });

  test('the legacy table is retained with the database', () => {
    template.hasResource('AWS::Glue::Table', {
      Properties: { TableInput: Match.objectLike({ Name: 'all_events_legacy' }) },
      DeletionPolicy: 'Retain',
    });
    expect(database.legacyEvents?.tableName).toBe('all_events_legacy');
  });

  test('every view reads all_events and the legacy table, and depends on both tables', () => {
    for (const name of database.views.viewNames) {
      const sql = viewSql(template, name);
      expect(sql).toContain('FROM "all_events"\nUNION ALL\nSELECT ');
      expect(sql).toContain('FROM "all_events_legacy"');
      expect(sql).toBe(database.views.viewSql(name));
    }
    const sms = viewSql(template, 'sms_success');
    expect(sms).toContain('CAST(MAP(ARRAY[\'price_in_millicents_usd\'], ARRAY["metrics"."price_in_millicents_usd"]) AS map(varchar,double))');
    const legacyTableId = stack.getLogicalId(database.legacyEvents!.table.node.defaultChild as glue.CfnTable);
    const views = template.findResources('AWS::Glue::Table', { Properties: { TableInput: { TableType: 'VIRTUAL_VIEW' } } });
    for (const view of Object.values(views) as any[]) {
      expect(view.DependsOn).toContain(legacyTableId);
    }
  });

  test('grantQuery lets the grantee read the old files too', () => {
    const withAnalyst = synth(s => ({ legacyEvents: { bucket: oldBucket(s) } }), true);
    const policy = policiesOf(withAnalyst.template);
    expect(policy).toContain(`:s3:::${OLD_BUCKET}/events/*`);
    expect(policy).toContain(`:s3:::${OLD_BUCKET}"`);
    expect(policiesOf(synth(() => ({}), true).template)).not.toContain(OLD_BUCKET);
  });

  test('passes cdk-nag and cfn-lint', () => {
    expectCompliant(stack);
  });
});

test('a custom prefix, table name and key', () => {
  const props = (s: Stack): EventsDatabaseProps => ({
    partitionStrategy: PartitionStrategy.projected(),
    legacyEvents: {
      bucket: oldBucket(s),
      prefix: 'pinpoint/events/',
      tableName: 'due_history',
      latestHour: '2026/10/30/23',
      encryptionKey: kms.Key.fromKeyArn(s, 'OldKey', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
    },
  });
  const { stack, template } = synth(props);
  const input = tableInput(template, 'due_history');
  expect(stack.resolve(input.StorageDescriptor.Location)).toBe(`s3://${OLD_BUCKET}/pinpoint/events/`);
  expect(input.Parameters['projection.ingest_hour.range']).toBe('2020/01/01/00,2026/10/30/23');
  expect(viewSql(template, 'email_send')).toContain('FROM "due_history"');
  expectCompliant(stack);
  const policies = policiesOf(synth(props, true).template);
  expect(policies).toMatch(/"kms:Decrypt".*key\/1234abcd-12ab-34cd-56ef-1234567890ab/);
  expect(policies).toContain(`:s3:::${OLD_BUCKET}/pinpoint/events/*`);
});

test('without legacyEvents the views read all_events only', () => {
  const { database, template } = synth(() => ({}));
  expect(database.legacyEvents).toBeUndefined();
  expect(viewSql(template, 'email_send')).not.toContain('UNION ALL');
});

describe('validation', () => {
  const attempt = (legacy: (s: Stack) => Partial<LegacyEventsOptions>, extra: (s: Stack) => EventsDatabaseProps = () => ({})) => () =>
    synth(s => ({ ...extra(s), legacyEvents: { bucket: oldBucket(s), ...legacy(s) } }));

  test.each([
    ['prefix', { prefix: '/events/' }, /EventsDatabase: legacyEvents: prefix '\/events\/' is invalid: it must end with '\/'/],
    ['prefix', { prefix: 'events' }, /prefix 'events' is invalid/],
    ['prefix', { prefix: '' }, /prefix '' is invalid/],
    ['earliestHour', { earliestHour: '2021-03-01' }, /EventsDatabase: legacyEvents: earliestHour '2021-03-01' is invalid: it must be an hour written yyyy\/MM\/dd\/HH/],
    ['earliestHour', { earliestHour: '2021/02/30/00' }, /earliestHour '2021\/02\/30\/00' is invalid/],
    ['latestHour', { latestHour: 'yesterday' }, /EventsDatabase: legacyEvents: latestHour 'yesterday' is invalid: it must be 'NOW' or an hour/],
    ['latestHour', { earliestHour: '2021/03/01/00', latestHour: '2021/02/28/23' }, /latestHour '2021\/02\/28\/23' is invalid.*not before earliestHour '2021\/03\/01\/00'/],
    ['tableName', { tableName: 'All-Events' }, /EventsDatabase: legacyEvents: tableName 'All-Events' is invalid/],
    ['tableName', { tableName: 'all_events' }, /tableName 'all_events' is taken by the events table/],
    ['tableName', { tableName: 'email_send' }, /tableName 'email_send' is taken by a standard view/],
  ])('%s %j', (_prop, options, message) => {
    expect(attempt(() => options)).toThrow(message);
  });

  test('the old prefix may not overlap where the database writes in the same bucket', () => {
    expect(attempt(() => ({}), s => ({ bucket: EventsBucket.fromBucket(oldBucket(s)) })))
      .toThrow(/EventsDatabase: legacyEvents.prefix 'events\/' overlaps where this database writes in the same bucket/);
    expect(attempt(() => ({}), s => ({ bucket: EventsBucket.fromBucket(s3.Bucket.fromBucketName(s, 'SameName', OLD_BUCKET)) })))
      .toThrow(/overlaps/);
    // Another prefix of the same bucket is fine.
    expect(attempt(() => ({ prefix: 'legacy/events/' }), s => ({ bucket: EventsBucket.fromBucket(oldBucket(s)) }))).not.toThrow();
  });

  test('LegacyEventsTable validates on its own', () => {
    const stack = new Stack();
    const database = new glue.Database(stack, 'Db', { databaseName: 'db' });
    expect(() => new LegacyEventsTable(stack, 'Legacy', { database, bucket: oldBucket(stack), prefix: 'x' }))
      .toThrow(/LegacyEventsTable: prefix 'x' is invalid/);
  });
});

describe('EventViews over a database deployed elsewhere, with a LegacyEventsTable', () => {
  const build = (legacyTableName?: string) => {
    const stack = new Stack(new App(), 'Views', { env: { account: '111122223333', region: 'eu-west-1' } });
    const database = EventsDatabase.fromEventsDatabaseAttributes(stack, 'Events', {
      databaseName: 'due_eventdb',
      bucket: s3.Bucket.fromBucketName(stack, 'NewBucket', 'new-events'),
      deliveryStream: firehose.DeliveryStream.fromDeliveryStreamName(stack, 'Stream', 'events'),
    });
    const legacy = new LegacyEventsTable(stack, 'Legacy', { database: database.database, bucket: oldBucket(stack) });
    const views = new EventViews(stack, 'EventViews', { database, legacyTableName: legacyTableName ?? legacy.tableName });
    return { stack, views };
  };

  test('the views read the legacy table named', () => {
    const { stack, views } = build();
    const template = Template.fromStack(stack);
    expect(viewSql(template, 'sms_success')).toContain('FROM "all_events_legacy"');
    expect(viewSql(template, 'sms_success')).toBe(views.viewSql('sms_success'));
    expect(stack.resolve(tableInput(template, 'all_events_legacy').StorageDescriptor.Location)).toBe(`s3://${OLD_BUCKET}/events/`);
  });

  test('legacyTableName is validated', () => {
    expect(() => build('Old-Events')).toThrow(/EventViews: legacyTableName 'Old-Events' is invalid/);
    expect(() => build('all_events')).toThrow(/EventViews: legacyTableName 'all_events' is the events table itself/);
  });
});

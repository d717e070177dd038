import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EVENTS_PREFIX, FIREHOSE_EVENTS_PREFIX } from '../../src/database/layout';
import { placeKey } from '../../src/partitions/partition-keys';
import { partitionProjectionParameters } from '../../src/partitions/partition-projection';
import { PARTITION_KEYS, PROJECTED_PARTITION_KEYS, toHiveType } from '../../src/schema/event-schema';
import { expectCompliant } from '../support/compliance';

/** Formats an instant with the subset of Java DateTimeFormatter letters the projection format uses. */
function formatHour(pattern: string, date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return pattern.replace(/yyyy|MM|dd|HH/g, token => ({
    yyyy: String(date.getUTCFullYear()), MM: pad(date.getUTCMonth() + 1), dd: pad(date.getUTCDate()), HH: pad(date.getUTCHours()),
  } as Record<string, string>)[token]);
}

describe('partitionProjectionParameters', () => {
  test('projects one ingest_timestamp value per UTC hour at the folders Firehose writes', () => {
    expect(partitionProjectionParameters('my-events')).toEqual({
      'projection.enabled': 'true',
      'projection.ingest_hour.type': 'date',
      'projection.ingest_hour.format': 'yyyy/MM/dd/HH',
      'projection.ingest_hour.range': '2020/01/01/00,NOW',
      'projection.ingest_hour.interval': '1',
      'projection.ingest_hour.interval.unit': 'HOURS',
      'storage.location.template': 's3://my-events/events/${ingest_hour}/',
    });
  });

  test('the projected location of an hour is the folder the registrar registers, and the Firehose prefix writes', () => {
    const parameters = partitionProjectionParameters('my-events');
    const hour = new Date(Date.UTC(2024, 1, 29, 7));
    const projected = parameters['storage.location.template']
      .replace('${ingest_hour}', formatHour(parameters['projection.ingest_hour.format'], hour));
    const firehoseFolder = FIREHOSE_EVENTS_PREFIX.replace(/!\{timestamp:([^}]+)\}/, (_, pattern) => formatHour(pattern, hour));
    const placed = placeKey(`${firehoseFolder}stream-1.parquet`, EVENTS_PREFIX);
    expect(placed).toEqual({ kind: 'partition', partition: { value: '2024-02-29 07:00:00', folder: 'events/2024/02/29/07/' } });
    expect(projected).toBe(`s3://my-events/${firehoseFolder}`);
  });

  test('the partition column it projects is the projected table\'s partition key, the folder as text', () => {
    expect(PROJECTED_PARTITION_KEYS.map(key => [key.name, toHiveType(key.type)])).toEqual([['ingest_hour', 'string']]);
    expect(PARTITION_KEYS.map(key => [key.name, toHiveType(key.type)])).toEqual([['ingest_timestamp', 'timestamp']]);
  });

  test('takes a prefix and an earliest hour, and refuses malformed ones', () => {
    expect(partitionProjectionParameters('b', 'data/events/', '2025/06/01/00')).toMatchObject({
      'projection.ingest_hour.range': '2025/06/01/00,NOW',
      'storage.location.template': 's3://b/data/events/${ingest_hour}/',
    });
    expect(() => partitionProjectionParameters('b', 'events')).toThrow(/eventsPrefix 'events' is invalid/);
    expect(() => partitionProjectionParameters('b', 'events/', '2025-06-01')).toThrow(/earliestHour '2025-06-01' is invalid/);
    expect(() => partitionProjectionParameters('b', 'events/', '2025/02/30/00')).toThrow(/earliestHour '2025\/02\/30\/00' is invalid/);
    expect(partitionProjectionParameters('b', 'events/', '2025/06/01/00', '2025/07/01/23')['projection.ingest_hour.range'])
      .toBe('2025/06/01/00,2025/07/01/23');
    expect(() => partitionProjectionParameters('b', 'events/', '2025/06/01/00', '2025/05/31/23')).toThrow(/latestHour '2025\/05\/31\/23' is invalid/);
    expect(() => partitionProjectionParameters('b', 'events/', '2025/06/01/00', 'later')).toThrow(/latestHour 'later' is invalid/);
  });

  test('a projected glue.S3Table takes the parameters, keeps the timestamp partition key, and lints clean', () => {
    const stack = new Stack(new App(), 'Projected');
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'my-events');
    const database = new glue.Database(stack, 'Database', { databaseName: 'engagement' });
    // aws-cdk-lib's own partitionProjection prop is left unset: it writes no storage.location.template, which
    // the Firehose hour folders need, and refuses projection.* keys in parameters only when it is set.
    new glue.S3Table(stack, 'Table', {
      database,
      tableName: 'all_events',
      storage: glue.S3TableStorage.fromBucket(bucket),
      s3Prefix: EVENTS_PREFIX,
      dataFormat: glue.DataFormat.PARQUET,
      columns: [{ name: 'event_type', type: glue.Schema.STRING }],
      partitionKeys: PARTITION_KEYS.map(key => ({ name: key.name, type: glue.Schema.TIMESTAMP })),
      parameters: partitionProjectionParameters(bucket.bucketName),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: {
        PartitionKeys: [{ Name: 'ingest_timestamp', Type: 'timestamp' }],
        Parameters: Match.objectLike(partitionProjectionParameters('my-events')),
      },
    });
    // Projection needs nothing else: no function, queue or rule.
    expect(Object.values(template.toJSON().Resources).map((resource: any) => resource.Type).sort()).toEqual(['AWS::Glue::Database', 'AWS::Glue::Table']);
    expectCompliant(stack);
  });
});

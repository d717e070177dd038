/** The parts of the Trino harness that need no server: setup checks, template resolution, canonical values. */
import * as fs from 'fs';
import { catalogTables, CfnTemplate, decodePrestoView, s3ToLocal, TemplateResolver, writeFileMetastore } from './glue-catalog';
import { locateTrino } from './trino-server';
import { canonicalRows, canonicalTypeName } from './trino-values';
import { tempBucketDir } from '../local/temp-dir';

describe('locateTrino', () => {
  test('fails naming the setup command when the Java it is told to use is not there', () => {
    expect(() => locateTrino({ ...process.env, TRINO_JAVA_HOME: '/nonexistent/java-home' }))
      .toThrow(/Trino is not ready for the SQL tests: [\s\S]*Set it up with `scripts\/ensure-trino\.sh`/);
  });
});

const TEMPLATE: CfnTemplate = {
  Resources: {
    Db: { Type: 'AWS::Glue::Database', Properties: { DatabaseInput: { Name: 'events_db' } } },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
    Table: {
      Type: 'AWS::Glue::Table',
      Properties: {
        DatabaseName: { Ref: 'Db' },
        TableInput: {
          Name: 'all_events',
          TableType: 'EXTERNAL_TABLE',
          Parameters: { 'has_encrypted_data': true, 'storage.location.template': { 'Fn::Join': ['', ['s3://', { Ref: 'Bucket' }, '/events/${hour}/']] } },
          PartitionKeys: [{ Name: 'hour', Type: 'string' }],
          StorageDescriptor: {
            Columns: [{ Name: 'a', Type: 'map<string,string>', Comment: 'a map' }],
            Location: { 'Fn::Join': ['', ['s3://', { Ref: 'Bucket' }, '/events/']] },
            InputFormat: 'in',
            OutputFormat: 'out',
            SerdeInfo: { SerializationLibrary: 'serde' },
            Compressed: true,
          },
        },
      },
    },
  },
};

describe('catalogTables', () => {
  test('resolves references, makes S3 locations local and parameters strings', () => {
    const [table] = catalogTables(TEMPLATE);
    expect(table).toMatchObject({
      databaseName: 'events_db',
      name: 'all_events',
      location: 'local:///bucket/events/',
      parameters: { 'has_encrypted_data': 'true', 'storage.location.template': 'local:///bucket/events/${hour}/' },
      columns: [{ name: 'a', type: 'map<string,string>', comment: 'a map' }],
      partitionKeys: [{ name: 'hour', type: 'string' }],
      serde: 'serde',
      inputFormat: 'in',
      outputFormat: 'out',
    });
  });

  test('refuses a table-input field it does not translate, naming it', () => {
    const template = structuredClone(TEMPLATE);
    (template.Resources.Table.Properties!.TableInput as Record<string, unknown>).Retention = 5;
    expect(() => catalogTables(template)).toThrow(/Table: the Glue table input holds Retention/);
  });

  test('writes the metastore layout Trino reads, with the description as the comment', () => {
    const bucket = tempBucketDir('metastore');
    try {
      const [table] = catalogTables(TEMPLATE);
      writeFileMetastore(bucket.dir, [{ ...table, description: 'Events' }], '476');
      expect(JSON.parse(fs.readFileSync(`${bucket.dir}/metastore/.events_db.trinoSchema`, 'utf8'))).toMatchObject({ writerVersion: '476' });
      expect(JSON.parse(fs.readFileSync(`${bucket.dir}/metastore/events_db/all_events/.trinoSchema`, 'utf8'))).toMatchObject({
        tableType: 'EXTERNAL_TABLE',
        externalLocation: 'local:///bucket/events/',
        parameters: { comment: 'Events' },
        originalStorageFormat: { serde: 'serde', inputFormat: 'in', outputFormat: 'out' },
      });
      expect(fs.statSync(`${bucket.dir}/bucket/events`).isDirectory()).toBe(true);
    } finally {
      bucket.cleanup();
    }
  });

  test('resolves Fn::Base64 and decodes a Presto view text', () => {
    const json = JSON.stringify({ originalSql: 'SELECT 1 AS x', catalog: 'awsdatacatalog', schema: 's', columns: [{ name: 'x', type: 'integer' }] });
    const text = new TemplateResolver(TEMPLATE).resolve({ 'Fn::Join': ['', ['/* Presto View: ', { 'Fn::Base64': json }, ' */']] });
    expect(decodePrestoView(text as string)).toEqual(JSON.parse(json));
    expect(s3ToLocal('s3://b/k/')).toBe('local:///b/k/');
  });
});

describe('canonical values', () => {
  test('type names are spelt one way', () => {
    expect(canonicalTypeName('row(a varchar, "from" array(map(varchar, double)))')).toBe('row(a varchar,from array(map(varchar,double)))');
    expect(canonicalTypeName('timestamp(3) with time zone')).toBe('timestamp(3) with time zone');
  });

  test('Trino\'s and DuckDB\'s JSON of the same row compare equal, and different rows do not', () => {
    const columns = [
      { name: 'ts', type: 'timestamp(3)' }, { name: 'n', type: 'bigint' }, { name: 'm', type: 'map(varchar, varchar)' },
      { name: 'r', type: 'row(x varchar, y double)' },
    ];
    const trino = [{ ts: '2019-08-01 00:17:01.380', n: 3, m: { b: '2', a: '1' }, r: ['x', 1.5] }];
    const duckdb = [{ ts: '2019-08-01 00:17:01.38', n: '3', m: [{ key: 'a', value: '1' }, { key: 'b', value: '2' }], r: { x: 'x', y: 1.5 } }];
    expect(canonicalRows(trino, columns)).toEqual(canonicalRows(duckdb, columns));
    expect(canonicalRows([{ ...trino[0], ts: '2019-08-01 00:17:01.381' }], columns)).not.toEqual(canonicalRows(duckdb, columns));
  });
});

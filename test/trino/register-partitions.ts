/**
 * Registers the hour partitions of a table's Parquet objects in Trino as the partition registrar registers
 * them in Glue: each object key placed by the registrar's own `placeKey` (value `yyyy-MM-dd HH:00:00`, location
 * the hour folder), one registration per distinct hour.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CatalogTable, localPath, s3ToLocal } from './glue-catalog';
import { TrinoServer } from './trino-server';
import { partitionLocation, placeKey } from '../../src/partitions/partition-keys';
import { sqlString } from '../../src/views/view-catalog';

/** The hours registered, by partition value. */
export async function registerHourPartitions(server: TrinoServer, table: CatalogTable, localRoot: string): Promise<string[]> {
  const location = /^local:\/\/\/([^/]+)\/(.*)$/.exec(table.location ?? '');
  if (!location) throw new Error(`${table.name}: no local:///<bucket>/<prefix> location (${table.location})`);
  const [, bucket, prefix] = location;
  if (table.partitionKeys.length !== 1) {
    throw new Error(`${table.name}: the registrar registers one hour partition key, the table has ${table.partitionKeys.length}`);
  }
  const folder = localPath(localRoot, table.location!);
  const keys = (fs.readdirSync(folder, { recursive: true }) as string[])
    .filter(f => fs.statSync(path.join(folder, f)).isFile())
    .map(f => `${prefix}${f.split(path.sep).join('/')}`);
  const hours = new Map<string, string>();
  for (const key of keys) {
    const placement = placeKey(key, prefix);
    if (placement.kind === 'partition') {
      hours.set(placement.partition.value, s3ToLocal(partitionLocation(bucket, placement.partition)));
    }
  }
  for (const [value, partitionLocal] of hours) {
    await server.query(`CALL system.register_partition(${sqlString(table.databaseName)}, ${sqlString(table.name)}, `
      + `ARRAY[${sqlString(table.partitionKeys[0].name)}], ARRAY[${sqlString(value)}], ${sqlString(partitionLocal)})`);
  }
  return [...hours.keys()];
}

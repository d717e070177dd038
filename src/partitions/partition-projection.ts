/**
 * Athena partition projection parameters for the `ingest_hour` partition of a projected events table.
 */
import { Token } from 'aws-cdk-lib';
import { parseHour } from './partition-keys';
import { EVENTS_PREFIX, HOUR_FOLDER_PATTERN } from '../database/layout';
import { INGEST_HOUR } from '../schema/event-schema';

export { parseHour };

/** The first hour projected when none is given. Events cannot predate the stack; earlier hours would only be listed for nothing. */
export const DEFAULT_EARLIEST_HOUR = '2020/01/01/00';

/**
 * The table parameters that make Athena project one `ingest_hour` partition per UTC hour, at the folders
 * Firehose writes (`s3://<bucket>/<prefix>yyyy/MM/dd/HH/`).
 *
 * The partition column is the folder as text (`2026/12/01/18`): projected dates are only accepted on text
 * columns (a `timestamp` column fails every query in Trino). The `all_events` view derives `ingest_timestamp`
 * from it, and a filter on that still prunes hours (see docs/adr/0004-projected-partitions-as-text.md).
 *
 * @param bucketName the events bucket (a token is fine)
 * @param eventsPrefix where the Parquet hour folders start, ending in `/`
 * @param earliestHour first hour projected, `yyyy/MM/dd/HH` (UTC)
 * @param latestHour last hour projected, `yyyy/MM/dd/HH` (UTC), or `NOW` (the current hour) for data that still grows
 */
export function partitionProjectionParameters(
  bucketName: string,
  eventsPrefix: string = EVENTS_PREFIX,
  earliestHour: string = DEFAULT_EARLIEST_HOUR,
  latestHour: string = 'NOW',
): Record<string, string> {
  if (!Token.isUnresolved(eventsPrefix) && (!eventsPrefix.endsWith('/') || eventsPrefix.startsWith('/'))) {
    throw new Error(`partition projection: eventsPrefix '${eventsPrefix}' is invalid: it must end with '/' and not start with '/'`);
  }
  const earliest = parseHour(earliestHour);
  if (earliest === undefined) {
    throw new Error(`partition projection: earliestHour '${earliestHour}' is invalid: it must be an hour written ${HOUR_FOLDER_PATTERN}, e.g. 2024/01/31/00`);
  }
  if (latestHour !== 'NOW') {
    const latest = parseHour(latestHour);
    if (latest === undefined || latest < earliest) {
      throw new Error(`partition projection: latestHour '${latestHour}' is invalid: it must be NOW or an hour written ${HOUR_FOLDER_PATTERN}, not before earliestHour '${earliestHour}'`);
    }
  }
  const column = INGEST_HOUR.name;
  return {
    'projection.enabled': 'true',
    [`projection.${column}.type`]: 'date',
    [`projection.${column}.format`]: HOUR_FOLDER_PATTERN,
    [`projection.${column}.range`]: `${earliestHour},${latestHour}`,
    [`projection.${column}.interval`]: '1',
    [`projection.${column}.interval.unit`]: 'HOURS',
    'storage.location.template': `s3://${bucketName}/${eventsPrefix}\${${column}}/`,
  };
}


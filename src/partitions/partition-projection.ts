/**
 * Athena partition projection parameters for the `ingest_timestamp` partition of the events table.
 */
import { Token } from 'aws-cdk-lib';
import { EVENTS_PREFIX, HOUR_FOLDER_PATTERN } from '../database/layout';
import { PARTITION_KEYS } from '../schema/event-schema';

/** The first hour projected when none is given. Events cannot predate the stack; earlier hours would only be listed for nothing. */
export const DEFAULT_EARLIEST_HOUR = '2020/01/01/00';

const HOUR = /^(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})$/;

/**
 * The table parameters that make Athena project one `ingest_timestamp` partition per UTC hour, at the folders
 * Firehose writes (`s3://<bucket>/<prefix>yyyy/MM/dd/HH/`).
 *
 * The partition column stays a `timestamp`: Athena parses the hour folder with `projection.<column>.format`
 * and the partition value is the hour as a timestamp, so `WHERE ingest_timestamp >= <timestamp>` prunes hours
 * (see docs/adr/0002-partition-registration.md).
 *
 * @param bucketName the events bucket (a token is fine)
 * @param eventsPrefix where the Parquet hour folders start, ending in `/`
 * @param earliestHour first hour projected, `yyyy/MM/dd/HH` (UTC); the last is always the current hour
 */
export function partitionProjectionParameters(
  bucketName: string,
  eventsPrefix: string = EVENTS_PREFIX,
  earliestHour: string = DEFAULT_EARLIEST_HOUR,
): Record<string, string> {
  if (!Token.isUnresolved(eventsPrefix) && (!eventsPrefix.endsWith('/') || eventsPrefix.startsWith('/'))) {
    throw new Error(`partition projection: eventsPrefix '${eventsPrefix}' is invalid: it must end with '/' and not start with '/'`);
  }
  const match = HOUR.exec(earliestHour);
  const asDate = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4])) : undefined;
  if (!match || !asDate || asDate.getUTCMonth() !== +match[2] - 1 || asDate.getUTCDate() !== +match[3] || asDate.getUTCHours() !== +match[4]) {
    throw new Error(`partition projection: earliestHour '${earliestHour}' is invalid: it must be an hour written ${HOUR_FOLDER_PATTERN}, e.g. 2024/01/31/00`);
  }
  const column = PARTITION_KEYS[0].name;
  return {
    'projection.enabled': 'true',
    [`projection.${column}.type`]: 'date',
    [`projection.${column}.format`]: HOUR_FOLDER_PATTERN,
    [`projection.${column}.range`]: `${earliestHour},NOW`,
    [`projection.${column}.interval`]: '1',
    [`projection.${column}.interval.unit`]: 'HOURS',
    'storage.location.template': `s3://${bucketName}/${eventsPrefix}\${${column}}/`,
  };
}

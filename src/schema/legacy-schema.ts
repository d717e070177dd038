/**
 * The table that reads the Parquet files of an adopted deployment of the Digital User Engagement Events Database:
 * the solution's own table schema (`guide-table.ts`), its hours projected from the folders.
 */
import { PROJECTED_PARTITION_KEYS } from './event-schema';
import { GUIDE_EVENT_COLUMNS } from './guide-table';
import { SchemaField } from './types';

/** Default name of the table over the adopted deployment's Parquet files. */
export const LEGACY_EVENTS_TABLE_NAME = 'all_events_legacy';

/** The columns of the adopted deployment's files: the solution's table, exactly. */
export const LEGACY_EVENT_COLUMNS: readonly SchemaField[] = GUIDE_EVENT_COLUMNS;

/**
 * The solution registered `ingest_timestamp` (timestamp) partitions over `events/yyyy/MM/dd/HH/`. The table that
 * adopts its files projects those hour folders instead (no registration needed for history), and projection
 * works on text partition columns only, so the folder is the partition value.
 */
export const LEGACY_PARTITION_KEYS: readonly SchemaField[] = PROJECTED_PARTITION_KEYS;

/**
 * Fields of `all_events` that an adopted row fills from another field of its own: the solution's `metrics` held
 * the price only, and `link_tags` the unsubscribe tag only, so those are all an old row has of each.
 * Paths are dotted, from the column.
 */
export const LEGACY_FIELD_SOURCES: Readonly<Record<string, string>> = {
  'all_metrics': 'metrics',
  'facets.email_channel.mail_event.click.all_link_tags': 'facets.email_channel.mail_event.click.link_tags',
};

/**
 * How the events table stores its rows.
 */
export enum TableFormat {
  /**
   * Snappy Parquet files that Firehose converts from JSON, one folder per arrival hour (`events/yyyy/MM/dd/HH/`),
   * read through a Glue table partitioned by `ingest_timestamp`. Rows are never changed once written.
   */
  PARQUET = 'PARQUET',
  /**
   * An Apache Iceberg v2 table in the Glue Data Catalog that Firehose writes directly (Parquet data files under
   * `events/`), hidden-partitioned by the hour of `ingest_timestamp`. Rows can be deleted (Athena `DELETE`), small
   * files are compacted and old snapshots expired by Glue table optimizers, and columns can be changed without
   * rewriting the data. See docs/adr/0006-iceberg-table-format.md.
   */
  ICEBERG = 'ICEBERG',
}

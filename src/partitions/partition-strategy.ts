import { DEFAULT_EARLIEST_HOUR, partitionProjectionParameters } from './partition-projection';
import { PartitionRegistrarOptions } from './partition-registrar';

/** Options of `PartitionStrategy.projected()`: the hours Athena projects. */
export interface ProjectedPartitionsOptions {
  /**
   * The first hour (UTC, `yyyy/MM/dd/HH`) projected. Every query that does not filter on `ingest_timestamp` lists
   * each projected hour, and even a filtered one makes the engine compute them all (about 60,000 since 2020), so
   * set it to the hour the database started receiving events, or shortly before.
   * @default '2020/01/01/00'
   */
  readonly earliestHour?: string;

  /**
   * The last hour (UTC, `yyyy/MM/dd/HH`) projected, or `NOW` for a database that still receives events.
   * @default 'NOW'
   */
  readonly latestHour?: string;
}

/**
 * How the `ingest_timestamp` partitions of the events table become known to the engines that query it.
 */
export class PartitionStrategy {
  /**
   * Each arrival hour is registered in the Glue Data Catalog as its first Parquet object lands: S3 "Object
   * Created" events go through EventBridge and an SQS queue (with a dead-letter queue and an alarm) to a
   * Lambda function that calls Glue's BatchCreatePartition, at most one call per 100 new hours.
   *
   * The catalog lists the partitions, so every engine reading the Glue catalog (Athena, Spark, Redshift
   * Spectrum, Glue jobs) sees them. The bucket must send its events to EventBridge (a created bucket does).
   *
   * @param options how the registrar takes in object-created events and runs
   */
  public static registered(options: PartitionRegistrarOptions = {}): PartitionStrategy {
    return new PartitionStrategy(options);
  }

  /**
   * Athena partition projection: the table carries projection parameters matching the Firehose prefix
   * (`events/yyyy/MM/dd/HH/`), so Athena computes the hours a query needs and data is queryable as soon as it
   * lands, with nothing deployed for partitions.
   *
   * Only Athena reads projection parameters: other engines see a table without partitions. Athena ignores
   * partitions registered in the catalog while projection is on. Filter on `ingest_timestamp` to bound the
   * hours a query lists.
   *
   * The table is then `all_events_by_hour`, partitioned by the hour folder as text (`ingest_hour`), and
   * `all_events` a view over it that adds `ingest_timestamp`: engines accept projected dates on text partition
   * columns only.
   *
   * @param options the hours projected
   */
  public static projected(options: ProjectedPartitionsOptions = {}): PartitionStrategy {
    // Checked here, so that a wrong hour fails where it is written.
    try {
      partitionProjectionParameters('bucket', undefined, options.earliestHour ?? DEFAULT_EARLIEST_HOUR, options.latestHour ?? 'NOW');
    } catch (error) {
      throw new Error(`PartitionStrategy.projected(): ${(error as Error).message.replace(/^partition projection: /, '')}`);
    }
    return new PartitionStrategy(undefined, options);
  }

  /** @internal The registrar's options with `registered()`; undefined with `projected()`. */
  public readonly _registrarOptions?: PartitionRegistrarOptions;

  /** @internal The projected hours with `projected()`; undefined with `registered()`. */
  public readonly _projectionOptions?: ProjectedPartitionsOptions;

  private constructor(registrarOptions: PartitionRegistrarOptions | undefined, projectionOptions?: ProjectedPartitionsOptions) {
    this._registrarOptions = registrarOptions;
    this._projectionOptions = projectionOptions;
  }
}

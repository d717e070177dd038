import { PartitionRegistrarOptions } from './partition-registrar';

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
   */
  public static projected(): PartitionStrategy {
    return new PartitionStrategy(undefined);
  }

  /** @internal The registrar's options with `registered()`; undefined with `projected()`. */
  public readonly _registrarOptions?: PartitionRegistrarOptions;

  private constructor(registrarOptions: PartitionRegistrarOptions | undefined) {
    this._registrarOptions = registrarOptions;
  }
}

/**
 * Creating the hour partitions of the events table in Glue, shared by the registrar's function and the repair
 * command (`reconcile-partitions`): a partition is the same, and Glue's answers are read the same way, whichever
 * of them made it.
 */
import {
  BatchCreatePartitionCommand,
  GetTableCommand,
  GlueClient,
  PartitionError,
  PartitionInput,
  StorageDescriptor,
  Table,
} from '@aws-sdk/client-glue';
import { backoffDelay, HourPartition, isRetryableCode, partitionLocation } from './partition-keys';

/** Glue accepts at most this many partitions in one BatchCreatePartition call. */
export const GLUE_BATCH_LIMIT = 100;

/** The events table whose partitions are created, and the bucket its hour folders are in. */
export interface PartitionedTable {
  /** The Glue Data Catalog (an account ID); the caller's account when undefined. */
  readonly catalogId?: string;
  readonly databaseName: string;
  readonly tableName: string;
  readonly bucketName: string;
}

/** How calls that fail for a transient reason are tried again: exponential backoff with full jitter. */
export interface RetryPolicy {
  /** Attempts in all, the first included (at least 1). */
  readonly maxAttempts: number;
  readonly baseDelayMillis: number;
  readonly maxDelayMillis: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMillis: 200, maxDelayMillis: 5000 };

export type LogLevel = 'INFO' | 'WARN' | 'ERROR';
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

/** The name of an AWS error (`ThrottlingException`, `AccessDeniedException`), or `Error`. */
export function errorCode(error: unknown): string {
  const candidate = error as { name?: string; Code?: string; code?: string };
  return candidate?.name ?? candidate?.Code ?? candidate?.code ?? 'Error';
}

/** The message of an error, for logs and reports. */
export function errorMessage(error: unknown): string {
  return String((error as Error)?.message ?? error);
}

/** Whether a failed call is worth trying again: throttling, a service fault, a dropped connection. */
export function isRetryableError(error: unknown): boolean {
  const candidate = error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = candidate?.$metadata?.httpStatusCode;
  return isRetryableCode(errorCode(error)) || candidate?.$retryable !== undefined
    || (status !== undefined && status >= 500) || ['TimeoutError', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE'].includes(errorCode(error));
}

const sleep = (millis: number) => new Promise<void>(resolve => setTimeout(resolve, millis));

/**
 * The storage descriptor every partition copies from the table: columns, SerDe, input and output formats. The
 * location is each partition's own.
 * @throws Error when the table is not partitioned by exactly one key (a view, or another table)
 */
export function partitionStorage(table: Table | undefined, qualifiedName: string): StorageDescriptor {
  const keys = table?.PartitionKeys ?? [];
  if (!table?.StorageDescriptor || keys.length !== 1) {
    throw new Error(`table ${qualifiedName} must have a storage descriptor and exactly one partition key (the arrival hour); `
      + `it has ${keys.length}${table?.TableType === 'VIRTUAL_VIEW' ? ' (it is a view: with projected partitions, there are none to register)' : ''}`);
  }
  const { Columns, InputFormat, OutputFormat, Compressed, SerdeInfo, Parameters, StoredAsSubDirectories } = table.StorageDescriptor;
  return { Columns, InputFormat, OutputFormat, Compressed, SerdeInfo, Parameters, StoredAsSubDirectories };
}

/** The Glue input creating `partition`: the hour as its value, the table's storage at the hour folder. */
export function partitionInput(bucketName: string, partition: HourPartition, storage: StorageDescriptor): PartitionInput {
  return {
    Values: [partition.value],
    StorageDescriptor: { ...storage, Location: partitionLocation(bucketName, partition) },
  };
}

/** A partition Glue did not create, and why. */
export interface PartitionFailure {
  readonly value: string;
  readonly code: string;
  readonly message?: string;
}

/** What became of the partitions of one BatchCreatePartition chunk. */
export interface ChunkOutcome {
  readonly created: string[];
  /** Partitions Glue answered `AlreadyExistsException` for: registered by someone else, or earlier. */
  readonly alreadyRegistered: string[];
  readonly failed: PartitionFailure[];
  /** The code of an error that failed a whole call (access denied, a missing table), after the retries. */
  readonly callError?: string;
}

/**
 * Creates the hour partitions of one table through Glue, with bounded retries, counting every call it makes.
 */
export class PartitionWriter {
  /** Glue calls made so far, retries included. */
  public calls = 0;

  constructor(
    private readonly glue: GlueClient,
    private readonly table: PartitionedTable,
    private readonly retry: RetryPolicy,
    private readonly log: Logger,
  ) {}

  /** `database.table`, for messages. */
  get qualifiedName(): string {
    return `${this.table.databaseName}.${this.table.tableName}`;
  }

  /** Calls `call`, trying again after a pause while it fails for a transient reason, up to the policy's bound. */
  async withRetries<T>(operation: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        this.calls++;
        return await call();
      } catch (error) {
        if (attempt >= this.retry.maxAttempts || !isRetryableError(error)) {
          throw error;
        }
        const delay = backoffDelay(attempt - 1, this.retry.baseDelayMillis, this.retry.maxDelayMillis);
        this.log('WARN', 'Glue call failed; retrying', { operation, attempt, code: errorCode(error), delayMillis: delay });
        await sleep(delay);
      }
    }
  }

  /** Reads the table and returns the storage its partitions copy. */
  async readStorage(): Promise<StorageDescriptor> {
    const { Table: table } = await this.withRetries('GetTable', () => this.glue.send(new GetTableCommand({
      CatalogId: this.table.catalogId,
      DatabaseName: this.table.databaseName,
      Name: this.table.tableName,
    })));
    return partitionStorage(table, this.qualifiedName);
  }

  /**
   * Creates one chunk (at most {@link GLUE_BATCH_LIMIT}) of partitions. Entries Glue reports as existing count as
   * registered; entries failing for a transient reason are tried again (bounded, with backoff); any other failure
   * is returned.
   */
  async createChunk(partitions: readonly HourPartition[], storage: StorageDescriptor): Promise<ChunkOutcome> {
    const outcome = { created: [] as string[], alreadyRegistered: [] as string[], failed: [] as PartitionFailure[] };
    let pending = partitions;
    for (let attempt = 1; pending.length > 0; attempt++) {
      let errors: PartitionError[] | undefined;
      try {
        ({ Errors: errors } = await this.withRetries('BatchCreatePartition', () => this.glue.send(new BatchCreatePartitionCommand({
          CatalogId: this.table.catalogId,
          DatabaseName: this.table.databaseName,
          TableName: this.table.tableName,
          PartitionInputList: pending.map(partition => partitionInput(this.table.bucketName, partition, storage)),
        }))));
      } catch (error) {
        const code = errorCode(error);
        this.log('ERROR', 'BatchCreatePartition failed', { code, error: errorMessage(error), partitions: pending.length });
        outcome.failed.push(...pending.map(({ value }) => ({ value, code })));
        return { ...outcome, callError: code };
      }

      const sent = new Set(pending.map(({ value }) => value));
      const errorByValue = new Map<string, { code?: string; message?: string }>();
      const unattributed: PartitionError[] = [];
      for (const entry of errors ?? []) {
        const value = entry.PartitionValues?.length === 1 ? entry.PartitionValues[0] : undefined;
        if (value !== undefined && sent.has(value)) {
          errorByValue.set(value, { code: entry.ErrorDetail?.ErrorCode, message: entry.ErrorDetail?.ErrorMessage });
        } else {
          unattributed.push(entry);
        }
      }

      const lastAttempt = attempt >= this.retry.maxAttempts;
      const retry: HourPartition[] = [];
      for (const partition of pending) {
        const detail = errorByValue.get(partition.value);
        if (detail === undefined && unattributed.length === 0) {
          outcome.created.push(partition.value);
        } else if (detail === undefined) {
          // Glue names the partition of every error entry. An entry naming none (or one that was not sent) could be
          // any partition of the call, so no partition of it may be counted as created on this answer. Sending them
          // again settles it at no risk: a partition that this call did create answers AlreadyExistsException (a
          // success), one it did not is created now or answers its own error. Past the bound they fail, so their
          // messages return from the queue instead of being counted as registered.
          if (lastAttempt) {
            const first = unattributed[0].ErrorDetail;
            outcome.failed.push({
              value: partition.value,
              code: first?.ErrorCode ?? 'UnattributedError',
              message: `Glue reported an error naming no partition: ${first?.ErrorMessage ?? 'no message'}`,
            });
          } else {
            retry.push(partition);
          }
        } else if (detail.code === 'AlreadyExistsException') {
          outcome.alreadyRegistered.push(partition.value);
        } else if (isRetryableCode(detail.code) && !lastAttempt) {
          retry.push(partition);
        } else {
          outcome.failed.push({ value: partition.value, code: detail.code ?? 'Error', message: detail.message });
        }
      }
      if (unattributed.length > 0) {
        this.log('WARN', 'BatchCreatePartition reported errors naming no partition; the partitions it did not confirm are not counted as created', {
          attempt,
          errors: unattributed.slice(0, 5).map(entry => ({ values: entry.PartitionValues, code: entry.ErrorDetail?.ErrorCode })),
          unconfirmed: pending.length - errorByValue.size,
        });
      }
      if (retry.length > 0) {
        const delay = backoffDelay(attempt - 1, this.retry.baseDelayMillis, this.retry.maxDelayMillis);
        this.log('WARN', 'some partitions failed transiently; retrying them', { attempt, partitions: retry.length, delayMillis: delay });
        await sleep(delay);
      }
      pending = retry;
    }
    return outcome;
  }
}

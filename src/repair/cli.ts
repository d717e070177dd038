#!/usr/bin/env node
/**
 * `npx cdk-engagement-events-database <command>`: repairs an events database. Bundled with everything it imports
 * (the AWS SDK clients included) into `assets/repair/cli/index.js`, the package's `bin`, so it needs Node.js alone.
 */
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import { hourRange, keyPrefix, OptionSpec, Progress, readOptions, UsageError, wholeNumber } from './command-line';
import { erasePerson } from './erase-person';
import { reconcilePartitions } from './reconcile-partitions';
import { replayErrors } from './replay-errors';
import { ERRORS_PREFIX, EVENTS_PREFIX, RAW_PREFIX } from '../database/layout';
import { DEFAULT_RETRY_POLICY, errorCode, errorMessage } from '../partitions/glue-partitions.lambda-shared';

const BIN = 'npx cdk-engagement-events-database';

const OVERVIEW = `Usage: ${BIN} <command> [options]

Repairs an events database of cdk-engagement-events-database, with the AWS credentials and region of the
environment (AWS_PROFILE, AWS_REGION, AWS_ACCESS_KEY_ID, ...) or --region.

Commands:
  reconcile-partitions  register every hour folder of Parquet objects that the table has no partition for;
                        report partitions without objects (never deleted)
  backfill-partitions   reconcile-partitions over the whole history: after switching PROJECTED to REGISTERED
  replay-errors         put the records under errors/ that the normalizer now reads back into the delivery
                        stream, each once
  erase-person          rewrite the raw copies and failed records without those that name one person's
                        email address or phone number (an erasure request)

Run \`${BIN} <command> --help\` for the options of a command.

Progress goes to standard error, the report (JSON) to standard output.
Exit status: 0 nothing is left to do; 1 something is left (the report says what) or an AWS call failed;
2 the command was called wrongly.
`;

const COMMON = `  --region R           AWS region of the database (default: the environment's)
  -h, --help            show this help`;

const RECONCILE_HELP = `Usage: ${BIN} reconcile-partitions --bucket B --database D [options]

Lists the Parquet objects under s3://B/<prefix>, folds them into UTC hours (objects outside
<prefix>yyyy/MM/dd/HH/ are counted, not used), reads the partitions of the table, and adds every hour
holding objects that the table has no partition for, 100 per Glue BatchCreatePartition call, exactly as
the partition registrar does. Partitions whose hour holds no object are reported, never deleted.

Use it for hours whose object-created events expired from the registrar's dead-letter queue, or after
restoring or copying objects.

Options:
  --bucket B            the events bucket (required)
  --database D          the Glue database (required)
  --table T             the partitioned events table (default: all_events)
  --prefix P            where the hour folders start (default: ${EVENTS_PREFIX})
  --catalog-id ID       the Glue Data Catalog (default: the caller's account)
  --from yyyy/MM/dd/HH  first hour to reconcile, UTC (default: the first)
  --to yyyy/MM/dd/HH    last hour to reconcile, UTC, included (default: the last)
  --dry-run             report what is missing and extra; change nothing
${COMMON}

Needs: s3:ListBucket on the bucket; glue:GetTable, glue:GetPartitions and (unless --dry-run)
glue:BatchCreatePartition on the catalog, the database and the table.

Example:
  ${BIN} reconcile-partitions --bucket my-events --database due_eventdb --from 2024/06/01/00 --dry-run
`;

const BACKFILL_HELP = `Usage: ${BIN} backfill-partitions --bucket B --database D [options]

reconcile-partitions over the whole history, without --from and --to: it is that command, under a name
for the day a database moves from PartitionStrategy.PROJECTED to REGISTERED. The registered table starts
without partitions, and the registrar only sees objects that land after the switch; this registers every
hour already in S3. Running it again adds nothing.

Options: --bucket, --database, --table, --prefix, --catalog-id, --dry-run, --region (see
reconcile-partitions --help).
`;

const REPLAY_HELP = `Usage: ${BIN} replay-errors --bucket B --stream S [options]

Reads the records Firehose set aside under s3://B/<prefix> (processing-failed/: records the processor
could not normalize; format-conversion-failed/: records the Parquet conversion refused), checks each with
the normalizer the stream's processor runs, and puts those it now reads back into the delivery stream,
as they were, with PutRecordBatch (at most 500 records and 4 MiB a call; records Firehose refuses are
tried again with backoff). Records that still fail are reported with the reason and left in place.

Each record is replayed once: a marker object replayed/<key of the error object> lists the records put
back, and a later run skips them and checks the others again. A format-conversion failure passes the
check when the normalizer reads it; if Parquet conversion refuses it again, Firehose writes it to a new
error object.

Options:
  --bucket B            the events bucket (required)
  --stream S            the delivery stream, name or ARN (required)
  --prefix P            where the error objects are (default: ${ERRORS_PREFIX}; e.g. ${ERRORS_PREFIX}processing-failed/)
  --from yyyy/MM/dd/HH  first hour of error objects to read, UTC (default: the first)
  --to yyyy/MM/dd/HH    last hour, UTC, included (default: the last)
  --max-attempts N      attempts at putting a record Firehose refuses for a transient reason (default: ${DEFAULT_RETRY_POLICY.maxAttempts})
  --dry-run             check and report; put nothing, write no marker
${COMMON}

Needs: s3:ListBucket; s3:GetObject on <prefix>* and replayed/*; s3:PutObject on replayed/* (unless
--dry-run); firehose:PutRecordBatch on the stream (unless --dry-run); with a KMS-encrypted bucket,
kms:Decrypt and kms:GenerateDataKey on its key.

Example:
  ${BIN} replay-errors --bucket my-events --stream due-events --from 2024/06/01/00 --to 2024/06/02/23
`;

const ERASE_HELP = `Usage: ${BIN} erase-person --bucket B (--email E | --phone P) [options]

Erases one person's records from the objects the delivery stream keeps beside the table: the raw copy of
every record under ${RAW_PREFIX} and the failed records under ${ERRORS_PREFIX}. Each object is read, the records that
name the email address or phone number are left out, and the object is written again under its key with
the others, unchanged and in order (compressed as it was); an object left with none is deleted.

A value is matched whole wherever a record holds it, whatever its case, as the erasure named query
matches the table's rows: ann@example.com never matches joann@example.com. Give a phone number as the
records hold it (E.164, +12065550100). The report counts the values; it never shows them.

The table's rows are erased separately: with TableFormat.ICEBERG, run the saved query "Erase the events of
one email address or phone number" in Athena (the retention optimizer then expires the snapshots that
still hold them). A Parquet table's files cannot be changed in place: see docs/repair.md.

Options:
  --bucket B            the events bucket (required)
  --email E             an email address of the person
  --phone P             a phone number of the person (at least one of --email and --phone)
  --prefix P            one prefix to erase from (default: ${RAW_PREFIX} and ${ERRORS_PREFIX})
  --from yyyy/MM/dd/HH  first hour of objects to read, UTC (default: the first)
  --to yyyy/MM/dd/HH    last hour, UTC, included (default: the last)
  --dry-run             report what would be erased; change nothing
${COMMON}

Needs: s3:ListBucket; s3:GetObject, s3:PutObject and s3:DeleteObject on ${RAW_PREFIX}* and ${ERRORS_PREFIX}*; with a
KMS-encrypted bucket, kms:Decrypt and kms:GenerateDataKey on its key. A versioned bucket keeps the earlier
versions of the objects rewritten or deleted: delete those versions too.

Example:
  ${BIN} erase-person --bucket my-events --email jane@example.com --phone +12065550100 --dry-run
`;

/** Options every command takes. */
const SHARED_OPTIONS: Record<string, OptionSpec> = {
  'bucket': { type: 'string', required: true },
  'prefix': { type: 'string' },
  'dry-run': { type: 'boolean' },
  'region': { type: 'string' },
};
const HOUR_RANGE_OPTIONS: Record<string, OptionSpec> = { from: { type: 'string' }, to: { type: 'string' } };

const BACKFILL_OPTIONS: Record<string, OptionSpec> = {
  ...SHARED_OPTIONS,
  'database': { type: 'string', required: true },
  'table': { type: 'string' },
  'catalog-id': { type: 'string' },
};
const RECONCILE_OPTIONS: Record<string, OptionSpec> = { ...BACKFILL_OPTIONS, ...HOUR_RANGE_OPTIONS };
const REPLAY_OPTIONS: Record<string, OptionSpec> = {
  ...SHARED_OPTIONS,
  ...HOUR_RANGE_OPTIONS,
  'stream': { type: 'string', required: true },
  'max-attempts': { type: 'string' },
};

const ERASE_OPTIONS: Record<string, OptionSpec> = {
  ...SHARED_OPTIONS,
  ...HOUR_RANGE_OPTIONS,
  email: { type: 'string' },
  phone: { type: 'string' },
};

/** Where the command writes. */
export interface Streams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** Runs one command; resolves to the exit status. */
export async function main(argv: readonly string[], streams: Streams = process): Promise<number> {
  const [command, ...args] = argv;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  try {
    switch (command) {
      case 'reconcile-partitions':
      case 'backfill-partitions': {
        const backfill = command === 'backfill-partitions';
        if (backfill && args.some(arg => /^--(from|to)(=|$)/.test(arg))) {
          throw new UsageError('backfill-partitions covers the whole history; for a range of hours, use reconcile-partitions --from --to');
        }
        const options = readOptions(command, args, backfill ? BACKFILL_OPTIONS : RECONCILE_OPTIONS);
        if (options.help) {
          streams.stdout.write(backfill ? BACKFILL_HELP : RECONCILE_HELP);
          return 0;
        }
        const region = text(options.region);
        const { report, complete } = await reconcilePartitions({
          s3: new S3Client({ region }),
          // The partition writer retries Glue calls itself, as the registrar does.
          glue: new GlueClient({ region, maxAttempts: 1 }),
        }, {
          bucket: text(options.bucket)!,
          database: text(options.database)!,
          table: text(options.table) ?? 'all_events',
          catalogId: text(options['catalog-id']),
          prefix: keyPrefix(command, 'prefix', text(options.prefix) ?? EVENTS_PREFIX),
          range: hourRange(command, text(options.from), text(options.to)),
          dryRun: options['dry-run'] === true,
        }, new Progress(command, streams.stderr), command);
        streams.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return complete ? 0 : 1;
      }
      case 'replay-errors': {
        const options = readOptions(command, args, REPLAY_OPTIONS);
        if (options.help) {
          streams.stdout.write(REPLAY_HELP);
          return 0;
        }
        const region = text(options.region);
        const { report, complete } = await replayErrors({
          s3: new S3Client({ region }),
          firehose: new FirehoseClient({ region }),
        }, {
          bucket: text(options.bucket)!,
          stream: text(options.stream)!,
          prefix: keyPrefix(command, 'prefix', text(options.prefix) ?? ERRORS_PREFIX),
          range: hourRange(command, text(options.from), text(options.to)),
          maxAttempts: wholeNumber(command, 'max-attempts', text(options['max-attempts']) ?? String(DEFAULT_RETRY_POLICY.maxAttempts), 1, 20),
          dryRun: options['dry-run'] === true,
        }, new Progress(command, streams.stderr));
        streams.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return complete ? 0 : 1;
      }
      case 'erase-person': {
        const options = readOptions(command, args, ERASE_OPTIONS);
        if (options.help) {
          streams.stdout.write(ERASE_HELP);
          return 0;
        }
        const values = [text(options.email), text(options.phone)].filter((v): v is string => v !== undefined);
        if (values.length === 0) {
          throw new UsageError(`${command}: give the person's --email or --phone (or both)`);
        }
        if (values.some(value => value.trim().length < 3)) {
          throw new UsageError(`${command}: --email and --phone must name an address or number, not '${values.find(v => v.trim().length < 3)}'`);
        }
        const prefix = text(options.prefix);
        const { report, complete } = await erasePerson(new S3Client({ region: text(options.region) }), {
          bucket: text(options.bucket)!,
          prefixes: prefix === undefined ? [RAW_PREFIX, ERRORS_PREFIX] : [keyPrefix(command, 'prefix', prefix)],
          values: values.map(value => value.trim()),
          range: hourRange(command, text(options.from), text(options.to)),
          dryRun: options['dry-run'] === true,
        }, new Progress(command, streams.stderr));
        streams.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return complete ? 0 : 1;
      }
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        streams.stdout.write(OVERVIEW);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${command}': the commands are reconcile-partitions, backfill-partitions, replay-errors and erase-person`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      streams.stderr.write(`error: ${error.message}\nRun \`${BIN} ${command && !command.startsWith('-') ? `${command} ` : ''}--help\` for the options.\n`);
      return 2;
    }
    const code = errorCode(error);
    streams.stderr.write(`error: ${command} stopped: ${code === 'Error' ? '' : `${code}: `}${errorMessage(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then(status => { process.exitCode = status; });
}

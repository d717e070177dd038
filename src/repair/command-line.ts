/**
 * What the repair commands share: reading their options, showing progress, listing keys in S3.
 */
import { parseArgs } from 'util';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { HOUR_FOLDER_PATTERN } from '../database/layout';
import { parseHour } from '../partitions/partition-keys';

/** A mistake in how a command was called: reported with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {}

/** How an option is read: a value (`--bucket B`, `--bucket=B`) or a flag (`--dry-run`). */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** Fails when the option is missing. */
  readonly required?: boolean;
}

/** The options read: values by option name (without `--`), `true` for flags given. */
export type OptionValues = Record<string, string | boolean | undefined>;

/**
 * Reads `args` against `specs`. Unknown options, positional arguments and missing required options are usage
 * errors. `--help` is always accepted.
 */
export function readOptions(command: string, args: readonly string[], specs: Record<string, OptionSpec>): OptionValues {
  let values: OptionValues;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { ...Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, { type: spec.type }])), help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}`);
  }
  if (!values.help) {
    const missing = Object.entries(specs).filter(([name, spec]) => spec.required && values[name] === undefined).map(([name]) => `--${name}`);
    if (missing.length > 0) {
      throw new UsageError(`${command}: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required`);
    }
  }
  return values;
}

/** A key prefix option: not empty, ending with `/`, not starting with one. */
export function keyPrefix(command: string, option: string, value: string): string {
  if (value === '' || !value.endsWith('/') || value.startsWith('/')) {
    throw new UsageError(`${command}: --${option} '${value}' must end with '/' and not start with '/' (e.g. events/)`);
  }
  return value;
}

/** A whole-number option from `min` to `max`. */
export function wholeNumber(command: string, option: string, value: string, min: number, max: number): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
    throw new UsageError(`${command}: --${option} '${value}' must be a whole number from ${min} to ${max}`);
  }
  return parsed;
}

/** The UTC hours `--from` and `--to` bound (both included), as `yyyy/MM/dd/HH` text, checked. */
export interface HourRange {
  readonly from?: string;
  readonly to?: string;
}

export function hourRange(command: string, from: string | undefined, to: string | undefined): HourRange {
  for (const [option, value] of [['from', from], ['to', to]] as const) {
    if (value !== undefined && parseHour(value) === undefined) {
      throw new UsageError(`${command}: --${option} '${value}' is not an hour written ${HOUR_FOLDER_PATTERN} (UTC), e.g. 2024/02/29/13`);
    }
  }
  if (from !== undefined && to !== undefined && parseHour(to)! < parseHour(from)!) {
    throw new UsageError(`${command}: --to ${to} is before --from ${from}`);
  }
  return { from, to };
}

/** The hour folder of an object `<prefix>[<kind>/]yyyy/MM/dd/HH/<object>` (a real hour), or undefined. */
export function hourFolderOf(key: string, prefix: string): string | undefined {
  const match = /^(?:.*\/)?(\d{4}\/\d{2}\/\d{2}\/\d{2})\/[^/]+$/.exec(key.slice(prefix.length));
  return match && parseHour(match[1]) !== undefined ? match[1] : undefined;
}

/** Whether the hour `yyyy/MM/dd/HH` lies in the range (the text compares as the time does). */
export function inRange(hour: string, range: HourRange): boolean {
  return (range.from === undefined || hour >= range.from) && (range.to === undefined || hour <= range.to);
}

/** Progress lines on standard error, each prefixed with the command, so that standard output holds only the report. */
export class Progress {
  constructor(private readonly command: string, private readonly stream: NodeJS.WritableStream = process.stderr) {}

  note(message: string): void {
    this.stream.write(`${this.command}: ${message}\n`);
  }
}

/** `1234567` as `1,234,567`. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * The keys under `prefix`, a page (up to 1,000) at a time, in key order, from the first key after `startAfter`.
 * The caller may stop early.
 */
export async function* listKeys(s3: S3Client, bucket: string, prefix: string, startAfter?: string): AsyncGenerator<string[]> {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({
      Bucket: bucket,
      Prefix: prefix,
      StartAfter: token === undefined ? startAfter : undefined,
      ContinuationToken: token,
    }));
    yield (page.Contents ?? []).flatMap(object => (object.Key === undefined ? [] : [object.Key]));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

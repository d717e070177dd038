/**
 * What the normalizers make of every sample record and of thousands of varied and damaged ones, recorded once so
 * that a change meant to make them faster (or anything else) cannot change a byte of what lands in the table
 * unnoticed: `test/normalize/golden.test.ts` compares today's output with `normalized.golden.jsonl`.
 *
 * An intended change of the mapping rewrites the file on purpose, and the diff shows what changed:
 *
 *   npx tsx test/normalize/golden/normalized-golden.ts --write
 *
 * The sample records' outputs are kept whole (readable in review); the generated records' outputs as a short
 * SHA-256 each, in order.
 */
import { createHash } from 'crypto';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ALL_FIXTURES } from '../../../fixtures/records';
import { SeededRandom, variedRecords } from '../../../fixtures/records/varied-records';
import { NormalizeOptions, normalizeRecords } from '../../../src/normalize/normalize-record';

export const GOLDEN_FILE = join(__dirname, 'normalized.golden.jsonl');

/** The account the processor passes, read from its delivery stream's ARN. */
export const ACCOUNT: NormalizeOptions = { awsAccountId: '111122223333' };

/** One line of the golden file. */
export type GoldenLine =
  | { readonly case: string; readonly output: unknown }
  | { readonly case: string; readonly error: string }
  | { readonly case: string; readonly hashes: readonly string[] };

/** A set of generated records, recorded as one hash per record. */
export interface GeneratedSet {
  readonly name: string;
  readonly records: readonly unknown[];
  /** @default ACCOUNT */
  readonly options?: NormalizeOptions;
}

export const GENERATED_PER_SOURCE = 2000;

/**
 * The normalized record as the processor writes it (one JSON line; one per message of a WhatsApp event that
 * reports several), or the error that sends it to errors/.
 */
export function outcome(record: unknown, options: NormalizeOptions): string {
  try {
    return normalizeRecords(record, options).map(normalized => JSON.stringify(normalized)).join('\n');
  } catch (error) {
    return `error: ${(error as Error).name}: ${(error as Error).message}`;
  }
}

export const shortHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

const DAMAGE_VALUES: readonly unknown[] = [null, '', 0, -1.5, true, false, [], {}, 'x', ['a', 1, null], { k: 'v' }, JSON.parse('{"__proto__":"p"}')];

/** A fresh copy of one of the damage values, so that no two places of a record share one object. */
const damageValue = (random: SeededRandom): unknown => JSON.parse(JSON.stringify(random.pick(DAMAGE_VALUES)));

/**
 * A record as JSON.parse gives it, with one to three of its fields (at any depth) removed or replaced by a value of
 * another type, or given a key such as `__proto__`: what a normalizer must handle exactly as before, errors included.
 */
function damaged(random: SeededRandom): unknown {
  const record = JSON.parse(JSON.stringify(random.pick(ALL_FIXTURES).record));
  for (let n = random.int(1, 3); n > 0; n--) {
    // Walk down to a random object (or array) of the record.
    let parent: any = record;
    for (let depth = random.int(0, 3); depth > 0; depth--) {
      const children = Object.keys(parent).filter(k => typeof parent[k] === 'object' && parent[k] !== null);
      if (children.length === 0) break;
      parent = parent[random.pick(children)];
    }
    const keys = Object.keys(parent);
    const choice = random.next();
    if (choice < 0.15 && keys.length > 0) {
      delete parent[random.pick(keys)];
    } else if (choice < 0.3) {
      // A key JSON may carry and JavaScript treats specially.
      Object.defineProperty(parent, random.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty']),
        { value: damageValue(random), enumerable: true, writable: true, configurable: true });
    } else if (keys.length > 0) {
      parent[random.pick(keys)] = damageValue(random);
    }
  }
  // Through JSON text, as the processor receives it: `__proto__` becomes an own key again.
  return JSON.parse(JSON.stringify(record));
}

/** Every generated set, the same on every machine. */
export function generatedSets(): GeneratedSet[] {
  const random = new SeededRandom(20261122);
  return [
    // The local engine normalizes without knowing the account.
    { name: 'samples, account unknown', records: ALL_FIXTURES.map(f => f.record), options: {} },
    { name: 'varied pinpoint', records: variedRecords('pinpoint', GENERATED_PER_SOURCE, 11) },
    { name: 'varied ses', records: variedRecords('ses', GENERATED_PER_SOURCE, 12) },
    { name: 'varied sms-voice', records: variedRecords('sms-voice', GENERATED_PER_SOURCE, 13) },
    { name: 'varied rcs', records: variedRecords('rcs', GENERATED_PER_SOURCE, 14) },
    { name: 'varied whatsapp', records: variedRecords('whatsapp', GENERATED_PER_SOURCE, 15) },
    { name: 'damaged samples', records: Array.from({ length: GENERATED_PER_SOURCE }, () => damaged(random)) },
  ];
}

/** The golden file's lines, computed with the normalizers as they are now. */
export function currentGolden(): GoldenLine[] {
  const lines: GoldenLine[] = [];
  for (const f of ALL_FIXTURES) {
    const result = outcome(structuredClone(f.record), ACCOUNT);
    const outputs = result.startsWith('error: ') ? [] : result.split('\n').map(line => JSON.parse(line));
    lines.push(result.startsWith('error: ') ? { case: f.name, error: result } : { case: f.name, output: outputs.length === 1 ? outputs[0] : outputs });
  }
  for (const set of generatedSets()) {
    lines.push({ case: set.name, hashes: set.records.map(r => shortHash(outcome(structuredClone(r), set.options ?? ACCOUNT))) });
  }
  return lines;
}

export function readGolden(): GoldenLine[] {
  return readFileSync(GOLDEN_FILE, 'utf8').trim().split('\n').map(line => JSON.parse(line));
}

if (require.main === module) {
  if (!process.argv.includes('--write')) {
    console.error('Usage: npx tsx test/normalize/golden/normalized-golden.ts --write');
    process.exit(2);
  }
  writeFileSync(GOLDEN_FILE, currentGolden().map(line => JSON.stringify(line)).join('\n') + '\n');
  console.log(`Wrote ${GOLDEN_FILE}`);
}

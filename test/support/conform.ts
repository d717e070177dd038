/**
 * Checks a normalized record against the `all_events` schema before Firehose converts it to Parquet.
 *
 * Firehose's conversion keeps only what the Glue table declares: a key the schema does not hold is dropped
 * without a trace, and a value of the wrong type fails the whole record. This checker walks a record the
 * way the delivery stream's OpenX JSON SerDe reads it (case-sensitive: a column is read from its `jsonKey` or
 * else its name, a struct field from its name, exactly; map keys are data) and reports every key path that
 * would lose data and every value of the wrong type.
 */
import { EVENT_COLUMNS, SchemaField, SchemaType } from '../../src/schema/event-schema';

/** One problem found in a record: where, and what is wrong. */
export interface ConformanceViolation {
  /** Dotted key path, with `[i]` for array elements and `{key}` for map entries. */
  readonly path: string;
  readonly problem: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An empty object or null holds no data: dropping it loses nothing (Pinpoint's `send: {}` is one). */
const holdsNoData = (value: unknown): boolean =>
  value === null || value === undefined || (isPlainObject(value) && Object.keys(value).length === 0);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return typeof value === 'string' ? `string ${JSON.stringify(value)}` : `${typeof value} ${String(value)}`;
}

function checkFields(
  record: Record<string, unknown>, fields: readonly SchemaField[], prefix: string, out: ConformanceViolation[],
): void {
  const byKey = new Map(fields.map(f => [f.jsonKey ?? f.name, f]));
  const byLowerKey = new Map(fields.map(f => [(f.jsonKey ?? f.name).toLowerCase(), f.jsonKey ?? f.name]));
  for (const [key, value] of Object.entries(record)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const field = byKey.get(key);
    if (!field) {
      if (!holdsNoData(value)) {
        const sameButCase = byLowerKey.get(key.toLowerCase());
        out.push({
          path,
          problem: sameButCase === undefined
            ? 'is not in the schema, so Firehose would drop it'
            : `is not in the schema, so Firehose would drop it: keys are matched exactly and the schema reads '${sameButCase}'`,
        });
      }
      continue;
    }
    checkValue(value, field.type, path, out);
  }
}

function checkValue(value: unknown, type: SchemaType, path: string, out: ConformanceViolation[]): void {
  if (value === null || value === undefined) {
    return; // every column is nullable
  }
  const wrongType = (expected: string) => out.push({ path, problem: `is ${describe(value)}, expected ${expected}` });
  switch (type.kind) {
    case 'primitive':
      switch (type.name) {
        case 'string':
          if (typeof value !== 'string') wrongType('a string');
          return;
        case 'bigint':
        case 'int':
          if (typeof value !== 'number' || !Number.isSafeInteger(value)) wrongType(`an integer (${type.name})`);
          return;
        case 'double':
          if (typeof value !== 'number' || !Number.isFinite(value)) wrongType('a finite number (double)');
          return;
        case 'boolean':
          if (typeof value !== 'boolean') wrongType('a boolean');
          return;
        case 'timestamp':
          if (typeof value !== 'string' && !(typeof value === 'number' && Number.isSafeInteger(value))) {
            wrongType('epoch milliseconds or an ISO-8601 string (timestamp)');
          }
          return;
      }
      return;
    case 'array':
      if (!Array.isArray(value)) {
        wrongType('an array');
        return;
      }
      value.forEach((element, i) => checkValue(element, type.element, `${path}[${i}]`, out));
      return;
    case 'map':
      if (!isPlainObject(value)) {
        wrongType('an object (map)');
        return;
      }
      // Map keys are data: the case-sensitive SerDe keeps them exactly as they are.
      for (const [key, entry] of Object.entries(value)) {
        checkValue(entry, type.value, `${path}{${key}}`, out);
      }
      return;
    case 'struct':
      if (!isPlainObject(value)) {
        wrongType('an object (struct)');
        return;
      }
      checkFields(value, type.fields, path, out);
      return;
  }
}

/**
 * Lists every way `record` departs from the `all_events` schema; an empty list means Firehose keeps all of it.
 */
export function findConformanceViolations(record: unknown): ConformanceViolation[] {
  const out: ConformanceViolation[] = [];
  if (!isPlainObject(record)) {
    out.push({ path: '', problem: `is ${describe(record)}, expected a JSON object` });
    return out;
  }
  checkFields(record, EVENT_COLUMNS, '', out);
  return out;
}

/**
 * Decodes and parses a record's bytes, refusing what `JSON.parse` would silently change: invalid UTF-8 (which
 * decoding would replace with U+FFFD), a key repeated in one object (`JSON.parse` keeps the last value) and an
 * integer literal a double cannot hold exactly (`JSON.parse` rounds it). The table must hold what the raw copy
 * holds; a record it cannot is refused with the reason, and stays replayable from the error prefix.
 */
import { UnrecognisedRecordError, isJsonObject } from './json-record';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A record's bytes as text. @throws UnrecognisedRecordError when they are not valid UTF-8 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new UnrecognisedRecordError('The record is not valid UTF-8 text (decoding it would replace bytes with U+FFFD)');
  }
}

/**
 * Parses JSON text as `JSON.parse` does, but refuses text whose parsed value would differ from what it says.
 * @throws SyntaxError when the text is not JSON
 * @throws UnrecognisedRecordError when a key repeats in one object, or an integer is beyond a double's precision
 */
export function parseJsonExactly(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  // Every key in the text ends in `"` then `:`; so does an escaped quote followed by a colon inside a string. When
  // the text has no more of these than the parsed value has keys, no key repeats; otherwise the scanner decides.
  const keyMarks = countMatches(text, KEY_END);
  if (keyMarks > 0 && keyMarks > countKeys(parsed)) {
    const repeated = findRepeatedKey(text);
    if (repeated !== undefined) {
      throw new UnrecognisedRecordError(`The record repeats the key ${JSON.stringify(repeated)} in one object `
        + '(JSON parsing would keep only the last value)');
    }
  }
  // A double holds every integer of up to 15 digits exactly; only a run of 16 or more can be rounded.
  if (LONG_DIGIT_RUN.test(text)) checkIntegersExact(text);
  return parsed;
}

const KEY_END = /"\s*:/g;
const LONG_DIGIT_RUN = /\d{16}/;
const INTEGER_LITERAL = /^-?\d+$/;

function countMatches(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let count = 0;
  while (pattern.exec(text) !== null) count++;
  return count;
}

/** Keys of every object in a parsed JSON value. */
function countKeys(value: unknown): number {
  if (Array.isArray(value)) {
    let count = 0;
    for (const item of value) if (typeof item === 'object' && item !== null) count += countKeys(item);
    return count;
  }
  if (!isJsonObject(value)) return 0;
  let count = 0;
  // `for ... in` reaches every key JSON.parse sets, `__proto__` included (an own property there).
  for (const key in value) {
    count++;
    const item = value[key];
    if (typeof item === 'object' && item !== null) count += countKeys(item);
  }
  return count;
}

interface Container {
  /** Decoded keys seen so far; undefined for an array. */
  readonly keys?: Set<string>;
}

/** The first key repeated within one object of valid JSON text, decoded, or undefined. */
export function findRepeatedKey(text: string): string | undefined {
  const stack: Container[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      stack.push({ keys: new Set() });
    } else if (c === 0x5b /* [ */) {
      stack.push({});
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x22 /* " */) {
      const start = i;
      for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
      const keys = stack[stack.length - 1]?.keys;
      if (keys === undefined) continue;
      let next = i + 1;
      while (next < text.length && /\s/.test(text[next])) next++;
      if (text[next] !== ':') continue;
      const key = JSON.parse(text.slice(start, i + 1)) as string;
      if (keys.has(key)) return key;
      keys.add(key);
    }
  }
  return undefined;
}

/** Refuses an integer literal that parsing rounds. */
function checkIntegersExact(text: string): void {
  JSON.parse(text, (key: string, value: unknown, context?: { source?: string }) => {
    if (typeof value === 'number') {
      const source = context?.source;
      if (source === undefined) throw new Error('JSON.parse gives revivers no source text: Node.js 22 or later is needed');
      if (INTEGER_LITERAL.test(source) && (!Number.isFinite(value) || BigInt(source) !== BigInt(value))) {
        const parsed = Number.isFinite(value) ? String(BigInt(value)) : String(value);
        throw new UnrecognisedRecordError(`The record's ${key === '' ? 'value' : `key ${JSON.stringify(key)}`} holds `
          + `the integer ${source}, which a double cannot hold exactly (JSON parsing would make it ${parsed})`);
      }
    }
    return value;
  });
}

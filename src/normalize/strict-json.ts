/**
 * Decodes and parses a record's bytes, refusing what `JSON.parse` would silently change: invalid UTF-8 (which
 * decoding would replace with U+FFFD), a key repeated in one object (`JSON.parse` keeps the last value) and an
 * integer literal a double cannot hold exactly (`JSON.parse` rounds it). The table must hold what the raw copy
 * holds; a record it cannot is refused with the reason, and stays replayable from the error prefix.
 */
import { UnrecognisedRecordError, isJsonObject } from './json-record';

// ignoreBOM keeps a leading byte-order mark as text, as Buffer's decoding did (JSON.parse then refuses it).
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

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
  const found = { keys: 0, largeNumber: false };
  survey(parsed, found);
  // Every key in the text, and nothing else, is a quote that no backslash escapes followed by a colon: when the
  // text has more of these than the parsed value has keys, a key repeats, and the scanner finds which.
  if (countKeysWritten(text) > found.keys) {
    const repeated = findRepeatedKey(text) ?? '(not found)';
    throw new UnrecognisedRecordError(`The record repeats the key ${JSON.stringify(repeated)} in one object `
      + '(JSON parsing would keep only the last value)');
  }
  // An integer literal a double cannot hold exactly is beyond 2^53 and parses to a number at least that large: only
  // then is the text parsed again, to compare each such number with its literal.
  if (found.largeNumber) checkIntegersExact(text);
  return parsed;
}

const KEY_END = /"\s*:/g;
const INTEGER_LITERAL = /^-?\d+$/;

/** Keys written in valid JSON text, repeated ones included. */
function countKeysWritten(text: string): number {
  let count = 0;
  KEY_END.lastIndex = 0;
  for (let match = KEY_END.exec(text); match !== null; match = KEY_END.exec(text)) {
    // Inside a string a quote is escaped (an odd run of backslashes before it); a key may end in an escaped backslash.
    let backslashes = 0;
    while (text.charCodeAt(match.index - 1 - backslashes) === 0x5c /* \\ */) backslashes++;
    if (backslashes % 2 === 0) count++;
  }
  return count;
}

/** Counts the keys of every object in a parsed JSON value, and notes a number beyond the safe integers. */
function survey(value: unknown, found: { keys: number; largeNumber: boolean }): void {
  if (typeof value === 'number') {
    if (value > Number.MAX_SAFE_INTEGER || value < Number.MIN_SAFE_INTEGER) found.largeNumber = true;
  } else if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' || typeof item === 'number') survey(item, found);
  } else if (isJsonObject(value)) {
    // `for ... in` reaches every key JSON.parse sets, `__proto__` included (an own property there).
    for (const key in value) {
      found.keys++;
      const item = value[key];
      if (typeof item === 'object' || typeof item === 'number') survey(item, found);
    }
  }
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

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
  refuseInexactParse(text, parsed);
  return parsed;
}

/**
 * Refuses JSON text whose value as `JSON.parse` gave it (`parsed`) differs from what the text says: a key repeated
 * in one object, an integer literal a double cannot hold exactly.
 *
 * `stringified`: the caller found the text to be exactly `JSON.stringify(parsed)`. No key can repeat in such text
 * (stringify writes each key of an object once, so a repeat would make the two texts differ), and the keys are not
 * counted; an integer beyond 2^53 still can be rounded (stringify writes the rounded value's shortest digits), and is
 * checked as always.
 * @throws UnrecognisedRecordError when a key repeats in one object, or an integer is beyond a double's precision
 */
export function refuseInexactParse(text: string, parsed: unknown, stringified = false): void {
  const found = { keys: 0, largeNumber: false };
  survey(parsed, found);
  // Text with more keys than the parsed value has repeats one. Counting keys written is cheap but may count a
  // string that begins with a colon as a key too: only when the count exceeds the parsed keys does the scanner
  // look for a key that repeats, and it decides.
  if (!stringified && countKeysWritten(text) > found.keys) {
    const repeated = findRepeatedKey(text);
    if (repeated !== undefined) {
      throw new UnrecognisedRecordError(`The record repeats the key ${JSON.stringify(repeated)} in one object `
        + '(JSON parsing would keep only the last value)');
    }
  }
  // An integer literal a double cannot hold exactly is beyond 2^53 and parses to a number at least that large: only
  // then is the text parsed again, to compare each such number with its literal.
  if (found.largeNumber) checkIntegersExact(text);
}

const INTEGER_LITERAL = /^-?\d+$/;

/** JSON's whitespace: space, tab, line feed, carriage return. */
const isJsonWhitespace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * At least the number of keys written in valid JSON text, repeated ones included: every colon that follows (across
 * JSON whitespace) a quote no backslash escapes. Each key is followed by such a colon; elsewhere only a string that
 * begins with a colon (after any spaces) has one. Colons are few in the text, so the search goes from one to the next.
 */
function countKeysWritten(text: string): number {
  let count = 0;
  for (let colon = text.indexOf(':'); colon !== -1; colon = text.indexOf(':', colon + 1)) {
    let quote = colon - 1;
    while (isJsonWhitespace(text.charCodeAt(quote))) quote--;
    if (text.charCodeAt(quote) !== 0x22 /* " */) continue;
    // Inside a string a quote is escaped (an odd run of backslashes before it); a key may end in an escaped backslash.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c /* \ */) backslashes++;
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

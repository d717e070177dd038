/** What every normalizer shares: the parsed record type and the error for a record that cannot be used. */

/** A record that could not be recognised or normalized; the processor sends it to the error output. */
export class UnrecognisedRecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecognisedRecordError';
  }
}

/** A JSON object, as parsed from one record. */
export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * How a field the schema has no column for is kept as a string attribute: its JSON text, unless it is a string.
 * Booleans and finite numbers are written as `JSON.stringify` writes them, without its cost.
 */
export function asAttribute(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

/**
 * Sets an own property whatever its name. Plain assignment to a key named `__proto__` (a legal JSON key,
 * so a legal tag or field name) would replace the object's prototype instead of adding the key; every other
 * name is a plain assignment, which keeps the object fast to fill and to serialize.
 */
export function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

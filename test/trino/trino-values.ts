/**
 * Trino type names and values in one canonical form, so that what Trino's REST protocol returns and what the
 * local DuckDB engine returns for the same query can be compared: `timestamp(3)` values with all their
 * digits, maps as sorted key/value pairs, rows as value lists, BIGINTs as numbers.
 */

/** A parsed Trino type: `map(varchar, array(varchar))`, `row("from" varchar, ...)`, `timestamp(3)`... */
export interface TrinoType {
  readonly base: string;
  /** Element, key and value types of array and map. */
  readonly types?: readonly TrinoType[];
  /** Fields of a row. */
  readonly fields?: ReadonlyArray<{ readonly name: string; readonly type: TrinoType }>;
  /** Numeric parameters: precision, length. */
  readonly parameters?: readonly string[];
  /** What follows the parameters, e.g. `with time zone`. */
  readonly suffix?: string;
}

/** Splits at commas outside parentheses and double quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === '(') {
      depth++;
    } else if (!quoted && c === ')') {
      depth--;
    } else if (!quoted && depth === 0 && c === ',') {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map(p => p.trim());
}

export function parseTrinoType(text: string): TrinoType {
  const trimmed = text.trim();
  const open = trimmed.indexOf('(');
  if (open < 0) return { base: trimmed };
  let depth = 0;
  let close = -1;
  for (let i = open; i < trimmed.length; i++) {
    if (trimmed[i] === '(') depth++;
    if (trimmed[i] === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) throw new Error(`Unbalanced type: ${text}`);
  const base = trimmed.slice(0, open).trim();
  const inner = splitTopLevel(trimmed.slice(open + 1, close));
  const suffix = trimmed.slice(close + 1).trim() || undefined;
  if (base === 'row') {
    return {
      base,
      fields: inner.map(field => {
        const quotedName = /^"((?:[^"]|"")*)"\s+(.*)$/s.exec(field);
        if (quotedName) return { name: quotedName[1].replace(/""/g, '"'), type: parseTrinoType(quotedName[2]) };
        const space = field.indexOf(' ');
        return { name: field.slice(0, space), type: parseTrinoType(field.slice(space + 1)) };
      }),
    };
  }
  if (base === 'array' || base === 'map') return { base, types: inner.map(parseTrinoType) };
  return { base, parameters: inner, suffix };
}

/** One spelling of a type: no spaces after commas, row field names unquoted. */
export function canonicalTypeName(type: TrinoType | string): string {
  const t = typeof type === 'string' ? parseTrinoType(type) : type;
  if (t.fields) return `row(${t.fields.map(f => `${f.name} ${canonicalTypeName(f.type)}`).join(',')})`;
  if (t.types) return `${t.base}(${t.types.map(canonicalTypeName).join(',')})`;
  const parameters = t.parameters ? `(${t.parameters.join(',')})` : '';
  return `${t.base}${parameters}${t.suffix ? ` ${t.suffix}` : ''}`;
}

/** A value of `type`, as Trino's JSON or DuckDB's JSON gives it, in one canonical form. */
export function canonicalValue(value: unknown, type: TrinoType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.base) {
    case 'array':
      return (value as unknown[]).map(v => canonicalValue(v, type.types![0]));
    case 'map': {
      // Trino: a JSON object; DuckDB: a list of { key, value }.
      const entries: Array<[unknown, unknown]> = Array.isArray(value)
        ? value.map((e: { key: unknown; value: unknown }) => [e.key, e.value])
        : Object.entries(value as Record<string, unknown>);
      return entries
        .map(([k, v]) => [canonicalValue(k, type.types![0]), canonicalValue(v, type.types![1])])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    }
    case 'row':
      // Trino: a list of the field values; DuckDB: an object keyed by field name, in the case the schema
      // declares it (Trino lower-cases row field names: `unsubscribeLinkTag` is `unsubscribelinktag`).
      return type.fields!.map((f, i) => canonicalValue(Array.isArray(value) ? value[i] : fieldOf(value as Record<string, unknown>, f.name), f.type));
    case 'timestamp': {
      const precision = Number(type.parameters?.[0] ?? 3);
      const match = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?:\.(\d+))?(.*)$/.exec(String(value));
      if (!match) return String(value);
      return `${match[1]}${precision > 0 ? `.${(match[2] ?? '').padEnd(precision, '0')}` : ''}${match[3]}`;
    }
    case 'bigint': case 'integer': case 'smallint': case 'tinyint': case 'decimal':
      return Number(value);
    case 'double': case 'real':
      return Number(Number(value).toPrecision(12));
    case 'boolean':
      return value === true || value === 'true';
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/**
 * The rows of a result, each in canonical form, sorted: two engines' results compare equal exactly when they
 * hold the same rows, whatever their order.
 */
export function canonicalRows(
  rows: ReadonlyArray<Record<string, unknown>>, columns: ReadonlyArray<{ readonly name: string; readonly type: string }>,
): string[] {
  const types = columns.map(c => parseTrinoType(c.type));
  return rows.map(row => JSON.stringify(columns.map((c, i) => [c.name, canonicalValue(row[c.name], types[i])]))).sort();
}

/** The value of a DuckDB struct's field named `name`, matched as Trino matches row field names: ignoring case. */
function fieldOf(struct: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(struct, name)) return struct[name];
  const key = Object.keys(struct).find(k => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : struct[key];
}

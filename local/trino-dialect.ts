/**
 * The minimal dialect shim that lets DuckDB run the Trino SQL of the views and the reference queries
 * unchanged in meaning. It is a fixed list: each entry is either a text rewrite (for constructs DuckDB spells
 * differently) or a macro (for Trino functions DuckDB lacks), and each has a unit test. SQL using anything
 * else is passed through as is; if DuckDB reads it differently, the view tests catch the difference.
 *
 * Known difference, outside what the views rely on: casting a JSON object with a nested object or array value
 * to map(varchar,varchar) fails in Trino (so TRY(...) yields NULL) but DuckDB stores the nested value's JSON
 * text. Sender contexts are documented as maps of strings.
 */

/** Statements run once per connection, before any translated SQL. */
export const SESSION_SETUP: readonly string[] = [
  // Athena runs queries in UTC; comparisons with current_timestamp must too.
  "SET TimeZone = 'UTC'",
  // Trino divides integers as integers (7 / 2 = 3); DuckDB's `/` would return 3.5.
  'SET integer_division = true',
  // Trino's from_unixtime_nanos(bigint) is an instant (timestamp with time zone); DuckDB's make_timestamp
  // takes microseconds since the epoch and yields the UTC wall-clock time, made an instant in the UTC session.
  'CREATE OR REPLACE MACRO from_unixtime_nanos(nanos) AS CAST(make_timestamp(CAST(nanos AS BIGINT) // 1000) AS TIMESTAMP WITH TIME ZONE)',
  // Trino's from_unixtime(seconds) accepts fractional seconds.
  'CREATE OR REPLACE MACRO from_unixtime(seconds) AS to_timestamp(seconds)',
  // Trino's date_parse takes MySQL-style specifiers; the ones the views use (%Y %m %d %H) mean the same to strptime.
  'CREATE OR REPLACE MACRO date_parse(text, format) AS strptime(text, format)',
  // Trino's json_extract_scalar(json, path) is the scalar at the JSONPath as text, as DuckDB's json_extract_string.
  'CREATE OR REPLACE MACRO json_extract_scalar(json, path) AS json_extract_string(json, path)',
  // Trino's json_parse returns a JSON value; a CAST of JSON to a map follows.
  'CREATE OR REPLACE MACRO json_parse(text) AS CAST(text AS JSON)',
  // Trino's array_join(array, delimiter) skips NULL elements and is NULL for a NULL array, as array_to_string is.
  'CREATE OR REPLACE MACRO array_join(items, delimiter) AS array_to_string(items, delimiter)',
];

/** Index of the parenthesis closing the one at `open`; string literals and quoted identifiers are skipped. */
export function matchingParen(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      if (end < 0) break;
      i = end;
      continue;
    }
    if (c === '(') depth++;
    if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error(`Unbalanced parentheses in SQL at ${open}: ${sql.slice(open, open + 60)}`);
}

/** Splits a comma-separated list at depth 0. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') {depth++;} else if (text[i] === ')') {depth--;} else if (text[i] === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map(p => p.trim());
}

const SIMPLE_TYPES: Record<string, string> = {
  varchar: 'VARCHAR',
  bigint: 'BIGINT',
  integer: 'INTEGER',
  int: 'INTEGER',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  real: 'FLOAT',
  date: 'DATE',
  json: 'JSON',
  timestamp: 'TIMESTAMP_MS',
};

/**
 * A Trino type name as DuckDB spells it: `timestamp(3)` → `TIMESTAMP_MS` (Athena's timestamps are
 * milliseconds), `array(T)` → `T[]`, `map(K,V)` → `MAP(K, V)`, `row(a T, ...)` → `STRUCT("a" T, ...)`.
 */
export function trinoTypeToDuckDb(type: string): string {
  const t = type.trim();
  if (/^timestamp\s*(\(\s*\d\s*\))?\s+with\s+time\s+zone$/i.test(t)) return 'TIMESTAMP WITH TIME ZONE';
  const m = /^([a-z_]+)\s*(?:\((.*)\))?$/is.exec(t);
  if (!m) throw new Error(`Unsupported Trino type '${type}'`);
  const base = m[1].toLowerCase();
  const args = m[2];
  if (base === 'array' && args !== undefined) return `${trinoTypeToDuckDb(args)}[]`;
  if (base === 'map' && args !== undefined) {
    const [k, v] = splitTopLevel(args);
    return `MAP(${trinoTypeToDuckDb(k)}, ${trinoTypeToDuckDb(v)})`;
  }
  if (base === 'row' && args !== undefined) {
    return `STRUCT(${splitTopLevel(args).map(f => {
      const [, name, ft] = /^("?[A-Za-z_][\w]*"?)\s+(.*)$/s.exec(f) ?? [];
      if (!name) throw new Error(`Unsupported row field '${f}'`);
      return `"${name.replace(/"/g, '')}" ${trinoTypeToDuckDb(ft)}`;
    }).join(', ')})`;
  }
  if (base === 'timestamp') {
    const precision = args === undefined ? 3 : Number(args);
    const byPrecision: Record<number, string> = { 0: 'TIMESTAMP_S', 3: 'TIMESTAMP_MS', 6: 'TIMESTAMP', 9: 'TIMESTAMP_NS' };
    const duck = byPrecision[precision];
    if (!duck) throw new Error(`Unsupported timestamp precision in '${type}'`);
    return duck;
  }
  if (base === 'varchar' && args !== undefined) return 'VARCHAR';
  const simple = SIMPLE_TYPES[base];
  if (!simple || args !== undefined) throw new Error(`Unsupported Trino type '${type}'`);
  return simple;
}

/** Rewrites the target type of every `CAST(x AS type)` / `TRY_CAST(x AS type)` to DuckDB's spelling. */
export function rewriteCastTypes(sql: string): string {
  let out = '';
  let i = 0;
  const castStart = /\b(?:TRY_)?CAST\s*\(/gi;
  let m: RegExpExecArray | null;
  while ((m = castStart.exec(sql)) !== null) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(sql, open);
    const inner = sql.slice(open + 1, close);
    // The target type follows the last top-level AS.
    const asMatch = lastTopLevelAs(inner);
    if (asMatch < 0) continue;
    const expression = rewriteCastTypes(inner.slice(0, asMatch));
    const type = inner.slice(asMatch + 2).trim();
    out += sql.slice(i, open + 1) + expression + 'AS ' + trinoTypeToDuckDb(type) + ')';
    i = close + 1;
    castStart.lastIndex = close + 1;
  }
  return out + sql.slice(i);
}

function lastTopLevelAs(text: string): number {
  let depth = 0;
  let found = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) break;
      i = end;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && /\s/.test(c) && /^AS\s/i.test(text.slice(i + 1, i + 4))) found = i + 1;
  }
  return found;
}

/**
 * Trino's `element_at(map, key)` (NULL when the key is missing) is DuckDB's `map_extract_value`. The views use
 * it on maps only; Trino's 1-based array form is not translated.
 */
export function rewriteElementAt(sql: string): string {
  return sql.replace(/\belement_at\s*\(/gi, 'map_extract_value(');
}

/**
 * Trino's `[LEFT|CROSS] JOIN UNNEST(array) AS t(c1, c2, ...)` expands an array of rows into one column per
 * row field (an array of scalars into one column); with `LEFT JOIN ... ON TRUE` a row whose array is empty or
 * NULL is kept, with NULLs. DuckDB spells it in one of two ways:
 *
 * - `FROM table LEFT JOIN UNNEST(...) AS t(...) ON TRUE` (the form of the views), or the same with
 *   `(subquery) AS name` for the table, becomes an UNNEST in the select list of a subquery over the table, the array replaced by `[NULL]` when empty. DuckDB pushes a
 *   filter on the table's columns through it to the scan, so a filter on `ingest_timestamp` written against a
 *   view still prunes objects; through a lateral join it would not.
 * - any other form becomes a lateral subquery unnesting two levels (the array, then the row; for an array of
 *   scalars the second level does nothing).
 */
export function rewriteUnnestJoins(sql: string): string {
  return rewriteLateralUnnest(rewriteTableLeftJoinUnnest(sql));
}

function rewriteTableLeftJoinUnnest(sql: string): string {
  return rewriteTableLeftJoinUnnestOf(rewriteSubqueryLeftJoinUnnest(sql));
}

/**
 * `FROM (subquery) AS name LEFT JOIN UNNEST(...) AS t(...) ON TRUE` (the views' form when they also read an
 * adopted deployment's table) is first turned into the table form, with the subquery in place of the table.
 */
function rewriteSubqueryLeftJoinUnnest(sql: string): string {
  const fromSubquery = /\bFROM\s*\(/gi;
  let out = '';
  let i = 0;
  let m: RegExpExecArray | null;
  while ((m = fromSubquery.exec(sql)) !== null) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(sql, open);
    const join = /^\s+AS\s+("[^"]+"|[A-Za-z_]\w*)\s+LEFT\s+JOIN\s+UNNEST\s*\(/i.exec(sql.slice(close + 1));
    if (!join) continue;
    const unnestOpen = close + 1 + join[0].length - 1;
    const unnestClose = matchingParen(sql, unnestOpen);
    const alias = /^\s+AS\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s+ON\s+TRUE\b/i.exec(sql.slice(unnestClose + 1));
    if (!alias) continue;
    const array = sql.slice(unnestOpen + 1, unnestClose);
    out += `${sql.slice(i, m.index)}FROM (SELECT UNNEST(CASE WHEN len(${array}) > 0 THEN ${array} ELSE [NULL] END, max_depth := 2), * `
      + `FROM ${sql.slice(open, close + 1)} AS ${join[1]}) AS ${alias[1]}(${alias[2]})`;
    i = unnestClose + 1 + alias[0].length;
    fromSubquery.lastIndex = i;
  }
  return out + sql.slice(i);
}

function rewriteTableLeftJoinUnnestOf(sql: string): string {
  const fromTable = /\bFROM\s+("[^"]+"|[A-Za-z_]\w*)\s+LEFT\s+JOIN\s+UNNEST\s*\(/gi;
  let out = '';
  let i = 0;
  let m: RegExpExecArray | null;
  while ((m = fromTable.exec(sql)) !== null) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(sql, open);
    const alias = /^\s+AS\s+([A-Za-z_]\w*)\s*\(([^)]*)\)\s+ON\s+TRUE\b/i.exec(sql.slice(close + 1));
    if (!alias) continue;
    const array = sql.slice(open + 1, close);
    out += `${sql.slice(i, m.index)}FROM (SELECT UNNEST(CASE WHEN len(${array}) > 0 THEN ${array} ELSE [NULL] END, max_depth := 2), * `
      + `FROM ${m[1]}) AS ${alias[1]}(${alias[2]})`;
    i = close + 1 + alias[0].length;
    fromTable.lastIndex = i;
  }
  return out + sql.slice(i);
}

function rewriteLateralUnnest(sql: string): string {
  const joinUnnest = /\b(LEFT\s+JOIN|CROSS\s+JOIN|JOIN)\s+UNNEST\s*\(/gi;
  let out = '';
  let i = 0;
  let m: RegExpExecArray | null;
  while ((m = joinUnnest.exec(sql)) !== null) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(sql, open);
    const array = sql.slice(open + 1, close);
    out += `${sql.slice(i, m.index)}${m[1].toUpperCase().replace(/\s+/g, ' ')} LATERAL (SELECT UNNEST(${array}, max_depth := 2))`;
    i = close + 1;
    joinUnnest.lastIndex = close + 1;
  }
  return out + sql.slice(i);
}

/**
 * Trino compares a `timestamp(3)` with `current_timestamp` (a `timestamp(3) with time zone`) by reading the
 * timestamp in the session zone; DuckDB refuses the comparison. The session is UTC in both, so the current
 * instant as a UTC timestamp without zone means the same.
 */
export function rewriteCurrentTimestamp(sql: string): string {
  return mapOutsideLiterals(sql, text => text.replace(/\bcurrent_timestamp\b(?!\s*\()/gi, 'CAST(current_timestamp AS TIMESTAMP)'));
}

/** Applies `rewrite` to the parts of `sql` outside string literals and quoted identifiers. */
function mapOutsideLiterals(sql: string, rewrite: (text: string) => string): string {
  return sql.split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/).map((part, i) => (i % 2 === 1 ? part : rewrite(part))).join('');
}

/**
 * Trino's `count_if(condition)` is a count: 0 over a group where the condition is never true (or always NULL).
 * DuckDB's returns NULL when every input is NULL (as after an outer join), so it becomes a plain count.
 */
export function rewriteCountIf(sql: string): string {
  const countIf = /\bcount_if\s*\(/gi;
  let out = '';
  let i = 0;
  let m: RegExpExecArray | null;
  while ((m = countIf.exec(sql)) !== null) {
    const open = m.index + m[0].length - 1;
    const close = matchingParen(sql, open);
    out += `${sql.slice(i, m.index)}count(CASE WHEN ${rewriteCountIf(sql.slice(open + 1, close))} THEN 1 END)`;
    i = close + 1;
    countIf.lastIndex = close + 1;
  }
  return out + sql.slice(i);
}

/** The rewrites, in the order they are applied. */
export const REWRITES: ReadonlyArray<{ readonly name: string; readonly apply: (sql: string) => string }> = [
  { name: 'CAST target types', apply: rewriteCastTypes },
  { name: 'element_at on maps', apply: rewriteElementAt },
  { name: 'JOIN UNNEST', apply: rewriteUnnestJoins },
  { name: 'current_timestamp', apply: rewriteCurrentTimestamp },
  { name: 'count_if', apply: rewriteCountIf },
];

/** Translates Trino SQL (of the views and reference queries) into SQL DuckDB runs with the same meaning. */
export function trinoToDuckDb(sql: string): string {
  return REWRITES.reduce((s, r) => r.apply(s), sql);
}

/**
 * A DuckDB column type as the Trino type Athena would report: `TIMESTAMP_MS` → `timestamp(3)`,
 * `VARCHAR[]` → `array(varchar)`, `MAP(VARCHAR, DOUBLE)` → `map(varchar,double)`, `STRUCT(...)` → `row(...)`.
 */
export function duckDbTypeToTrino(type: string): string {
  const t = type.trim();
  if (t.endsWith('[]')) return `array(${duckDbTypeToTrino(t.slice(0, -2))})`;
  const m = /^([A-Z_ ]+?)\s*(?:\((.*)\))?$/s.exec(t);
  if (!m) throw new Error(`Unsupported DuckDB type '${type}'`);
  const base = m[1].toUpperCase();
  const args = m[2];
  if (base === 'MAP' && args !== undefined) {
    const [k, v] = splitTopLevel(args);
    return `map(${duckDbTypeToTrino(k)},${duckDbTypeToTrino(v)})`;
  }
  if (base === 'STRUCT' && args !== undefined) {
    return `row(${splitTopLevel(args).map(f => {
      const [, name, ft] = /^"?([^"\s]+)"?\s+(.*)$/s.exec(f) ?? [];
      return `"${name.toLowerCase()}" ${duckDbTypeToTrino(ft)}`;
    }).join(',')})`;
  }
  const simple: Record<string, string> = {
    'VARCHAR': 'varchar',
    'BIGINT': 'bigint',
    'INTEGER': 'integer',
    'DOUBLE': 'double',
    'BOOLEAN': 'boolean',
    'FLOAT': 'real',
    'DATE': 'date',
    'JSON': 'json',
    'TIMESTAMP_S': 'timestamp(0)',
    'TIMESTAMP_MS': 'timestamp(3)',
    'TIMESTAMP': 'timestamp(6)',
    'TIMESTAMP_NS': 'timestamp(9)',
    'TIMESTAMP WITH TIME ZONE': 'timestamp(6) with time zone',
  };
  const name = simple[base];
  if (!name || args !== undefined) throw new Error(`Unsupported DuckDB type '${type}'`);
  return name;
}

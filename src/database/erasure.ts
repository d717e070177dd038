/**
 * What an erasure request erases: every event, raw copy and failed record that names one person's email address
 * or phone number. One rule, applied by Athena to the table (the erasure named query) and by the repair command
 * to the objects under `raw/` and `errors/`: the value, lower-cased, appears in the record's text as a whole,
 * neither preceded nor followed by a character an address or number may hold, so `ann@example.com` never erases
 * `joann@example.com`, nor `+1206555010` `+12065550100`.
 *
 * Free of aws-cdk-lib: the repair command bundles it.
 */

/** A character that may be part of an email address or a phone number: what must not touch the value. */
const ADDRESS_CHARACTER = 'a-z0-9._%+@-';

/** Characters of an address that are special in a regular expression (Java's and JavaScript's alike). */
const REGEX_SPECIAL = /[.+*?^$(){}|[\]\\/]/g;

/** Whether `text` names `value` (an email address or a phone number) as the erasure rule says. */
export function mentionsValue(text: string, value: string): boolean {
  return erasurePattern(value).test(text.toLowerCase());
}

/** The erasure rule for one value as a JavaScript regular expression over lower-cased text. */
export function erasurePattern(value: string): RegExp {
  const escaped = value.toLowerCase().replace(REGEX_SPECIAL, '\\$&');
  return new RegExp(`(^|[^${ADDRESS_CHARACTER}])${escaped}($|[^${ADDRESS_CHARACTER}])`);
}

/**
 * The erasure rule as a Trino condition on a row of `all_events`, for the value the SQL expression `valueSql`
 * gives: every place an event may hold an address or number (attributes, the client context with its endpoint,
 * the email facets with recipients and headers) as JSON text, matched by the same expression.
 */
export function erasureCondition(valueSql: string): string {
  return `regexp_like(
  lower(json_format(CAST(ROW(attributes, client_context, facets) AS JSON))),
  '(^|[^${ADDRESS_CHARACTER}])' || regexp_replace(lower(${valueSql}), '([.+*?^$(){}|\\[\\]\\\\/])', '\\\\$1') || '($|[^${ADDRESS_CHARACTER}])')`;
}

/**
 * The vocabulary the table schemas are declared in: Hive's column types (what Glue stores and Firehose converts
 * to), and fields with the record key they are read from.
 */

/** A primitive column type, named as Hive names it. */
export type PrimitiveName = 'string' | 'bigint' | 'int' | 'double' | 'boolean' | 'timestamp';

export interface PrimitiveType { readonly kind: 'primitive'; readonly name: PrimitiveName }
export interface ArrayType { readonly kind: 'array'; readonly element: SchemaType }
export interface MapType { readonly kind: 'map'; readonly value: SchemaType }
export interface StructType { readonly kind: 'struct'; readonly fields: readonly SchemaField[] }
export type SchemaType = PrimitiveType | ArrayType | MapType | StructType;

export interface SchemaField {
  /**
   * Column or struct-field name. Column names are lower-case, as Glue and Athena store them. Firehose's OpenX
   * JSON SerDe is configured case-sensitive (so map keys keep their case), so this is also the exact record key,
   * unless `jsonKey` says otherwise; that is why one struct field of the solution's table, `unsubscribeLinkTag`,
   * keeps its case.
   */
  readonly name: string;
  readonly type: SchemaType;
  /**
   * The record key the field is read from, when it differs from `name` (a record key that is not lower-case).
   * Only top-level columns may have one: the SerDe's key mappings apply to columns.
   */
  readonly jsonKey?: string;
  /** What the field holds, for the catalog and the documentation. */
  readonly comment?: string;
}

const primitive = (name: PrimitiveName): PrimitiveType => ({ kind: 'primitive', name });
export const STRING = primitive('string');
export const BIGINT = primitive('bigint');
export const INT = primitive('int');
export const DOUBLE = primitive('double');
export const BOOLEAN = primitive('boolean');
export const TIMESTAMP = primitive('timestamp');
export const arrayOf = (element: SchemaType): ArrayType => ({ kind: 'array', element });
/** Maps always have string keys (JSON object keys). */
export const mapOf = (value: SchemaType): MapType => ({ kind: 'map', value });
export const struct = (fields: Record<string, SchemaType>): StructType => ({
  kind: 'struct',
  fields: Object.entries(fields).map(([name, type]) => ({ name, type })),
});

/**
 * `columns` with fields added beside those they have: `additions` maps the dotted path of a struct (`application`,
 * `facets.email_channel.mail_event.click`), or `''` for the top level, to the fields appended to it, after its own.
 * Every path must name a struct of `columns`.
 */
export function withAddedFields(
  columns: readonly SchemaField[], additions: Readonly<Record<string, readonly SchemaField[]>>,
): SchemaField[] {
  const used = new Set<string>();
  const extend = (fields: readonly SchemaField[], path: string): SchemaField[] => {
    const extended = fields.map(f => {
      const fieldPath = path === '' ? f.name : `${path}.${f.name}`;
      return f.type.kind === 'struct' ? { ...f, type: { kind: 'struct' as const, fields: extend(f.type.fields, fieldPath) } } : f;
    });
    if (additions[path]) used.add(path);
    return [...extended, ...(additions[path] ?? [])];
  };
  const result = extend(columns, '');
  const unknown = Object.keys(additions).filter(path => !used.has(path));
  if (unknown.length > 0) {
    throw new Error(`No struct at ${unknown.join(', ')} to add fields to`);
  }
  return result;
}

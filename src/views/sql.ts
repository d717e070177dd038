/** Trino SQL text: the one home of identifier and literal quoting. */
import { SchemaType, toTrinoType } from '../schema/event-schema';

/** Double-quoted Trino identifier, so a column may be named like a keyword. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Trino string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The Trino type as a CAST target (its row field names are quoted: some, `from`, are reserved words). */
export function castType(type: SchemaType): string {
  return toTrinoType(type);
}

/** A dotted field path (`facets.email_channel.mail_event`) as a Trino expression, each part quoted. */
export function pathExpression(path: string): string {
  return path.split('.').map(quoteIdentifier).join('.');
}

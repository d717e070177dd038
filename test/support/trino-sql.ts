import { spawnSync } from 'child_process';
import { join } from 'path';

/** A statement that sqlglot could not parse as Trino SQL. */
export interface TrinoParseFailure {
  readonly name: string;
  readonly error: string;
}

/**
 * Parses each statement as Trino SQL with sqlglot (the `trino` dialect), using the `python3` found on PATH.
 * Fails with an install hint when Python or sqlglot is missing.
 */
export function trinoParseFailures(statements: ReadonlyArray<{ name: string; sql: string }>): TrinoParseFailure[] {
  const result = spawnSync('python3', [join(__dirname, 'parse_trino.py')], {
    input: JSON.stringify(statements),
    encoding: 'utf8',
  });
  const hint = 'Install the development tools with `scripts/run test` (it creates .tools/venv from requirements-dev.txt '
    + 'and puts it on PATH), or `pip install -r requirements-dev.txt`.';
  if (result.error) {
    throw new Error(`python3 could not be run (${result.error.message}). ${hint}`);
  }
  if (result.status === 3) {
    throw new Error(`sqlglot is not installed for ${'`python3`'} on PATH. ${hint}`);
  }
  if (result.status !== 0) {
    throw new Error(`The Trino SQL parser failed: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as TrinoParseFailure[];
}

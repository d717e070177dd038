/**
 * Each entry of the dialect shim, alone: the text it produces, and (run in DuckDB) that the result means what
 * the Trino SQL means.
 */
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  duckDbTypeToTrino, matchingParen, REWRITES, rewriteCastTypes, rewriteCountIf, rewriteCurrentTimestamp, rewriteElementAt,
  rewriteUnnestJoins, SESSION_SETUP,
  trinoToDuckDb, trinoTypeToDuckDb,
} from '../../local/trino-dialect';

let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  for (const statement of SESSION_SETUP) await connection.run(statement);
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

async function run(trinoSql: string) {
  const result = await connection.runAndReadAll(trinoToDuckDb(trinoSql));
  return {
    rows: result.getRowObjectsJson(),
    get types() { return result.columnTypes().map(t => duckDbTypeToTrino(t.toString())); },
  };
}

describe('session setup', () => {
  test('integer division truncates, as in Trino', async () => {
    expect((await run('SELECT 7 / 2 AS q, 7 / 2.0 AS d, -7 / 2 AS n')).rows).toEqual([{ q: 3, d: 3.5, n: -3 }]);
  });

  test('from_unixtime_nanos is an exact instant; in UTC and cast to timestamp(3) it keeps the milliseconds', async () => {
    const { rows, types } = await run(`SELECT from_unixtime_nanos(1564618621380 * 1000000) AS instant,
      CAST(from_unixtime_nanos(1564618621380 * 1000000) AT TIME ZONE 'UTC' AS timestamp(3)) AS t`);
    expect(rows).toEqual([{ instant: '2019-08-01 00:17:01.38+00', t: '2019-08-01 00:17:01.38' }]);
    expect(types).toEqual(['timestamp(6) with time zone', 'timestamp(3)']);
  });

  test('from_unixtime takes fractional seconds', async () => {
    const { rows } = await run('SELECT CAST(CAST(from_unixtime(1564618621.38) AS timestamp(3)) AS varchar) AS t');
    expect(rows).toEqual([{ t: '2019-08-01 00:17:01.38' }]);
  });

  test('json_parse + CAST to map(varchar,varchar), with TRY for text that is not an object', async () => {
    const { rows, types } = await run(`SELECT TRY(CAST(json_parse('{"a":"x","n":1}') AS map(varchar,varchar))) AS m,
      TRY(CAST(json_parse('not json') AS map(varchar,varchar))) AS bad`);
    expect(rows).toEqual([{ m: [{ key: 'a', value: 'x' }, { key: 'n', value: '1' }], bad: null }]);
    expect(types).toEqual(['map(varchar,varchar)', 'map(varchar,varchar)']);
  });

  test('date_parse reads an hour folder with Trino\'s specifiers; json_extract_scalar gives the scalar as text', async () => {
    const { rows, types } = await run(`SELECT CAST(date_parse('2026/12/01/18', '%Y/%m/%d/%H') AS timestamp(3)) AS hour,
      json_extract_scalar('{"ChannelType":"GCM","n":{"m":1}}', '$.ChannelType') AS channel,
      json_extract_scalar('{"n":{"m":1}}', '$.n.m') AS nested`);
    expect(rows).toEqual([{ hour: '2026-12-01 18:00:00', channel: 'GCM', nested: '1' }]);
    expect(types).toEqual(['timestamp(3)', 'varchar', 'varchar']);
  });

  test('array_join joins with the delimiter, skipping NULL elements, and is NULL for a NULL array, as in Trino', async () => {
    const { rows, types } = await run(`SELECT array_join(ARRAY['a@example.com', NULL, 'b@example.com'], ', ') AS joined,
      array_join(ARRAY['only@example.com'], ', ') AS one, array_join(CAST(NULL AS array(varchar)), ', ') AS none`);
    expect(rows).toEqual([{ joined: 'a@example.com, b@example.com', one: 'only@example.com', none: null }]);
    expect(types).toEqual(['varchar', 'varchar', 'varchar']);
  });

  test('the session is in UTC, as Athena is', async () => {
    expect((await run("SELECT CAST(TIMESTAMP '2026-11-20 06:00:00' AS TIMESTAMP WITH TIME ZONE) = TIMESTAMP '2026-11-20 06:00:00' AS same")).rows)
      .toEqual([{ same: true }]);
  });
});

describe('rewrites', () => {
  test('the list is fixed', () => {
    expect(REWRITES.map(r => r.name)).toEqual(['CAST target types', 'element_at on maps', 'JOIN UNNEST', 'current_timestamp', 'count_if']);
  });

  test('current_timestamp compares with a timestamp(3) column, as Trino coerces it in the (UTC) session zone', async () => {
    expect(rewriteCurrentTimestamp("SELECT current_timestamp, 'current_timestamp'"))
      .toBe("SELECT CAST(current_timestamp AS TIMESTAMP), 'current_timestamp'");
    const { rows } = await run('SELECT CAST(TIMESTAMP \'2000-01-01 00:00:00\' AS timestamp(3)) < current_timestamp - INTERVAL \'30\' DAY AS old');
    expect(rows[0].old).toBe(true);
  });

  test('count_if counts 0, not NULL, when every condition is NULL (as after an outer join)', async () => {
    expect(rewriteCountIf("count_if(kind = 'a') + count_if(f(x) > 1)"))
      .toBe("count(CASE WHEN kind = 'a' THEN 1 END) + count(CASE WHEN f(x) > 1 THEN 1 END)");
    const { rows } = await run("SELECT count_if(k = 'a') AS n FROM (VALUES (CAST(NULL AS varchar)), (NULL)) AS t(k)");
    expect(rows).toEqual([{ n: '0' }]);
  });

  test('CAST target types are spelt as DuckDB spells them, nested casts included', () => {
    expect(rewriteCastTypes('SELECT CAST(x AS timestamp(3)), TRY_CAST(y AS map(varchar,varchar)), CAST(CAST(z AS array(varchar)) AS varchar)'))
      .toBe('SELECT CAST(x AS TIMESTAMP_MS), TRY_CAST(y AS MAP(VARCHAR, VARCHAR)), CAST(CAST(z AS VARCHAR[]) AS VARCHAR)');
    expect(rewriteCastTypes("SELECT CAST('a AS b' AS integer)")).toBe("SELECT CAST('a AS b' AS INTEGER)");
  });

  test('element_at on a map becomes map_extract_value, NULL for a missing key', async () => {
    expect(rewriteElementAt("element_at(attributes, 'k')")).toBe("map_extract_value(attributes, 'k')");
    const { rows } = await run("SELECT element_at(MAP {'k': 'v'}, 'k') AS hit, element_at(MAP {'k': 'v'}, 'missing') AS miss");
    expect(rows).toEqual([{ hit: 'v', miss: null }]);
  });

  test('LEFT JOIN UNNEST of rows expands the fields and keeps rows whose array is empty or NULL', async () => {
    expect(rewriteUnnestJoins('SELECT r.x FROM "t" LEFT JOIN UNNEST(f(a)) AS r(x, y) ON TRUE WHERE k = 1'))
      .toBe('SELECT r.x FROM (SELECT UNNEST(CASE WHEN len(f(a)) > 0 THEN f(a) ELSE [NULL] END, max_depth := 2), * FROM "t") AS r(x, y) WHERE k = 1');
    expect(rewriteUnnestJoins('FROM t s LEFT JOIN UNNEST(s.a) AS r(x) ON TRUE'))
      .toBe('FROM t s LEFT JOIN LATERAL (SELECT UNNEST(s.a, max_depth := 2)) AS r(x) ON TRUE');
    const { rows } = await run(`WITH t AS (
        SELECT 1 AS id, [{'e': 'a', 's': '1'}, {'e': 'b', 's': '2'}] AS arr
        UNION ALL SELECT 2, [] UNION ALL SELECT 3, NULL)
      SELECT id, r.email, r.status FROM t LEFT JOIN UNNEST(arr) AS r(email, status) ON TRUE ORDER BY id, email`);
    expect(rows).toEqual([
      { id: 1, email: 'a', status: '1' }, { id: 1, email: 'b', status: '2' },
      { id: 2, email: null, status: null }, { id: 3, email: null, status: null },
    ]);
  });

  test('LEFT JOIN UNNEST over a named subquery (views that also read an adopted table) takes the table form', async () => {
    expect(rewriteUnnestJoins('SELECT r.x FROM (SELECT a FROM "t" UNION ALL SELECT a FROM "u") AS "t" LEFT JOIN UNNEST(a) AS r(x) ON TRUE WHERE k = 1'))
      .toBe('SELECT r.x FROM (SELECT UNNEST(CASE WHEN len(a) > 0 THEN a ELSE [NULL] END, max_depth := 2), * '
        + 'FROM (SELECT a FROM "t" UNION ALL SELECT a FROM "u") AS "t") AS r(x) WHERE k = 1');
    // A subquery not followed by LEFT JOIN UNNEST is left alone.
    expect(rewriteUnnestJoins('SELECT * FROM (SELECT 1) AS s WHERE x = 1')).toBe('SELECT * FROM (SELECT 1) AS s WHERE x = 1');
    const { rows } = await run(`WITH t AS (SELECT 1 AS id, [{'e': 'a'}] AS arr UNION ALL SELECT 2, []),
        u AS (SELECT 3 AS id, CAST(NULL AS array(row(e varchar))) AS arr)
      SELECT id, r.email FROM (SELECT id, arr FROM t UNION ALL SELECT id, arr FROM u) AS "t" LEFT JOIN UNNEST(arr) AS r(email) ON TRUE ORDER BY id`);
    expect(rows).toEqual([{ id: 1, email: 'a' }, { id: 2, email: null }, { id: 3, email: null }]);
  });

  test('CAST of a ROW to a row type with quoted (reserved) field names names the fields by position', async () => {
    expect(rewriteCastTypes('CAST(ROW(a, NULL) AS row("from" varchar,"n" bigint))'))
      .toBe('CAST(ROW(a, NULL) AS STRUCT("from" VARCHAR, "n" BIGINT))');
    const { rows, types } = await run(`SELECT CAST(ROW('x', NULL) AS row("from" varchar,"n" bigint)) AS r,
      CAST(MAP(ARRAY['k'], ARRAY[1.5]) AS map(varchar,double)) AS m`);
    expect(rows).toEqual([{ r: { from: 'x', n: null }, m: [{ key: 'k', value: 1.5 }] }]);
    expect(types).toEqual(['row("from" varchar,"n" bigint)', 'map(varchar,double)']);
  });

  test('LEFT JOIN UNNEST after an aliased relation (the lateral form) keeps rows whose array is empty or NULL', async () => {
    const { rows } = await run(`WITH t AS (SELECT 1 AS id, [{'e': 'a'}] AS arr UNION ALL SELECT 2, [] UNION ALL SELECT 3, NULL)
      SELECT s.id, r.email FROM t s LEFT JOIN UNNEST(s.arr) AS r(email) ON TRUE ORDER BY s.id`);
    expect(rows).toEqual([{ id: 1, email: 'a' }, { id: 2, email: null }, { id: 3, email: null }]);
  });

  test('CROSS JOIN UNNEST of scalars yields one row per element and drops empty arrays', async () => {
    const { rows } = await run(`WITH t AS (SELECT 1 AS id, ['a', 'b'] AS arr UNION ALL SELECT 2, [])
      SELECT id, r.v FROM t CROSS JOIN UNNEST(t.arr) AS r(v) ORDER BY id, v`);
    expect(rows).toEqual([{ id: 1, v: 'a' }, { id: 1, v: 'b' }]);
  });

  test('Trino functions DuckDB has under the same name and meaning pass through', async () => {
    const { rows } = await run(`SELECT contains(ARRAY['a', 'b'], 'b') AS c, count_if(x > 1) AS n, greatest(1, 3) AS g,
      date_trunc('hour', TIMESTAMP '2026-11-20 06:41:07') AS h, TIMESTAMP '2026-11-20 06:00:00' - INTERVAL '30' DAY AS back
      FROM (VALUES (1), (2), (3)) AS v(x)`);
    expect(rows).toEqual([{ c: true, n: '2', g: 3, h: '2026-11-20 06:00:00', back: '2026-10-21 06:00:00' }]);
  });
});

describe('type names', () => {
  test.each([
    ['varchar', 'VARCHAR'], ['bigint', 'BIGINT'], ['integer', 'INTEGER'], ['double', 'DOUBLE'], ['boolean', 'BOOLEAN'],
    ['timestamp(3)', 'TIMESTAMP_MS'], ['timestamp(6)', 'TIMESTAMP'], ['array(varchar)', 'VARCHAR[]'],
    ['map(varchar,double)', 'MAP(VARCHAR, DOUBLE)'], ['timestamp(6) with time zone', 'TIMESTAMP WITH TIME ZONE'], ['array(row("name" varchar, "value" varchar))', 'STRUCT("name" VARCHAR, "value" VARCHAR)[]'],
  ])('Trino %s is DuckDB %s, and back', (trino, duck) => {
    expect(trinoTypeToDuckDb(trino)).toBe(duck);
    expect(duckDbTypeToTrino(duck)).toBe(trino.replace(/, /g, ','));
  });

  test('types the shim does not know are refused, not guessed', () => {
    expect(() => trinoTypeToDuckDb('ipaddress')).toThrow(/Unsupported Trino type/);
    expect(() => duckDbTypeToTrino('UUID')).toThrow(/Unsupported DuckDB type/);
  });

  test('matchingParen skips parentheses in strings', () => {
    expect(matchingParen("f(')', (1))", 1)).toBe(10);
  });
});

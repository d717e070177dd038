/** Every view's and every named query's SQL parses as Trino SQL (sqlglot's trino dialect). */
import { NAMED_QUERIES } from '../../src/views/named-queries';
import { legacyRowsSql } from '../../src/views/relations';
import { ALL_STANDARD_VIEWS, customEventView } from '../../src/views/view-catalog';
import { renderViewSql } from '../../src/views/view-sql';
import { trinoParseFailures } from '../support/trino-sql';

test('every view parses as Trino SQL', () => {
  const views = [...ALL_STANDARD_VIEWS, customEventView('purchases', 'purchase_completed', { basket: "it's" }, { amount: 'Amount' })];
  expect(trinoParseFailures(views.map(v => ({ name: v.name, sql: renderViewSql(v) })))).toEqual([]);
});

test('every view parses as Trino SQL when it also reads an adopted deployment\'s table', () => {
  const views = [...ALL_STANDARD_VIEWS, customEventView('purchases', 'purchase_completed', { basket: 'Basket' }, { amount: 'Amount' })];
  const statements = views.map(v => ({ name: v.name, sql: renderViewSql(v, 'all_events', 'all_events_legacy') }));
  expect(statements.every(s => s.sql.includes('UNION ALL') && s.sql.includes('"all_events_legacy"'))).toBe(true);
  expect(trinoParseFailures(statements)).toEqual([]);
});

test('the legacy rows as all_events rows parse as Trino SQL', () => {
  expect(trinoParseFailures([{ name: 'legacy rows', sql: legacyRowsSql() }])).toEqual([]);
});

test('every named query parses as Trino SQL', () => {
  expect(trinoParseFailures(NAMED_QUERIES.map(q => ({ name: q.name, sql: q.sql })))).toEqual([]);
});

test('the check rejects SQL that is not Trino', () => {
  const failures = trinoParseFailures([
    { name: 'broken', sql: 'SELECT FROM WHERE (' },
    { name: 'two statements', sql: 'SELECT 1; SELECT 2' },
  ]);
  expect(failures.map(f => f.name)).toEqual(['broken', 'two statements']);
});

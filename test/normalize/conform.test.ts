import { fixture, PINPOINT_FIXTURES } from '../../fixtures/records';
import { findConformanceViolations } from '../support/conform';

const clickRecord = () => structuredClone(fixture(PINPOINT_FIXTURES, 'email-click')) as any;

describe('findConformanceViolations', () => {
  test('a documented Pinpoint record conforms, its empty objects (send: {}, sdk: {}) included', () => {
    expect(findConformanceViolations(fixture(PINPOINT_FIXTURES, 'email-send'))).toEqual([]);
  });

  test('keys match column names exactly, and awsAccountId is read into awsaccountid through its mapping', () => {
    expect(findConformanceViolations({ event_type: 'x', awsAccountId: '1', event_timestamp: 1 })).toEqual([]);
  });

  test('a key that differs from a column or field only in case is not held: the SerDe matches keys exactly', () => {
    const dropped = (expected: string) =>
      `is not in the schema, so Firehose would drop it: keys are matched exactly and the schema reads '${expected}'`;
    expect(findConformanceViolations({ EVENT_TIMESTAMP: 1, awsaccountid: '1', client: { Client_Id: 'c' } })).toEqual([
      { path: 'EVENT_TIMESTAMP', problem: dropped('event_timestamp') },
      { path: 'awsaccountid', problem: dropped('awsAccountId') },
      { path: 'client.Client_Id', problem: dropped('client_id') },
    ]);
  });

  test('a key the schema does not hold is reported at its full path', () => {
    const record = clickRecord();
    record.facets.email_channel.mail_event.click.referrer = 'https://example.com';
    record.device.locale = { code: 'en_US', currency: 'USD' };
    record.unknown_top = 1;
    const violations = findConformanceViolations(record);
    expect(violations.map(v => v.path).sort()).toEqual([
      'device.locale.currency', 'facets.email_channel.mail_event.click.referrer', 'unknown_top',
    ]);
    expect(new Set(violations.map(v => v.problem))).toEqual(new Set(['is not in the schema, so Firehose would drop it']));
  });

  test('values of the wrong type are reported, in arrays and maps too', () => {
    const record = clickRecord();
    record.event_timestamp = '1564618621380';
    record.attributes.count = 3;
    record.all_metrics = { price_in_millicents_usd: '645' };
    record.facets.email_channel.mail_event.mail.destination = ['a@example.com', 7];
    record.facets.email_channel.mail_event.mail.headers_truncated = 'false';
    record.facets.email_channel.mail_event.mail.common_headers.from = ['sender@example.com'];
    record.facets.email_channel.mail_event.click.all_link_tags = { k: 'v' };
    const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
    expect(findConformanceViolations(record).sort(byPath)).toEqual([
      { path: 'event_timestamp', problem: 'is string "1564618621380", expected an integer (bigint)' },
      { path: 'attributes{count}', problem: 'is number 3, expected a string' },
      { path: 'all_metrics{price_in_millicents_usd}', problem: 'is string "645", expected a finite number (double)' },
      { path: 'facets.email_channel.mail_event.mail.destination[1]', problem: 'is number 7, expected a string' },
      { path: 'facets.email_channel.mail_event.mail.headers_truncated', problem: 'is string "false", expected a boolean' },
      { path: 'facets.email_channel.mail_event.mail.common_headers.from', problem: 'is an array, expected a string' },
      { path: 'facets.email_channel.mail_event.click.all_link_tags{k}', problem: 'is string "v", expected an array' },
    ].sort(byPath));
  });

  test('an object where a primitive belongs, and a primitive where an object belongs', () => {
    expect(findConformanceViolations({ client: 'abc', event_version: { v: 3 } })).toEqual([
      { path: 'client', problem: 'is string "abc", expected an object (struct)' },
      { path: 'event_version', problem: 'is an object, expected a string' },
    ]);
  });

  test('a string where an array or a map belongs', () => {
    expect(findConformanceViolations({
      attributes: 'campaign=1',
      facets: { email_channel: { mail_event: { mail: { destination: 'recipient@example.com' } } } },
    })).toEqual([
      { path: 'attributes', problem: 'is string "campaign=1", expected an object (map)' },
      { path: 'facets.email_channel.mail_event.mail.destination', problem: 'is string "recipient@example.com", expected an array' },
    ]);
  });

  test('a fractional bigint and a non-finite double are reported', () => {
    expect(findConformanceViolations({ arrival_timestamp: 1.5, all_metrics: { m: Infinity } })).toEqual([
      { path: 'arrival_timestamp', problem: 'is number 1.5, expected an integer (bigint)' },
      { path: 'all_metrics{m}', problem: 'is number Infinity, expected a finite number (double)' },
    ]);
  });

  test('map keys are data: keys that differ only in case are distinct entries (SES tags Env and env, say)', () => {
    expect(findConformanceViolations({ attributes: { Env: 'a', env: 'b', campaignName: 'c' }, all_metrics: { orderTotal: 1 } })).toEqual([]);
  });

  test('nulls are accepted anywhere (every column is nullable); a record that is not an object is not', () => {
    expect(findConformanceViolations({ event_type: null, client: { client_id: null }, attributes: { a: null } })).toEqual([]);
    expect(findConformanceViolations([1])).toEqual([{ path: '', problem: 'is an array, expected a JSON object' }]);
  });
});

import { erasurePattern, mentionsValue } from '../../src/database/erasure';

describe('the erasure rule', () => {
  test('names the value wherever a record holds it whole, whatever its case', () => {
    expect(mentionsValue('{"destination":["Recipient@Example.com"]}', 'recipient@example.com')).toBe(true);
    expect(mentionsValue('{"to":"Jane Doe <jane@example.com>"}', 'JANE@example.com')).toBe(true);
    // The endpoint JSON a campaign event carries as text: the value between escaped quotes.
    expect(mentionsValue('{"endpoint":"{\\\\"Address\\\\":\\\\"jane@example.com\\\\"}"}', 'jane@example.com')).toBe(true);
    expect(mentionsValue('{"destination_phone_number":"+12065550100"}', '+12065550100')).toBe(true);
    expect(mentionsValue('jane@example.com', 'jane@example.com')).toBe(true);
  });

  test('never names a longer address or number that contains the value', () => {
    expect(mentionsValue('{"destination":["joann@example.com"]}', 'ann@example.com')).toBe(false);
    expect(mentionsValue('{"destination":["ann@example.com.au"]}', 'ann@example.com')).toBe(false);
    expect(mentionsValue('{"destination_phone_number":"+12065550100"}', '+1206555010')).toBe(false);
    expect(mentionsValue('{"destination_phone_number":"+112065550100"}', '+12065550100')).toBe(false);
  });

  test('reads every character of the value literally', () => {
    expect(mentionsValue('{"a":"a+b@example.com"}', 'a+b@example.com')).toBe(true);
    expect(mentionsValue('{"a":"aab@example.com"}', 'a+b@example.com')).toBe(false);
    expect(mentionsValue('{"a":"x@exampleXcom"}', 'x@example.com')).toBe(false);
    expect(erasurePattern('a.b|c*(d)?$@x.com').source).toContain('a\\.b\\|c\\*\\(d\\)\\?\\$@x\\.com');
  });
});

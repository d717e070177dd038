import { isKeyPrefix, parseHour } from '../../src/database/layout';

describe('parseHour: the one rule for an hour written yyyy/MM/dd/HH (UTC)', () => {
  test.each([
    ['2024/01/31/23', Date.UTC(2024, 0, 31, 23)],
    ['2024/02/29/00', Date.UTC(2024, 1, 29, 0)],
    ['2020/01/01/00', Date.UTC(2020, 0, 1, 0)],
  ])('%s is an hour', (hour, instant) => {
    expect(parseHour(hour)).toBe(instant);
  });

  test.each([
    '2023/02/29/00', // not a leap year
    '2024/02/30/00',
    '2024/13/01/00',
    '2024/00/10/00',
    '2024/01/32/00',
    '2024/01/31/24',
    '2024/1/31/23', // not zero-padded
    '2024-01-31-23',
    '2024/01/31',
    '2024/01/31/23/',
    ' 2024/01/31/23',
    '',
  ])('%p is not', hour => {
    expect(parseHour(hour)).toBeUndefined();
  });
});

describe('isKeyPrefix: where a folder of the bucket layout may start', () => {
  test.each(['events/', 'pinpoint/events/', 'a/'])('%p is a prefix', prefix => {
    expect(isKeyPrefix(prefix)).toBe(true);
  });

  test.each(['', '/', 'events', '/events/', 'events/raw'])('%p is not', prefix => {
    expect(isKeyPrefix(prefix)).toBe(false);
  });
});

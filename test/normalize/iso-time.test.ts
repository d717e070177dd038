import { isoMillis } from '../../src/normalize/iso-time';

describe('isoMillis reads every time as Date.parse does', () => {
  test.each([
    '2016-10-14T05:02:16.645Z', '1970-01-01T00:00:00.000Z', '9999-12-28T23:59:59.999Z', '0100-01-01T00:00:00.000Z',
    // Read by Date.parse: days after the 28th, out-of-range fields, early years and every other form.
    '2024-02-29T12:00:00.000Z', '2025-02-29T12:00:00.000Z', '2026-04-31T00:00:00.000Z', '2026-01-31T24:00:00.000Z',
    '2026-13-01T00:00:00.000Z', '2026-00-10T00:00:00.000Z', '2026-01-00T00:00:00.000Z', '2026-01-01T00:60:00.000Z',
    '2026-01-01T00:00:60.000Z', '0099-01-01T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000+', '2026-01-01T00:00:00Z',
    '2026-01-01T00:00:00.000+02:00', '2026-01-01 00:00:00.000Z', '2026-0a-01T00:00:00.000Z',
    '+002026-01-01T00:00:00.000Z', 'Fri, 04 Dec 2026 21:00:00 GMT', '', 'not a time',
    // Fractions of every length, End User Messaging Social's nanoseconds among them, and none.
    '2026-03-04T01:55:01.000866891Z', '2026-03-04T01:55:01.999999999Z', '2026-03-04T01:55:01.9Z', '2026-03-04T01:55:01.05Z',
    '2026-01-01T00:00:00.1234Z', '2026-03-04T01:55:01.1234567891234Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00.Z',
    '2026-01-01T00:00:00.12a4Z', '2026-01-01T00:00:00,123Z', '2026-01-01T00:00:00.123', '2026-01-01T00:00:00.123z',
  ])('%s', iso => {
    expect(Object.is(isoMillis(iso), Date.parse(iso))).toBe(true);
  });

  test('every millisecond field, hour, minute and second of days across four centuries', () => {
    for (let time = Date.UTC(1900, 0, 1); time < Date.UTC(2300, 0, 1); time += 86_399_999 * 7 + 12_345) {
      const iso = new Date(time).toISOString();
      expect([iso, isoMillis(iso)]).toEqual([iso, Date.parse(iso)]);
    }
  });

  test('fractions of one to twelve digits, at every millisecond of a second', () => {
    for (let millis = 0; millis < 1000; millis += 7) {
      for (let digits = 1; digits <= 12; digits++) {
        const fraction = `${String(millis).padStart(3, '0')}${String(millis * 7919).padStart(9, '0')}`.slice(0, digits);
        const iso = `2026-03-04T01:55:01.${fraction}Z`;
        expect([iso, isoMillis(iso)]).toEqual([iso, Date.parse(iso)]);
      }
    }
  });
});

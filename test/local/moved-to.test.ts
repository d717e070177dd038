import { movedTo } from '../../local/generate-events';
import { normalizeRecord } from '../../src/normalize/normalize-record';
import { ALL_SAMPLES } from '../../fixtures/records/engagement-events';
import { ALL_FIXTURES } from '../../fixtures/records/index';

const AT = Date.UTC(2026, 11, 4, 17, 0);

test('moves epoch-millisecond and ISO timestamps together, the latest to the given time', () => {
  const record = {
    mail: { timestamp: '2017-08-05T00:40:01.123Z' },
    delivery: { timestamp: '2017-08-05T00:41:02.669Z', processingTimeMillis: 11893 },
    event_timestamp: Date.parse('2017-08-05T00:41:00.000Z'),
    attributes: { count: '1564618621380' },
  };
  expect(movedTo(record, AT)).toEqual({
    mail: { timestamp: new Date(AT - 61_546).toISOString() },
    delivery: { timestamp: new Date(AT).toISOString(), processingTimeMillis: 11893 },
    event_timestamp: AT - 2_669,
    attributes: { count: '1564618621380' },
  });
});

test('every sample record, moved, has its event time within the day before the given time once normalized', () => {
  const fixtures = [...ALL_SAMPLES.map(record => ({ name: String(record.event_type), record })), ...ALL_FIXTURES];
  const outside = fixtures
    .map(({ name, record }) => ({ name, hoursBefore: (AT - Number(normalizeRecord(movedTo(record, AT)).event_timestamp)) / 3_600_000 }))
    .filter(({ hoursBefore }) => !(hoursBefore >= 0 && hoursBefore < 24));
  expect(outside).toEqual([]);
});

import { backoffDelay, chunk, foldObjects, isRetryableCode, KnownPartitions, partitionLocation, placeKey } from '../../src/partitions/partition-keys';

describe('placeKey', () => {
  test('an object in an hour folder belongs to that hour, as a timestamp value', () => {
    expect(placeKey('events/2024/02/29/23/stream-1-2024-02-29-23-59-59-abc.parquet', 'events/')).toEqual({
      kind: 'partition',
      partition: { value: '2024-02-29 23:00:00', folder: 'events/2024/02/29/23/' },
    });
  });

  test('the prefix is the one given', () => {
    expect(placeKey('data/events/2024/01/01/00/x.parquet', 'data/events/')).toMatchObject({ partition: { folder: 'data/events/2024/01/01/00/' } });
    expect(placeKey('events/2024/01/01/00/x.parquet', 'data/events/')).toEqual({ kind: 'skipped', reason: 'outside-events-prefix' });
  });

  test.each([
    ['raw/2024/01/01/00/x.gz', 'outside-events-prefix'],
    ['errors/processing-failed/2024/01/01/00/x.gz', 'outside-events-prefix'],
    ['eventsx/2024/01/01/00/x.parquet', 'outside-events-prefix'],
    ['events/readme.txt', 'not-an-hour-folder'],
    ['events/2024/01/01/x.parquet', 'not-an-hour-folder'],
    ['events/2024/1/01/00/x.parquet', 'not-an-hour-folder'],
    ['events/24/01/01/00/x.parquet', 'not-an-hour-folder'],
    ['events/2024-01-01-00/x.parquet', 'not-an-hour-folder'],
    ['events/2024/00/01/00/x.parquet', 'invalid-hour'],
    ['events/2024/13/01/00/x.parquet', 'invalid-hour'],
    ['events/2023/02/29/00/x.parquet', 'invalid-hour'],
    ['events/2024/04/31/00/x.parquet', 'invalid-hour'],
    ['events/2024/01/00/00/x.parquet', 'invalid-hour'],
    ['events/2024/01/01/24/x.parquet', 'invalid-hour'],
    ['events/2024/01/01/00/', 'folder-marker'],
    ['events/2024/01/01/00/sub/', 'folder-marker'],
  ])('%s is skipped (%s)', (key, reason) => {
    expect(placeKey(key, 'events/')).toEqual({ kind: 'skipped', reason });
  });

  test('the location is the hour folder of the bucket', () => {
    expect(partitionLocation('my-bucket', { value: '2024-01-01 00:00:00', folder: 'events/2024/01/01/00/' })).toBe('s3://my-bucket/events/2024/01/01/00/');
  });
});

describe('foldObjects', () => {
  test('objects of one hour fold into one partition listing every message; others are set aside', () => {
    const folded = foldObjects([
      { messageId: 'a', key: 'events/2024/01/01/00/1.parquet' },
      { messageId: 'b', key: 'events/2024/01/01/01/1.parquet' },
      { messageId: 'c', key: 'events/2024/01/01/00/2.parquet' },
      { messageId: 'a', key: 'events/2024/01/01/00/1.parquet' },
      { messageId: 'd', key: 'raw/2024/01/01/00/1.gz' },
    ], 'events/');
    expect(folded.partitions.map(p => [p.partition.value, [...p.messageIds]])).toEqual([
      ['2024-01-01 00:00:00', ['a', 'c']],
      ['2024-01-01 01:00:00', ['b']],
    ]);
    expect(folded.skipped).toEqual([{ messageId: 'd', key: 'raw/2024/01/01/00/1.gz', reason: 'outside-events-prefix' }]);
  });

  test('an empty batch folds to nothing', () => {
    expect(foldObjects([], 'events/')).toEqual({ partitions: [], skipped: [] });
  });
});

describe('chunk', () => {
  test('splits into chunks of at most the size, in order', () => {
    const items = Array.from({ length: 250 }, (_, i) => i);
    const chunks = chunk(items, 100);
    expect(chunks.map(c => c.length)).toEqual([100, 100, 50]);
    expect(chunks.flat()).toEqual(items);
    expect(chunk(items.slice(0, 100), 100)).toHaveLength(1);
    expect(chunk([], 100)).toEqual([]);
  });

  test('refuses a size that is not a positive integer', () => {
    expect(() => chunk([1], 0)).toThrow(/positive integer/);
    expect(() => chunk([1], 1.5)).toThrow(/positive integer/);
  });
});

describe('KnownPartitions', () => {
  test('remembers a value for the time to live, then forgets it', () => {
    let now = 1_000;
    const known = new KnownPartitions(900_000, () => now);
    expect(known.has('p')).toBe(false);
    known.remember('p');
    now += 899_999;
    expect(known.has('p')).toBe(true);
    now += 1;
    expect(known.has('p')).toBe(false);
    expect(known.size).toBe(0);
  });

  test('remembering again extends the time to live', () => {
    let now = 0;
    const known = new KnownPartitions(100, () => now);
    known.remember('p');
    now = 90;
    known.remember('p');
    now = 150;
    expect(known.has('p')).toBe(true);
  });

  test('a time to live of zero remembers nothing', () => {
    const known = new KnownPartitions(0, () => 5);
    known.remember('p');
    expect(known.has('p')).toBe(false);
  });

  test('expired entries are dropped as the memory grows', () => {
    let now = 0;
    const known = new KnownPartitions(10, () => now);
    for (let i = 0; i < 10_000; i++) {
      known.remember(`old-${i}`);
    }
    now = 100;
    known.remember('new');
    expect(known.size).toBe(1);
  });

  test('refuses a negative time to live', () => {
    expect(() => new KnownPartitions(-1)).toThrow(/zero or more/);
  });
});

describe('retries', () => {
  test('backoff grows exponentially up to the cap, with full jitter', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 10].map(retry => backoffDelay(retry, 100, 1000, top))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, 100, 1000, () => 0)).toBe(0);
  });

  test('throttling and service faults are retryable; refusals are not', () => {
    expect(isRetryableCode('ThrottlingException')).toBe(true);
    expect(isRetryableCode('InternalServiceException')).toBe(true);
    expect(isRetryableCode('AccessDeniedException')).toBe(false);
    expect(isRetryableCode('EntityNotFoundException')).toBe(false);
    expect(isRetryableCode('AlreadyExistsException')).toBe(false);
    expect(isRetryableCode(undefined)).toBe(false);
  });
});

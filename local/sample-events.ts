/**
 * The sample events the preview shows and the dashboard page is drawn from: every sample record of the project
 * (AWS's samples and the fixtures of every source), spread over the last days as Firehose would have delivered
 * them, so that a chart over time has a shape.
 */
import { LocalEventsDatabase } from './engine';
import { movedTo } from './generate-events';
import { ALL_SAMPLES } from '../fixtures/records/engagement-events';
import { ALL_FIXTURES } from '../fixtures/records/index';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface LoadedSamples {
  /** How many records were delivered. */
  readonly records: number;
  /** The Parquet objects written, one per arrival hour. */
  readonly files: readonly string[];
  /** Every record delivered, as the sources sent it. */
  readonly samples: readonly unknown[];
}

/**
 * Delivers every sample record once into `db`: record i arrives on day `i mod days` back from now, in one of the
 * hours of that day's object, each event dated a minute before its object arrives.
 */
export async function loadSampleEvents(db: LocalEventsDatabase, days = 7, now = Date.now()): Promise<LoadedSamples> {
  const samples = [...ALL_SAMPLES, ...ALL_FIXTURES.map(f => f.record)];
  const batches = Array.from({ length: days }, (_, daysAgo) => {
    // Whole hours, a few hours apart from one day to the next, so that the days differ a little.
    const arrivalTime = new Date(Math.floor((now - daysAgo * DAY - (daysAgo % 3) * HOUR) / HOUR) * HOUR + 30 * 60_000);
    const records = samples.filter((_record, i) => i % days === daysAgo).map(record => movedTo(record, arrivalTime.getTime() - 60_000));
    return { records, arrivalTime };
  });
  const files = await db.ingestBatches(batches);
  return { records: samples.length, files, samples };
}

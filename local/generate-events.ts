/**
 * Deterministic engagement traffic for the local engine: every hour of a period, a few email sends with
 * their deliveries and opens, and SMS messages with their buffered and final events. Used by the benchmark
 * and the preview to fill a database of realistic shape.
 */
import { eventTypeOf } from '../src/schema/event-types';

export interface GeneratedBatch {
  readonly records: Record<string, unknown>[];
  /** Arrival time of the batch (its partition hour). */
  readonly arrivalTime: Date;
}

export interface GenerateOptions {
  /** First hour of the period (UTC). */
  readonly start: Date;
  readonly days: number;
  /** Hours per day that receive traffic, from midnight. @default 24 */
  readonly hoursPerDay?: number;
  /** Emails sent per hour. @default 10 */
  readonly emailsPerHour?: number;
}

const HOUR = 3_600_000;

/** One batch per hour of traffic, each holding that hour's events. */
export function generateEngagement(options: GenerateOptions): GeneratedBatch[] {
  const batches: GeneratedBatch[] = [];
  const hoursPerDay = options.hoursPerDay ?? 24;
  const emailsPerHour = options.emailsPerHour ?? 10;
  const start = Math.floor(options.start.getTime() / HOUR) * HOUR;
  for (let day = 0; day < options.days; day++) {
    for (let hour = 0; hour < hoursPerDay; hour++) {
      const at = start + (day * 24 + hour) * HOUR + 60_000;
      const records: Record<string, unknown>[] = [];
      for (let i = 0; i < emailsPerHour; i++) {
        const messageId = `gen-${day}-${hour}-${i}`;
        const to = [`user${(day * 7 + i) % 50}@example.com`];
        for (const kind of ['send', 'delivered', ...(i % 3 === 0 ? ['open'] : [])]) {
          records.push(email(kind, messageId, to, `Subject ${i % 4}`, at));
        }
        if (i % 7 === 6) {
          records.push(email('hardbounce', messageId, to, `Subject ${i % 4}`, at, {
            bounce: { bounce_type: 'Permanent', bounced_recipients: to.map(email_address => ({ email_address, status: '5.1.1' })) },
          }));
        }
        if (i % 5 === 0) {
          records.push(sms('BUFFERED', `sms-${messageId}`, at), sms('SUCCESS', `sms-${messageId}`, at, 645));
        }
      }
      batches.push({ records, arrivalTime: new Date(at) });
    }
  }
  return batches;
}

function email(
  kind: string, messageId: string, to: string[], subject: string, at: number, body: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    event_type: eventTypeOf('email', kind),
    event_timestamp: at,
    arrival_timestamp: at,
    application: { app_id: 'generated-app' },
    client: { client_id: `endpoint-${to[0]}` },
    attributes: { campaign_id: 'generated-campaign', treatment_id: '0' },
    awsAccountId: '111122223333',
    facets: {
      email_channel: {
        mail_event: {
          mail: { message_id: messageId, message_send_timestamp: at, from_address: 'news@example.com', destination: to, common_headers: { subject } },
          ...body,
        },
      },
    },
  };
}

function sms(kind: string, messageId: string, at: number, price?: number): Record<string, unknown> {
  return {
    event_type: eventTypeOf('sms', kind),
    event_timestamp: at,
    arrival_timestamp: at,
    application: { app_id: 'generated-app' },
    client: { client_id: 'sms-endpoint' },
    attributes: { message_id: messageId, record_status: kind === 'SUCCESS' ? 'DELIVERED' : 'SUCCESSFUL' },
    ...(price !== undefined ? { metrics: { price_in_millicents_usd: price } } : {}),
    awsAccountId: '111122223333',
  };
}

/**
 * A copy of a sample record with its timestamps (epoch milliseconds, ISO 8601 strings, and WhatsApp's epoch seconds
 * as text) moved together so that the latest is `at`. The samples date from 2016 to 2025 and the analyses look at
 * the last 30 days: moved, the events they list are as recent as the partitions they arrive in, and the record's
 * own timeline (sent, then delivered, then opened) is kept. A WhatsApp event's webhook entry is JSON text: the
 * times inside it move too.
 */
export function movedTo(record: unknown, at: number): unknown {
  const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
  const isEpochMillis = (key: string, value: unknown): value is number => typeof value === 'number'
    && /timestamp/i.test(key) && value > 1e12 && value < 1e14;
  const isEpochSecondsText = (key: string, value: unknown): value is string => typeof value === 'string'
    && /timestamp/i.test(key) && /^\d{10}$/.test(value);
  const embeddedJson = (key: string, value: unknown): value is string => key === 'whatsAppWebhookEntry' && typeof value === 'string';
  const times: number[] = [];
  const collect = (value: unknown, key = ''): void => {
    if (isEpochMillis(key, value)) times.push(value);
    else if (isEpochSecondsText(key, value)) times.push(Number(value) * 1000);
    else if (embeddedJson(key, value)) collect(JSON.parse(value));
    else if (typeof value === 'string' && ISO.test(value)) times.push(Date.parse(value));
    else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => collect(v, k));
  };
  collect(record);
  if (times.length === 0) return record;
  const shift = at - Math.max(...times);
  const move = (value: unknown, key = ''): unknown => {
    if (isEpochMillis(key, value)) return value + shift;
    if (isEpochSecondsText(key, value)) return String(Math.floor((Number(value) * 1000 + shift) / 1000));
    if (embeddedJson(key, value)) return JSON.stringify(move(JSON.parse(value)));
    if (typeof value === 'string' && ISO.test(value)) return new Date(Date.parse(value) + shift).toISOString();
    if (Array.isArray(value)) return value.map(v => move(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, move(v, k)]));
    return value;
  };
  return move(record);
}

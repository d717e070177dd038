/**
 * The price-once rule, as code: what one text, MMS or voice message cost, counted once per message.
 *
 * A message reports several statuses (buffered, then success or failure; Firehose may also deliver a
 * record twice), and each of its events may repeat the message's total price. Summing the price over events
 * counts a message as many times as it has events. The rule: group the events by `attributes.message_id` and
 * take the largest `metrics.price_in_millicents_usd` among them. It holds for Pinpoint SMS records (passed
 * through untouched) and for End User Messaging records alike. The Athena views and analyses implement the
 * same rule in SQL; this function is the reference their results are compared with.
 */
import { JsonObject, isJsonObject } from '../../src/normalize/json-record';

/** Event-type prefixes of the channels that carry a message price. */
export const PRICED_CHANNEL_PREFIXES: readonly string[] = ['_SMS.', '_mms.', '_voice.'];

/** Message ID → price in millicents (thousandths of a US cent), one entry per priced message. */
export function pricePerMessage(records: readonly JsonObject[]): Map<string, number> {
  const prices = new Map<string, number>();
  for (const record of records) {
    const eventType = record.event_type;
    if (typeof eventType !== 'string' || !PRICED_CHANNEL_PREFIXES.some(prefix => eventType.startsWith(prefix))) {
      continue;
    }
    const messageId = isJsonObject(record.attributes) ? record.attributes.message_id : undefined;
    const price = isJsonObject(record.metrics) ? record.metrics.price_in_millicents_usd : undefined;
    if (typeof messageId !== 'string' || typeof price !== 'number') {
      continue;
    }
    prices.set(messageId, Math.max(prices.get(messageId) ?? price, price));
  }
  return prices;
}

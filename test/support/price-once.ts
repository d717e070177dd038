/**
 * The price-once rule, as code: what one text, MMS, voice or RCS message cost, counted once per message, and
 * what one RCS conversation session cost, counted once per session.
 *
 * A message reports several statuses (buffered, then success or failure; Firehose may also deliver a
 * record twice), and each of its events may repeat the message's total price. Summing the price over events
 * counts a message as many times as it has events. The rule: group the events by `attributes.message_id` and
 * take the largest `metrics.price_in_millicents_usd` among them. It holds for Pinpoint SMS records (passed
 * through untouched) and for End User Messaging records alike. The Athena views and analyses implement the
 * same rule in SQL; this function is the reference their results are compared with.
 */
import { JsonObject, isJsonObject } from '../../src/normalize/json-record';
import { CONVERSATION_FEE_METRIC } from '../../src/normalize/sms-voice';

/** Event-type prefixes of the channels that carry a message price. */
export const PRICED_CHANNEL_PREFIXES: readonly string[] = ['_SMS.', '_mms.', '_voice.', '_rcs.'];

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

/**
 * Conversation session → fee in millicents, one entry per RCS conversation session. End User Messaging repeats
 * a session's fee (`conversation_session_fee_in_millicents_usd`) on the delivery event of every message sent in
 * the session and prices those messages at 0; the session is named by the message that started it
 * (`attributes.conversation_initiating_message_id`). The rule: the largest fee among a session's events, once.
 */
export function conversationFeePerSession(records: readonly JsonObject[]): Map<string, number> {
  const fees = new Map<string, number>();
  for (const record of records) {
    const session = isJsonObject(record.attributes) ? record.attributes.conversation_initiating_message_id : undefined;
    // A record fitted to the table keeps every metric in all_metrics; one straight from a normalizer, in metrics.
    const metrics = isJsonObject(record.all_metrics) ? record.all_metrics : record.metrics;
    const fee = isJsonObject(metrics) ? metrics[CONVERSATION_FEE_METRIC] : undefined;
    if (typeof session !== 'string' || typeof fee !== 'number') {
      continue;
    }
    fees.set(session, Math.max(fees.get(session) ?? fee, fee));
  }
  return fees;
}

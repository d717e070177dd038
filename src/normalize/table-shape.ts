/**
 * The last step of every record on its way to the table, whatever its source: the record, already in the
 * Pinpoint shape, is fitted to the types of `all_events`, which keeps the deployed solution's types.
 *
 * Where such a type holds less than the record carries, nothing is lost: the whole value is also written to the
 * field this library adds beside it, and the solution's field keeps what its type holds.
 * - `metrics` (the solution's `struct<price_in_millicents_usd>`): every metric goes to `all_metrics`.
 * - `click.link_tags` (the solution's `struct<unsubscribeLinkTag>`): every link tag goes to `click.all_link_tags`.
 * - `session` (a string map): numbers (Pinpoint's epoch-millisecond start and stop times) become their text.
 */
import { JsonObject, isJsonObject } from './json-record';
import { PRICE_METRIC, UNSUBSCRIBE_LINK_TAG } from '../schema/event-schema';

/** `{ [key]: object[key] }` when the key is present, else undefined. */
function only(object: JsonObject, key: string): JsonObject | undefined {
  return Object.hasOwn(object, key) ? { [key]: object[key] } : undefined;
}

/** Whether any value of the object is a number or a boolean. */
function holdsNumberOrBoolean(object: JsonObject): boolean {
  for (const key in object) {
    const type = typeof object[key];
    if (type === 'number' || type === 'boolean') return true;
  }
  return false;
}

/** Fits a Pinpoint-shape record to the table's types, returning a new record when anything changes. */
export function toTableShape(record: JsonObject): JsonObject {
  let shaped = record;
  const copy = (): JsonObject => (shaped === record ? (shaped = { ...record }) : shaped);

  // A record shaped already (normalized twice, say) keeps what it has: its `metrics` is no longer whole.
  if (isJsonObject(record.metrics) && record.all_metrics === undefined) {
    const out = copy();
    out.all_metrics = record.metrics;
    const price = only(record.metrics, PRICE_METRIC);
    if (price) out.metrics = price; else delete out.metrics;
  }

  if (isJsonObject(record.session) && holdsNumberOrBoolean(record.session)) {
    copy().session = Object.fromEntries(Object.entries(record.session)
      .map(([key, value]) => [key, typeof value === 'number' || typeof value === 'boolean' ? String(value) : value]));
  }

  const facets = record.facets;
  const mailEvent = isJsonObject(facets) && isJsonObject(facets.email_channel) ? facets.email_channel.mail_event : undefined;
  const click = isJsonObject(mailEvent) ? mailEvent.click : undefined;
  if (isJsonObject(facets) && isJsonObject(mailEvent) && isJsonObject(click) && isJsonObject(click.link_tags)
    && click.all_link_tags === undefined) {
    const shapedClick: JsonObject = { ...click, all_link_tags: click.link_tags };
    const unsubscribe = only(click.link_tags, UNSUBSCRIBE_LINK_TAG);
    if (unsubscribe) shapedClick.link_tags = unsubscribe; else delete shapedClick.link_tags;
    copy().facets = { ...facets, email_channel: { ...(facets.email_channel as JsonObject), mail_event: { ...mailEvent, click: shapedClick } } };
  }
  return shaped;
}

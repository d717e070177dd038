/**
 * Reference analyses over the views, saved as Athena named queries in the analytics workgroup. Each query
 * filters every view it reads on `ingest_timestamp`, so Athena reads only the partitions of the period asked
 * for. The example values (an email address, a tag value) are placeholders to edit before running.
 */
import { sqlString } from './sql';
import { erasureCondition } from '../database/erasure';
import { MessageStatus, PRICED_CHANNELS, eventTypeOf } from '../schema/event-types';

/** One saved query. */
export interface NamedQueryDeclaration {
  /** Name shown in the Athena console (at most 128 characters). */
  readonly name: string;
  /** What the query answers. */
  readonly description: string;
  /** Trino SQL over the views. */
  readonly sql: string;
}

const LAST_30_DAYS = "ingest_timestamp > current_timestamp - INTERVAL '30' DAY";
const LAST_6_MONTHS = "ingest_timestamp > current_timestamp - INTERVAL '6' MONTH";
/** The messages of the last 30 days that were opened, clicked and unsubscribed from, each listed once. */
const ENGAGED_MESSAGES = `opened AS (SELECT DISTINCT message_id FROM email_open WHERE ${LAST_30_DAYS}),
clicked AS (SELECT DISTINCT message_id FROM email_click WHERE ${LAST_30_DAYS}),
unsubscribed AS (SELECT DISTINCT message_id FROM email_unsubscribe WHERE ${LAST_30_DAYS})`;

/** The SMS views whose events report a message's price: every event of an SMS message but an opt-out. */
const PRICED_SMS_VIEWS = ['sms_buffered', 'sms_success', 'sms_failure'];

/** The SMS events of the last 30 days, the given columns of each priced SMS view, one UNION ALL. */
const pricedSmsEvents = (columns: string) => PRICED_SMS_VIEWS
  .map(view => `SELECT ${columns} FROM ${view} WHERE ${LAST_30_DAYS}`).join('\n  UNION ALL\n  ');

/**
 * One row per SMS message with its price, counted once. AWS documents the price on the final events
 * (`_SMS.SUCCESS`, `_SMS.FAILURE`); `_SMS.BUFFERED` may carry the same price or none. Summing any single
 * view therefore either misses messages or, summed together, counts a message twice: the price of a message
 * is the largest price any of its events reports, and each `message_id` is one row.
 */
const SMS_MESSAGES = `sms_events AS (
  ${pricedSmsEvents('message_id, pinpoint_campaign_id, message_tags, price_in_millicents_usd')}
),
sms_messages AS (
  SELECT
    message_id,
    max(pinpoint_campaign_id) AS campaign_id,
    max(element_at(message_tags, 'mycustomerid')) AS mycustomerid,
    max(price_in_millicents_usd) AS price_in_millicents_usd
  FROM sms_events
  GROUP BY message_id
)`;

/**
 * The furthest step of the funnel each status of `message_events` shows a message reached: 1 sent, 2 delivered,
 * 3 opened or read, 4 clicked (or, for a message a customer answered, replied). A complaint or an opt-out comes
 * from a recipient who received the message; an unsubscribe click from one who opened it. Statuses of messages
 * customers sent (`received`, `deleted`) are not steps of a sent message.
 */
const FUNNEL_STEP: Record<MessageStatus, number | undefined> = {
  sent: 1,
  failed: 1,
  fallen_back: 1,
  delayed: 1,
  warning: 1,
  delivered: 2,
  complained: 2,
  opted_out: 2,
  preferences_changed: 2,
  opened: 3,
  unsubscribed: 3,
  clicked: 4,
  received: undefined,
  deleted: undefined,
};
const FUNNEL_STEP_SQL = `CASE status${Object.entries(FUNNEL_STEP).filter(([, step]) => step !== undefined && step > 1)
  .map(([status, step]) => ` WHEN ${sqlString(status)} THEN ${step}`).join('')} ELSE 1 END`;
const NOT_SENT_STATUSES = Object.entries(FUNNEL_STEP).filter(([, step]) => step === undefined).map(([status]) => sqlString(status)).join(', ');

export const NAMED_QUERIES: readonly NamedQueryDeclaration[] = [
  {
    name: 'SMS cost by campaign (last 30 days)',
    description: 'Messages and their cost per campaign; messages sent through the API count as "No campaign". Each message is priced once.',
    sql: `-- The price of a message is reported on its final event and perhaps again on ${eventTypeOf('sms', 'BUFFERED')}:
-- each message_id is counted once, at the largest price any of its events reports.
WITH ${SMS_MESSAGES}
SELECT
  coalesce(campaign_id, 'No campaign') AS campaign,
  count(*) AS messages,
  coalesce(sum(price_in_millicents_usd), 0) AS cost_in_millicents_usd
FROM sms_messages
GROUP BY coalesce(campaign_id, 'No campaign')
ORDER BY cost_in_millicents_usd DESC, campaign`,
  },
  {
    name: 'SMS cost by sender context (last 30 days)',
    description: 'Cost of the SMS messages whose sender context has mycustomerid = 4 (edit the key and value). Each message is priced once.',
    sql: `-- Each message_id is counted once, at the largest price any of its events reports.
WITH ${SMS_MESSAGES}
SELECT
  count(*) AS messages,
  coalesce(sum(price_in_millicents_usd), 0) AS cost_in_millicents_usd
FROM sms_messages
WHERE mycustomerid = '4'`,
  },
  {
    name: 'Emails sent to an address (last 30 days)',
    description: 'Every email sent to recipient@example.com (edit the address): when, its subject, and whether it was opened.',
    sql: `SELECT
  s.event_timestamp AS sent_at,
  s.subject,
  count(o.message_id) > 0 AS opened
FROM email_send s
LEFT JOIN email_open o
  ON o.message_id = s.message_id AND o.${LAST_30_DAYS}
WHERE contains(s.destination, 'recipient@example.com')
  AND s.${LAST_30_DAYS}
GROUP BY s.message_id, s.event_timestamp, s.subject
ORDER BY sent_at DESC`,
  },
  {
    name: 'Email engagement by subject (last 30 days)',
    description: 'Emails sent per subject line, and how many of them were opened, clicked and unsubscribed from (each message counted once).',
    sql: `WITH sends AS (
  SELECT message_id, subject FROM email_send WHERE ${LAST_30_DAYS}
),
${ENGAGED_MESSAGES}
SELECT
  s.subject,
  count(*) AS sends,
  count(o.message_id) AS opened,
  count(c.message_id) AS clicked,
  count(u.message_id) AS unsubscribed
FROM sends s
LEFT JOIN opened o ON o.message_id = s.message_id
LEFT JOIN clicked c ON c.message_id = s.message_id
LEFT JOIN unsubscribed u ON u.message_id = s.message_id
GROUP BY s.subject
ORDER BY sends DESC, s.subject`,
  },
  {
    name: 'Email sends by tag (last 30 days)',
    description: 'Emails sent with the SES message tag or Pinpoint context attribute mycustomerid = 4 (edit the key and value).',
    sql: `SELECT count(*) AS sends
FROM email_send
WHERE element_at(message_tags, 'mycustomerid') = '4'
  AND ${LAST_30_DAYS}`,
  },
  {
    name: 'Email address engagement (last 6 months)',
    description: 'For each address sent at least 10 emails in the last 6 months and first delivered to over 3 months ago: sends, first and last delivery, and the last open or click.',
    sql: `WITH sent AS (
  SELECT r.email_address, s.message_id
  FROM email_send s
  CROSS JOIN UNNEST(s.destination) AS r(email_address)
  WHERE s.${LAST_6_MONTHS}
),
delivered AS (
  SELECT message_id, min(arrival_timestamp) AS delivered_at FROM email_delivered WHERE ${LAST_6_MONTHS} GROUP BY message_id
),
opened AS (
  SELECT message_id, max(arrival_timestamp) AS opened_at FROM email_open WHERE ${LAST_6_MONTHS} GROUP BY message_id
),
clicked AS (
  SELECT message_id, max(arrival_timestamp) AS clicked_at FROM email_click WHERE ${LAST_6_MONTHS} GROUP BY message_id
)
SELECT
  sent.email_address,
  count(*) AS sends,
  min(d.delivered_at) AS first_delivered_at,
  max(d.delivered_at) AS last_delivered_at,
  -- greatest() is NULL if either argument is: an address that only opened (or only clicked) still has a last engagement.
  greatest(coalesce(max(o.opened_at), max(c.clicked_at)), coalesce(max(c.clicked_at), max(o.opened_at))) AS last_engaged_at
FROM sent
LEFT JOIN delivered d ON d.message_id = sent.message_id
LEFT JOIN opened o ON o.message_id = sent.message_id
LEFT JOIN clicked c ON c.message_id = sent.message_id
GROUP BY sent.email_address
HAVING count(*) >= 10 AND min(d.delivered_at) < current_timestamp - INTERVAL '3' MONTH
ORDER BY last_engaged_at ASC NULLS FIRST, sent.email_address`,
  },
  {
    name: 'Campaign engagement (last 30 days)',
    description: 'Per campaign: endpoints targeted, emails sent, opened, clicked, bounced (recipients), and unsubscribed.',
    sql: `WITH campaigns AS (
  SELECT pinpoint_campaign_id, count(*) AS endpoints_targeted
  FROM campaign_send
  WHERE ${LAST_30_DAYS}
  GROUP BY pinpoint_campaign_id
),
email_events AS (
  SELECT pinpoint_campaign_id, 'send' AS kind FROM email_send WHERE ${LAST_30_DAYS}
  UNION ALL SELECT pinpoint_campaign_id, 'open' FROM email_open WHERE ${LAST_30_DAYS}
  UNION ALL SELECT pinpoint_campaign_id, 'click' FROM email_click WHERE ${LAST_30_DAYS}
  UNION ALL SELECT pinpoint_campaign_id, 'hardbounce' FROM email_hardbounce WHERE ${LAST_30_DAYS}
  UNION ALL SELECT pinpoint_campaign_id, 'softbounce' FROM email_softbounce WHERE ${LAST_30_DAYS}
  UNION ALL SELECT pinpoint_campaign_id, 'unsubscribe' FROM email_unsubscribe WHERE ${LAST_30_DAYS}
)
SELECT
  c.pinpoint_campaign_id,
  c.endpoints_targeted,
  count_if(e.kind = 'send') AS email_sends,
  count_if(e.kind = 'open') AS email_opens,
  count_if(e.kind = 'click') AS email_clicks,
  count_if(e.kind = 'hardbounce') AS hard_bounced_recipients,
  count_if(e.kind = 'softbounce') AS soft_bounced_recipients,
  count_if(e.kind = 'unsubscribe') AS unsubscribes
FROM campaigns c
LEFT JOIN email_events e ON e.pinpoint_campaign_id = c.pinpoint_campaign_id
GROUP BY c.pinpoint_campaign_id, c.endpoints_targeted
ORDER BY c.endpoints_targeted DESC, c.pinpoint_campaign_id`,
  },
  {
    name: 'Bounce and complaint monitoring (hourly, last 30 days)',
    description: 'Emails sent per arrival hour, how many of them hard-bounced or drew a complaint, and the rates.',
    sql: `WITH sends AS (
  SELECT date_trunc('hour', ingest_timestamp) AS arrival_hour, message_id FROM email_send WHERE ${LAST_30_DAYS}
),
bounced AS (SELECT DISTINCT message_id FROM email_hardbounce WHERE ${LAST_30_DAYS}),
complained AS (SELECT DISTINCT message_id FROM email_complaint WHERE ${LAST_30_DAYS})
SELECT
  s.arrival_hour,
  count(*) AS sends,
  count(b.message_id) AS hard_bounced,
  count(c.message_id) AS complained,
  CAST(count(b.message_id) AS double) / count(*) AS bounce_rate,
  CAST(count(c.message_id) AS double) / count(*) AS complaint_rate
FROM sends s
LEFT JOIN bounced b ON b.message_id = s.message_id
LEFT JOIN complained c ON c.message_id = s.message_id
GROUP BY s.arrival_hour
ORDER BY s.arrival_hour DESC`,
  },
  {
    name: 'Open, click and unsubscribe monitoring (hourly, last 30 days)',
    description: 'Emails sent per arrival hour, how many of them were opened, clicked and unsubscribed from, and the rates.',
    sql: `WITH sends AS (
  SELECT date_trunc('hour', ingest_timestamp) AS arrival_hour, message_id FROM email_send WHERE ${LAST_30_DAYS}
),
${ENGAGED_MESSAGES}
SELECT
  s.arrival_hour,
  count(*) AS sends,
  count(o.message_id) AS opened,
  count(c.message_id) AS clicked,
  count(u.message_id) AS unsubscribed,
  CAST(count(o.message_id) AS double) / count(*) AS open_rate,
  CAST(count(c.message_id) AS double) / count(*) AS click_rate,
  CAST(count(u.message_id) AS double) / count(*) AS unsubscribe_rate
FROM sends s
LEFT JOIN opened o ON o.message_id = s.message_id
LEFT JOIN clicked c ON c.message_id = s.message_id
LEFT JOIN unsubscribed u ON u.message_id = s.message_id
GROUP BY s.arrival_hour
ORDER BY s.arrival_hour DESC`,
  },
  {
    // Appended after the nine above: each saved query's resource is named after its position, and existing ones must keep theirs.
    name: 'Messaging cost by channel (last 30 days)',
    description: 'Messages and their cost per channel (SMS, MMS, voice, RCS), from Pinpoint and End User Messaging alike. Each message is priced once, each RCS conversation session once.',
    sql: `-- Every status of a message may repeat its total price, and Firehose may deliver an event twice:
-- each message_id is counted once per channel, at the largest price any of its events reports.
-- An RCS message inside a conversation session is priced 0 and the fee of the session is repeated on each of its
-- deliveries: each session (named by the message that started it) is counted once, at its largest fee.
WITH priced_events AS (
  ${pricedSmsEvents("'SMS' AS channel, message_id, price_in_millicents_usd")}
  UNION ALL
  SELECT 'MMS', message_id, price_in_millicents_usd FROM mms_events WHERE ${LAST_30_DAYS}
  UNION ALL
  SELECT 'Voice', message_id, price_in_millicents_usd FROM voice_events WHERE ${LAST_30_DAYS}
  UNION ALL
  SELECT 'RCS', message_id, price_in_millicents_usd FROM rcs_events WHERE ${LAST_30_DAYS}
),
messages AS (
  SELECT channel, message_id, max(price_in_millicents_usd) AS price_in_millicents_usd
  FROM priced_events
  GROUP BY channel, message_id
),
conversations AS (
  SELECT 'RCS' AS channel, conversation_initiating_message_id, max(conversation_session_fee_in_millicents_usd) AS price_in_millicents_usd
  FROM rcs_events
  WHERE ${LAST_30_DAYS} AND conversation_initiating_message_id IS NOT NULL AND conversation_session_fee_in_millicents_usd IS NOT NULL
  GROUP BY conversation_initiating_message_id
),
costs AS (
  SELECT channel, 'message' AS kind, price_in_millicents_usd FROM messages
  UNION ALL
  SELECT channel, 'conversation', price_in_millicents_usd FROM conversations
)
SELECT
  channel,
  count_if(kind = 'message') AS messages,
  coalesce(sum(price_in_millicents_usd), 0) AS cost_in_millicents_usd
FROM costs
GROUP BY channel
ORDER BY cost_in_millicents_usd DESC, channel`,
  },
  // The cross-channel analyses over message_events, appended in turn.
  {
    name: 'Message funnel by channel (last 30 days)',
    description: 'Per channel: messages sent, delivered, opened or read, clicked or replied to, and failed, with the rates. Each message counts once per step.',
    sql: `-- A message counts once at every step up to the furthest it reached, whatever events arrived: a message read
-- was delivered even if its delivery event is missing. A reply from the customer counts for the message it answers.
WITH steps AS (
  SELECT channel, message_id, ${FUNNEL_STEP_SQL} AS step, status = 'failed' AS failed, true AS sent_here
  FROM message_events
  WHERE ${LAST_30_DAYS} AND message_id IS NOT NULL AND status NOT IN (${NOT_SENT_STATUSES})
  UNION ALL
  SELECT channel, in_reply_to_message_id, 4, false, false
  FROM message_events
  WHERE ${LAST_30_DAYS} AND in_reply_to_message_id IS NOT NULL
),
messages AS (
  SELECT channel, message_id, max(step) AS step, bool_or(failed) AS failed
  FROM steps
  GROUP BY channel, message_id
  -- A reply to a message sent before the period does not make that message one sent in the period.
  HAVING bool_or(sent_here)
)
SELECT
  channel,
  count(*) AS sent,
  count_if(step >= 2) AS delivered,
  count_if(step >= 3) AS opened_or_read,
  count_if(step >= 4) AS clicked_or_replied,
  count_if(failed AND step < 2) AS failed,
  CAST(count_if(step >= 2) AS double) / count(*) AS delivery_rate,
  CAST(count_if(step >= 3) AS double) / count(*) AS open_rate,
  CAST(count_if(step >= 4) AS double) / count(*) AS click_or_reply_rate
FROM messages
GROUP BY channel
ORDER BY channel`,
  },
  {
    name: 'Messaging cost by channel and country (last 30 days)',
    description: 'Messages, RCS conversation sessions and their cost per channel and destination country. Each message is priced once, each session once.',
    sql: `-- Each message is counted once, at the largest price any of its events reports; each RCS conversation session
-- once, at the largest session fee its deliveries report (its messages are priced 0). Email, WhatsApp and push
-- events carry no price, so only the channels that report one are listed.
WITH priced AS (
  SELECT channel, country, message_id, price_in_millicents_usd, conversation_id, conversation_fee_in_millicents_usd
  FROM message_events
  WHERE ${LAST_30_DAYS} AND channel IN (${PRICED_CHANNELS.map(sqlString).join(', ')})
),
costs AS (
  SELECT channel, max(country) AS country, 'message' AS kind, max(price_in_millicents_usd) AS cost
  FROM priced
  WHERE message_id IS NOT NULL
  GROUP BY channel, message_id
  UNION ALL
  SELECT channel, max(country), 'conversation', max(conversation_fee_in_millicents_usd)
  FROM priced
  WHERE conversation_id IS NOT NULL AND conversation_fee_in_millicents_usd IS NOT NULL
  GROUP BY channel, conversation_id
)
SELECT
  channel,
  country,
  count_if(kind = 'message') AS messages,
  count_if(kind = 'conversation') AS conversations,
  coalesce(sum(cost), 0) AS cost_in_millicents_usd
FROM costs
GROUP BY channel, country
ORDER BY cost_in_millicents_usd DESC, channel, country`,
  },
  {
    name: 'Message failures by error code (last 30 days)',
    description: 'Failed messages per channel and error code (bounce type, carrier status, WhatsApp error code…), with when each was first and last seen.',
    sql: `SELECT
  channel,
  error_code,
  count(DISTINCT message_id) AS messages,
  count(*) AS events,
  min(event_timestamp) AS first_seen,
  max(event_timestamp) AS last_seen
FROM message_events
WHERE status = 'failed' AND ${LAST_30_DAYS}
GROUP BY channel, error_code
ORDER BY messages DESC, channel, error_code`,
  },
];

/**
 * The saved queries of a database whose table format is Iceberg, created after the others (their IDs follow
 * theirs): Athena deletes rows of Iceberg tables only.
 */
export const ICEBERG_NAMED_QUERIES: readonly NamedQueryDeclaration[] = [
  {
    name: 'Erase the events of one email address or phone number',
    description: 'Deletes every event that names one person (an erasure request): edit the example address, run once per address and number.',
    sql: `-- Put the email address or phone number (E.164, as +12065550100) in place of the example below, and run it once
-- for each address and number of the person. The value is matched whole wherever an event holds it (recipients,
-- headers, attributes, the endpoint), whatever its case. The raw copies and failed records under raw/ and errors/
-- are erased by the repair command, erase-person. Deleted rows remain in older snapshots of the table until the
-- retention optimizer expires them.
DELETE FROM all_events
WHERE ${erasureCondition(sqlString('recipient@example.com'))}`,
  },
];

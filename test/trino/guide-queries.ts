/**
 * SQL written against the deployed solution's `all_events`, in the shapes its views, its companion dashboards
 * and its users' queries use (dot access on its structs, subscripts on its maps, its tag merge). Each must run
 * unchanged over this library's `all_events` and find what the fixtures carry. A map subscript fails in Trino
 * when the key is missing, so each query selects the events that carry what it reads, as such queries must.
 */
export interface GuideQuery {
  readonly name: string;
  readonly sql: string;
}

export const GUIDE_SHAPED_QUERIES: readonly GuideQuery[] = [
  {
    name: 'the SMS price as a struct field',
    sql: `SELECT sum(metrics.price_in_millicents_usd) AS price
FROM all_events WHERE event_type LIKE '_SMS.%' AND metrics.price_in_millicents_usd IS NOT NULL`,
  },
  {
    name: 'device platform and SDK as maps',
    sql: `SELECT device.platform['name'] AS platform, device.platform['version'] AS platform_version, application.sdk['name'] AS sdk
FROM all_events WHERE event_type = 'purchase_completed'`,
  },
  {
    name: 'session as a map',
    sql: `SELECT session['session_id'] AS session_id, CAST(session['start_timestamp'] AS bigint) AS started
FROM all_events WHERE event_type = 'purchase_completed'`,
  },
  {
    name: 'the unsubscribe link tag as a struct field',
    sql: `SELECT facets.email_channel.mail_event.click.link_tags.unsubscribeLinkTag AS tag
FROM all_events WHERE facets.email_channel.mail_event.click.link_tags.unsubscribeLinkTag IS NOT NULL`,
  },
  {
    name: 'the first destination, the subject and a header',
    sql: `SELECT facets.email_channel.mail_event.mail.destination[1] AS recipient,
  facets.email_channel.mail_event.mail.common_headers.subject AS subject,
  facets.email_channel.mail_event.mail.headers[1]['name'] AS first_header
FROM all_events WHERE event_type = '_email.send'`,
  },
  {
    name: 'the campaign endpoint from the sender context',
    sql: `SELECT json_extract_scalar(client_context.custom['endpoint'], '$.ChannelType') AS channel
FROM all_events WHERE event_type = '_campaign.send'`,
  },
  {
    name: 'the solution\'s tag merge',
    sql: `SELECT MAP_CONCAT(COALESCE(client_context.custom, MAP()), attributes) AS tags
FROM all_events WHERE event_type LIKE '_email.%'`,
  },
  {
    name: 'delivery time as an int, send as a map, bounce recipients',
    sql: `SELECT facets.email_channel.mail_event.delivery.processing_time_millis + 0 AS millis,
  cardinality(facets.email_channel.mail_event.send) AS send_entries,
  facets.email_channel.mail_event.bounce.bounced_recipients[1].email_address AS bounced
FROM all_events WHERE event_type IN ('_email.delivered', '_email.send', '_email.hardbounce')`,
  },
  {
    name: 'the hour partition as a timestamp',
    sql: `SELECT count(*) AS events FROM all_events
WHERE ingest_timestamp >= current_timestamp - INTERVAL '30' DAY AND awsaccountid IS NOT NULL`,
  },
];

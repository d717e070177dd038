/**
 * Every view, run in the local engine over sample records of every kind: the rows and values each view
 * returns, that no data-dictionary field is NULL where the event carries it, and that the declared column
 * types are exactly the types the SQL computes.
 */
import * as samples from '../../fixtures/records/engagement-events';
import { LocalEventsDatabase, Row } from '../../local/engine';
import { ALL_STANDARD_VIEWS, CROSS_CHANNEL_VIEWS, ViewDeclaration } from '../../src/views/view-catalog';
import { eventTypeCondition, renderView } from '../../src/views/view-sql';
import { tempBucketDir } from '../local/temp-dir';

const ARRIVAL = new Date('2026-11-20T06:41:07Z');
let db: LocalEventsDatabase;
let cleanup: () => void;

beforeAll(async () => {
  const bucket = tempBucketDir('views');
  cleanup = bucket.cleanup;
  db = await LocalEventsDatabase.create(bucket.dir);
  await db.ingest(samples.ALL_SAMPLES, ARRIVAL);
});
afterAll(async () => {
  await db.close();
  cleanup();
});

const rowsOf = (view: string, orderBy = 'endpoint_id') => db.query(`SELECT * FROM ${view} ORDER BY ${orderBy}`);
const tags = (row: Row) => Object.fromEntries((row.message_tags as Array<{ key: string; value: string }>).map(e => [e.key, e.value]));

/** Fields an event does not carry, by view: everything else must be non-NULL. */
const ABSENT_FROM_SAMPLES: Record<string, string[]> = {
  // AWS's samples of transactional email carry no campaign attributes.
  email_click: ['pinpoint_campaign_id', 'pinpoint_treatment_id'],
  email_delivered: ['pinpoint_campaign_id', 'pinpoint_treatment_id'],
  email_open: ['pinpoint_campaign_id', 'pinpoint_treatment_id'],
  email_send: ['pinpoint_campaign_id', 'pinpoint_treatment_id'],
  email_rejected: ['pinpoint_campaign_id', 'pinpoint_treatment_id'],
  email_softbounce: ['pinpoint_campaign_id', 'pinpoint_treatment_id'],
  email_rendering_failure: ['pinpoint_campaign_id', 'pinpoint_treatment_id'],
  email_delivery_delay: ['pinpoint_campaign_id', 'pinpoint_treatment_id'],
  email_subscription: ['pinpoint_campaign_id', 'pinpoint_treatment_id'],
  // The OPTOUT sample has no price and no sender context.
  sms_optout: ['price_in_millicents_usd', 'message_tags'],
  // The BUFFERED sample has no price.
  sms_buffered: ['price_in_millicents_usd'],
  // The FAILURE sample has no sender context.
  sms_failure: ['message_tags'],
  // End User Messaging names no project; the MMS sample, like AWS's text sample it is built from, no country.
  mms_events: ['application_id', 'iso_country_code'],
  voice_events: ['application_id'],
  // AWS's RCS sample carries no sender context.
  rcs_events: ['application_id', 'message_tags'],
};

/**
 * Views whose rows differ in what they can carry (a WhatsApp status has pricing, a received message a text; an
 * email event has no country): checked row by row, for every kind, in channels-in-engine.test.ts.
 */
const CHECKED_ROW_BY_ROW = new Set(['whatsapp_events', 'message_events']);

describe.each(ALL_STANDARD_VIEWS.map(v => [v.name, v] as [string, ViewDeclaration]))('view %s', (name, view) => {
  test('declares exactly the column names and types the engine computes', async () => {
    const computed = await db.columns(`SELECT * FROM ${name}`);
    expect(computed).toEqual(renderView(view).columns.map(c => ({ name: c.name, trinoType: c.trinoType })));
  });

  test('returns only its event type, and every field the event carries is non-NULL', async () => {
    const rows = await rowsOf(name, view.fields.some(f => f.name === 'endpoint_id') ? 'endpoint_id' : 'message_id');
    expect(rows.length).toBeGreaterThan(0);
    const absent = new Set(ABSENT_FROM_SAMPLES[name] ?? []);
    // The soft bounce with no recipient keeps its row with NULL recipient columns: checked in its own test.
    const complete = name === 'email_softbounce' ? rows.filter(r => r.bounced_recipient_email_address !== null) : rows;
    for (const row of CHECKED_ROW_BY_ROW.has(name) ? [] : complete) {
      const nulls = Object.entries(row).filter(([field, value]) => value === null && !absent.has(field)).map(([field]) => field);
      expect(nulls).toEqual([]);
    }
    const matching = (await db.query(`SELECT count(*) AS n FROM all_events WHERE ${eventTypeCondition(view)}`))[0].n;
    expect(Number(matching)).toBeGreaterThan(0);
    if (!view.unnest) {
      // One row per event, and none of any other event type.
      expect(rows).toHaveLength(Number(matching));
    }
  });
});

test('the data dictionary fields come out with the values of AWS\'s email click sample', async () => {
  const [click] = await rowsOf('email_click');
  expect(click).toEqual({
    event_timestamp: '2019-08-01 00:17:01.38',
    arrival_timestamp: '2019-08-01 00:18:33.751',
    application_id: 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6',
    endpoint_id: '49c1413e-a69c-46dc-b1c4-6470eexample',
    pinpoint_campaign_id: null,
    pinpoint_treatment_id: null,
    aws_account_id: '123456789012',
    message_id: '0200000073rnbmd1-mbvdg3uo-q8ia-m3ku-ibd3-ms77kexample-000000',
    message_send_timestamp: '2019-08-01 00:17:01.38',
    from_address: 'sender@example.com',
    destination: ['recipient@example.com'],
    subject: 'Amazon Pinpoint Test',
    ip_address: '72.21.198.67',
    user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Safari/605.1.15',
    link: 'https://aws.amazon.com/pinpoint/',
    message_tags: [{ key: 'feedback', value: 'https://aws.amazon.com/pinpoint/' }],
    ingest_timestamp: '2026-11-20 06:00:00',
  });
});

test('timestamps keep their milliseconds (no integer division)', async () => {
  const [row] = await db.query('SELECT arrival_timestamp, CAST(arrival_timestamp AS varchar) AS text FROM sms_success');
  expect(row.text).toBe('2019-03-20 18:02:34.064');
});

test('campaign_send reads the campaign and the treatment (not the misspelt key)', async () => {
  const [send] = await rowsOf('campaign_send');
  expect(send).toMatchObject({
    endpoint_id: 'd8dcf7c5-e81a-48ae-8313-f540cexample',
    pinpoint_campaign_id: '4f8d6097c2e8400fa3081d875example',
    pinpoint_treatment_id: '0',
    event_timestamp: '2019-07-02 23:18:17.426',
  });
  expect(tags(send)).toMatchObject({ campaign_send_status: 'SUCCESS', delivery_type: 'GCM' });
});

test('a hard bounce yields one row per bounced recipient', async () => {
  const rows = await rowsOf('email_hardbounce', 'bounced_recipient_email_address');
  const recipients = rows.map(r => [
    r.bounced_recipient_email_address, r.bounced_recipient_status, r.bounced_recipient_diagnostic_code, r.bounced_recipient_action,
  ]);
  expect(recipients).toEqual([
    ['recipient@example.com', '5.1.1', 'smtp; 550 5.1.1 user unknown', 'failed'],
    ['second@example.com', '5.1.1', 'smtp; 550 5.1.1 no mailbox', 'failed'],
  ]);
  expect(rows.every(r => r.bounce_type === 'Permanent' && r.pinpoint_treatment_id === '1')).toBe(true);
});

test('a bounce with no recipient is kept, once, with NULL recipient columns', async () => {
  const rows = await db.query("SELECT * FROM email_softbounce WHERE endpoint_id = 'bounce-endpoint-2'");
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    bounce_type: 'Transient', bounce_sub_type: 'MailboxFull', bounced_recipient_email_address: null, bounced_recipient_status: null,
  });
});

test('complaints yield one row per complaining recipient', async () => {
  const rows = await rowsOf('email_complaint');
  expect(rows.map(r => [r.complained_email_address, r.feedback_id, r.complaint_feedback_type, r.user_agent])).toEqual([
    ['recipient@example.com', '0100016c4b1e7d0c-complaint-000000', 'abuse', 'ExampleCorp Feedback Loop (V0.01)'],
  ]);
});

test('delivered, rejected and unsubscribe carry their event objects', async () => {
  const [delivered] = await rowsOf('email_delivered');
  expect(delivered).toMatchObject({
    smtp_response: '250 ok:  Message 82080542 accepted',
    reporting_mta: 'a8-53.smtp-out.amazonses.com',
    recipients: ['recipient@example.com'],
    processing_time_millis: 1310,
  });
  const [rejected] = await rowsOf('email_rejected');
  expect(rejected.reject_reason).toBe('Bad content');
  const [unsubscribe] = await rowsOf('email_unsubscribe');
  expect(unsubscribe).toMatchObject({ link: 'https://example.com/unsubscribe', unsubscribe_link_tag: ['true'], pinpoint_campaign_id: '4f8d6097c2e8400fa3081d875example' });
});

test('journey_send names the journey attributes', async () => {
  const [row] = await rowsOf('journey_send');
  expect(row).toMatchObject({
    journey_run_id: 'edc9a9e27c9f4be38e4ff3b8aexample',
    journey_send_status: 'SUCCESS',
    journey_id: 'e1e4e8ad04aa4e6c85d0d3ed4example',
    journey_activity_id: 'yzlybfAWnx',
  });
});

test('SMS views name the attributes, take the price from metrics and the tags from the sender context', async () => {
  const [success] = await rowsOf('sms_success');
  expect(success).toMatchObject({
    sender_request_id: '565d4425-4b3a-11e9-b0a5-example',
    destination_phone_number: '+14255550199',
    origination_phone_number: '+12065550142',
    record_status: 'DELIVERED',
    iso_country_code: 'US',
    number_of_message_parts: '1',
    message_id: '1111-2222-3333',
    message_type: 'Transactional',
    price_in_millicents_usd: 645,
    pinpoint_treatment_id: '0',
  });
  expect(tags(success)).toEqual({ mycustomerid: '4', region: 'emea' });
  const [buffered] = await rowsOf('sms_buffered');
  expect(tags(buffered)).toEqual({ mycustomerid: '4' });
});

test('an SMS whose sender context is not a JSON object (malformed, or an array) has NULL tags instead of failing the query', async () => {
  const bucket = tempBucketDir('views-bad-context');
  const local = await LocalEventsDatabase.create(bucket.dir);
  try {
    await local.ingest([
      { ...samples.SMS_SUCCESS, attributes: { ...samples.SMS_SUCCESS.attributes, customer_context: 'not json' } },
      { ...samples.SMS_SUCCESS, attributes: { ...samples.SMS_SUCCESS.attributes, customer_context: '["a","b"]' } },
      samples.SMS_SUCCESS,
    ], ARRIVAL);
    const rows = await local.query('SELECT message_tags FROM sms_success');
    expect(rows.map(r => r.message_tags)).toEqual([null, null, [{ key: 'mycustomerid', value: '4' }, { key: 'region', value: 'emea' }]]);
  } finally {
    await local.close();
    bucket.cleanup();
  }
});

test('the SES-only views read the rendering failure, delivery delay and subscription objects', async () => {
  const [failure] = await rowsOf('email_rendering_failure');
  expect(failure).toMatchObject({ template_name: 'welcome', error_message: 'Attribute \'name\' is not present in the rendering data.' });
  const [delay] = await rowsOf('email_delivery_delay');
  expect(delay).toMatchObject({
    delay_type: 'TransientCommunicationFailure',
    expiration_time: '2019-08-01T01:17:01.380Z',
    delayed_recipient_email_address: 'recipient@example.com',
    delayed_recipient_status: '4.4.1',
  });
  const [subscription] = await rowsOf('email_subscription');
  expect(subscription).toMatchObject({ contact_list: 'newsletter', subscription_source: 'UnsubscribeHeader' });
});

test('no two views of one event type or one channel select the same event type', () => {
  const types = ALL_STANDARD_VIEWS.filter(v => !CROSS_CHANNEL_VIEWS.includes(v)).flatMap(v => v.eventTypes);
  expect(new Set(types).size).toBe(types.length);
});

test('message_events selects every event type of the email, SMS, MMS, voice, RCS and WhatsApp views', () => {
  const messageEvents = new Set(CROSS_CHANNEL_VIEWS.find(v => v.name === 'message_events')!.eventTypes);
  const channelTypes = ALL_STANDARD_VIEWS.filter(v => /^(email_|sms_|mms_|voice_|rcs_|whatsapp_)/.test(v.name)).flatMap(v => v.eventTypes);
  expect(channelTypes.filter(t => !messageEvents.has(t))).toEqual([]);
});

test('mms_events and voice_events show every End User Messaging detail, the outcome and the sender context', async () => {
  const [mms] = await rowsOf('mms_events');
  expect(mms).toEqual({
    event_timestamp: '2023-06-17 04:11:43.47',
    arrival_timestamp: '2023-06-17 04:11:43.47',
    application_id: null,
    endpoint_id: '+14255550156',
    aws_account_id: '123456789012',
    message_id: '4f6c2a1e-mms0-4d3e-9a5b-1c2d3eexample',
    outcome: 'success',
    record_status: 'DELIVERED',
    message_status_description: 'Message has been accepted by phone',
    is_final: true,
    origination_phone_number: '+12065550152',
    destination_phone_number: '+14255550156',
    iso_country_code: null,
    message_type: 'Transactional',
    number_of_message_parts: '1',
    price_in_millicents_usd: 2250,
    message_tags: [{ key: 'account', value: 'bar' }],
    ingest_timestamp: '2026-11-20 06:00:00',
  });
  const [voice] = await rowsOf('voice_events');
  expect(voice).toEqual({
    event_timestamp: '2023-10-20 20:56:13.164',
    arrival_timestamp: '2023-10-20 20:56:13.164',
    application_id: null,
    endpoint_id: '+14255550156',
    aws_account_id: '123456789012',
    message_id: 'a1b2c3d4-voic-4e5f-8a9b-0c1d2eexample',
    outcome: 'success',
    record_status: 'COMPLETED',
    message_status_description: 'Call has completed',
    is_final: true,
    origination_phone_number: '+12065550152',
    destination_phone_number: '+14255550156',
    iso_country_code: 'US',
    message_type: 'Transactional',
    price_in_millicents_usd: 1300,
    message_tags: [{ key: 'campaign', value: 'reminders' }],
    ingest_timestamp: '2026-11-20 06:00:00',
  });
});

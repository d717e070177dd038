/**
 * The channels that outlive Pinpoint in the local engine: every End User Messaging RCS and WhatsApp sample in its
 * channel's view with every field it carries, and every channel's events in message_events, one row each, in one
 * vocabulary.
 */
// PINPOINT_FIXTURES hold AWS's campaign send sample (a GCM push, CAMPAIGN_SEND), whose notification PUSH_OPENED reports opened.
import { CAMPAIGN_SEND, PUSH_OPENED, SMS_SUCCESS } from '../../fixtures/records/engagement-events';
import { fixture, PINPOINT_FIXTURES, SES_FIXTURES, SMS_VOICE_FIXTURES, WHATSAPP_FIXTURES } from '../../fixtures/records/index';
import { LocalEventsDatabase, Row } from '../../local/engine';
import { JsonObject, normalizeRecords } from '../../src/normalize/normalize-record';
import { ALL_STANDARD_VIEWS } from '../../src/views/view-catalog';
import { tempBucketDir } from '../local/temp-dir';

const RCS_FIXTURES = SMS_VOICE_FIXTURES.filter(f => String(f.record.eventType).startsWith('RCS_'));
/** A campaign send to an email address: not a push, so not a message event of its own. */
const EMAIL_CAMPAIGN_SEND = {
  ...CAMPAIGN_SEND,
  client: { client_id: 'email-campaign-endpoint' },
  attributes: { ...CAMPAIGN_SEND.attributes, delivery_type: 'EMAIL' },
};
/** A push send the push service refused. */
const PUSH_SEND_FAILED = {
  ...CAMPAIGN_SEND,
  client: { client_id: 'unreachable-device' },
  attributes: { ...CAMPAIGN_SEND.attributes, delivery_type: 'APNS', campaign_send_status: 'PERMANENT_FAILURE' },
};

let db: LocalEventsDatabase;
let cleanup: () => void;
beforeAll(async () => {
  const bucket = tempBucketDir('channels');
  cleanup = bucket.cleanup;
  db = await LocalEventsDatabase.create(bucket.dir);
  await db.ingest([
    ...SMS_VOICE_FIXTURES, ...WHATSAPP_FIXTURES, ...SES_FIXTURES, ...PINPOINT_FIXTURES,
  ].map(f => f.record).concat([SMS_SUCCESS, PUSH_OPENED, EMAIL_CAMPAIGN_SEND, PUSH_SEND_FAILED]),
  new Date('2026-11-20T06:10:00Z'));
});
afterAll(async () => {
  await db.close();
  cleanup();
});

/** The attribute keys a view's columns read (`element_at(attributes, 'key')`), by column. */
function attributeColumns(viewName: string): Array<[string, string]> {
  const view = ALL_STANDARD_VIEWS.find(v => v.name === viewName)!;
  return view.fields.flatMap((f): Array<[string, string]> => {
    const key = /^element_at\(attributes, '([^']+)'\)$/.exec(f.expression)?.[1];
    return key === undefined ? [] : [[f.name, key]];
  });
}

/** The columns of a view that read an attribute the record carries but came out NULL. */
function nullWhereCarried(viewName: string, row: Row, record: JsonObject): string[] {
  const attributes = record.attributes as Record<string, string>;
  return attributeColumns(viewName).filter(([column, key]) => attributes[key] !== undefined && row[column] === null).map(([column]) => column);
}

describe('rcs_events', () => {
  test.each(RCS_FIXTURES.map(f => [f.name, f.record] as const))('%s is one row of rcs_events, of no other view, every field it carries non-NULL',
    async (_name, record) => {
      const [normalized] = normalizeRecords(record);
      const rows = await db.query(`SELECT * FROM rcs_events WHERE message_id = '${record.messageId}' AND record_status = '${record.messageStatus}'`);
      expect(rows).toHaveLength(1);
      expect(nullWhereCarried('rcs_events', rows[0], normalized)).toEqual([]);
      expect(rows[0]).toMatchObject({
        outcome: String(normalized.event_type).split('.')[1],
        is_final: record.isFinal,
        rcs_business_id: 'endusermessagingtesting1_06fr8x6o_agent',
        // The read receipt of AWS's sample carries no billing metadata.
        billing_event_type: (record.rcsMetadata as { billingEventType: string } | undefined)?.billingEventType ?? null,
        ingest_timestamp: '2026-11-20 06:00:00',
      });
      for (const other of ['sms_buffered', 'sms_success', 'sms_failure', 'mms_events', 'voice_events']) {
        expect(await db.query(`SELECT * FROM ${other} WHERE message_id = '${record.messageId}'`)).toHaveLength(0);
      }
    });

  test('the documented delivery, read and in-conversation events, with their prices and the session fee', async () => {
    const rows = await db.query(`SELECT message_id, outcome, price_in_millicents_usd, conversation_initiating_message_id,
      conversation_initiating_message_type, conversation_session_fee_in_millicents_usd, agent_iso_country_code, iso_country_code
      FROM rcs_events WHERE message_id IN ('test-sc1-004', 'b4a3196d-5b61-4884-a0d9-745acf1f6235') ORDER BY event_timestamp`);
    expect(rows).toEqual([
      // 0.012 USD session fee = 1200 millicents; the message itself is priced 0 inside the session.
      {
        message_id: 'b4a3196d-5b61-4884-a0d9-745acf1f6235',
        outcome: 'success',
        price_in_millicents_usd: 0,
        conversation_initiating_message_id: '177930985040408106521449',
        conversation_initiating_message_type: 'OUTBOUND',
        conversation_session_fee_in_millicents_usd: 1200,
        agent_iso_country_code: 'CA',
        iso_country_code: 'CA',
      },
      {
        message_id: 'test-sc1-004',
        outcome: 'read',
        price_in_millicents_usd: 0,
        conversation_initiating_message_id: null,
        conversation_initiating_message_type: null,
        conversation_session_fee_in_millicents_usd: null,
        agent_iso_country_code: 'US',
        iso_country_code: 'US',
      },
      {
        message_id: 'test-sc1-004',
        outcome: 'success',
        price_in_millicents_usd: 700,
        conversation_initiating_message_id: null,
        conversation_initiating_message_type: null,
        conversation_session_fee_in_millicents_usd: null,
        agent_iso_country_code: 'US',
        iso_country_code: 'US',
      },
    ]);
  });
});

describe('whatsapp_events', () => {
  const records = WHATSAPP_FIXTURES.flatMap(f => normalizeRecords(f.record).map(r => [`${f.name}: ${r.event_type}`, r] as const));

  test.each(records)('%s is one row, every field it carries non-NULL', async (_name, record) => {
    const attributes = record.attributes as Record<string, string>;
    const rows = await db.query(`SELECT * FROM whatsapp_events WHERE message_id = '${attributes.message_id}' AND status = '${attributes.record_status}'`);
    expect(rows).toHaveLength(1);
    expect(nullWhereCarried('whatsapp_events', rows[0], record)).toEqual([]);
    expect(rows[0]).toMatchObject({
      application_id: attributes.waba_id,
      endpoint_id: (record.client as { client_id: string }).client_id,
      aws_account_id: '123456789012',
      ingest_timestamp: '2026-11-20 06:00:00',
    });
  });

  test('a sent status: pricing as a boolean and text, the conversation\'s expiry as a time', async () => {
    const [row] = await db.query("SELECT * FROM whatsapp_events WHERE status = 'sent'");
    expect(row).toMatchObject({
      event_timestamp: '2025-01-08 23:30:42',
      arrival_timestamp: '2025-01-08 23:30:43.271',
      pricing_billable: true,
      pricing_model: 'CBP',
      pricing_category: 'utility',
      conversation_id: '62374592e84cb58e52bdaed31example',
      conversation_origin_type: 'utility',
      // 1736461020 epoch seconds
      conversation_expiration_timestamp: '2025-01-09 22:17:00',
      origination_phone_number: '14255550123',
      destination_phone_number: '01234567890',
      text_body: null,
    });
  });

  test('a failed status names its error; a reply its text and the message it answers', async () => {
    const [failed] = await db.query("SELECT error_code, error_title, error_message, error_details FROM whatsapp_events WHERE status = 'failed'");
    expect(failed).toEqual({
      error_code: '130429',
      error_title: 'Rate limit hit',
      error_message: 'Rate limit hit',
      error_details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time',
    });
    const replies = await db.query("SELECT message_type, text_body, in_reply_to_message_id, contact_name FROM whatsapp_events WHERE status = 'received' ORDER BY message_type");
    expect(replies).toEqual([
      { message_type: 'image', text_body: null, in_reply_to_message_id: null, contact_name: null },
      {
        message_type: 'text',
        text_body: 'Yes, please confirm the appointment',
        in_reply_to_message_id: 'wamid.HBgLMTkxNzM5OTI3MzkVAgARGBJBMTM4NDdGRENEREI5Rexample',
        contact_name: 'Diego',
      },
    ]);
  });
});

describe('message_events', () => {
  const columns = 'channel, status, source_status, message_id, in_reply_to_message_id, from_address, to_address, country, error_code, '
    + 'price_in_millicents_usd, conversation_id, conversation_fee_in_millicents_usd';
  const rowOf = async (condition: string) => {
    const rows = await db.query(`SELECT ${columns} FROM message_events WHERE ${condition}`);
    expect(rows).toHaveLength(1);
    return rows[0];
  };
  const none = { in_reply_to_message_id: null, conversation_id: null, conversation_fee_in_millicents_usd: null };

  test('an SES hard bounce: email, failed, its sub-type as the error, the recipients as the destination', async () => {
    const mail = fixture(SES_FIXTURES, 'bounce').mail as { messageId: string };
    expect(await rowOf(`event_type = '_email.hardbounce' AND message_id = '${mail.messageId}'`)).toEqual({
      ...none,
      channel: 'email',
      status: 'failed',
      source_status: 'hardbounce',
      message_id: mail.messageId,
      from_address: 'sender@example.com',
      to_address: 'recipient@example.com',
      country: null,
      error_code: 'General',
      price_in_millicents_usd: null,
    });
  });

  test('a Pinpoint email open: email, opened, no error', async () => {
    expect(await rowOf("event_type = '_email.open' AND message_id = '0200000073rnbmd1-mbvdg3uo-q8ia-m3ku-ibd3-ms77kexample-000000'")).toEqual({
      ...none,
      channel: 'email',
      status: 'opened',
      source_status: 'open',
      message_id: '0200000073rnbmd1-mbvdg3uo-q8ia-m3ku-ibd3-ms77kexample-000000',
      from_address: 'sender@example.com',
      to_address: 'recipient@example.com',
      country: null,
      error_code: null,
      price_in_millicents_usd: null,
    });
  });

  test('SMS from Pinpoint and from End User Messaging alike: delivered, priced, with the country', async () => {
    expect(await rowOf("message_id = '1111-2222-3333'")).toEqual({
      ...none,
      channel: 'sms',
      status: 'delivered',
      source_status: 'DELIVERED',
      message_id: '1111-2222-3333',
      from_address: '+12065550142',
      to_address: '+14255550199',
      country: 'US',
      error_code: null,
      price_in_millicents_usd: 645,
    });
    expect(await rowOf("event_type = '_SMS.FAILURE' AND source_status = 'CARRIER_BLOCKED'")).toMatchObject({
      channel: 'sms', status: 'failed', error_code: 'CARRIER_BLOCKED',
    });
  });

  test('MMS and voice', async () => {
    expect(await rowOf("event_type = '_mms.failure'")).toMatchObject({ channel: 'mms', status: 'failed', error_code: 'FILE_SIZE_EXCEEDED' });
    expect(await rowOf("event_type = '_voice.success'")).toMatchObject({
      channel: 'voice', status: 'delivered', source_status: 'COMPLETED', price_in_millicents_usd: 1300, country: 'US',
    });
  });

  test('RCS: read is opened, a fallback to SMS is fallen_back, and a delivery in a session carries the session and its fee', async () => {
    expect(await rowOf("event_type = '_rcs.read'")).toMatchObject({ channel: 'rcs', status: 'opened', source_status: 'READ', message_id: 'test-sc1-004' });
    expect(await rowOf("event_type = '_rcs.fallback'")).toMatchObject({ channel: 'rcs', status: 'fallen_back', error_code: null });
    expect(await rowOf("event_type = '_rcs.failure' AND source_status = 'UNDELIVERABLE'")).toMatchObject({ status: 'failed', error_code: 'UNDELIVERABLE' });
    expect(await rowOf("message_id = 'b4a3196d-5b61-4884-a0d9-745acf1f6235'")).toEqual({
      channel: 'rcs',
      status: 'delivered',
      source_status: 'DELIVERED',
      message_id: 'b4a3196d-5b61-4884-a0d9-745acf1f6235',
      in_reply_to_message_id: null,
      from_address: 'rcs-f4e4252a5abe48bea50a6c176a056124',
      to_address: '+14376638816',
      country: 'CA',
      error_code: null,
      price_in_millicents_usd: 0,
      conversation_id: '177930985040408106521449',
      conversation_fee_in_millicents_usd: 1200,
    });
  });

  test('WhatsApp: read is opened, a failure names Meta\'s error code, a reply names the message it answers', async () => {
    const wamid = 'wamid.HBgLMTkxNzM5OTI3MzkVAgARGBJBMTM4NDdGRENEREI5Rexample';
    expect(await rowOf(`event_type = '_whatsapp.read' AND message_id = '${wamid}'`)).toEqual({
      ...none,
      channel: 'whatsapp',
      status: 'opened',
      source_status: 'read',
      message_id: wamid,
      from_address: '14255550123',
      to_address: '01234567890',
      country: null,
      error_code: null,
      price_in_millicents_usd: null,
    });
    expect(await rowOf("event_type = '_whatsapp.sent'")).toMatchObject({ conversation_id: '62374592e84cb58e52bdaed31example' });
    expect(await rowOf("event_type = '_whatsapp.failed'")).toMatchObject({ status: 'failed', error_code: '130429' });
    expect(await rowOf(`in_reply_to_message_id = '${wamid}'`)).toMatchObject({
      channel: 'whatsapp', status: 'received', from_address: '01234567890', to_address: '14255550123',
    });
  });

  test('push: a campaign send to a device is sent (or failed), its notification opened; the message is the activity and the endpoint', async () => {
    const message = '5473285727f04865bc673e527example/d8dcf7c5-e81a-48ae-8313-f540cexample';
    const rows = await db.query(`SELECT channel, status, source_status, message_id, to_address, error_code FROM message_events
      WHERE channel = 'push' ORDER BY status, to_address`);
    expect(rows).toEqual([
      {
        channel: 'push',
        status: 'failed',
        source_status: 'PERMANENT_FAILURE',
        message_id: '5473285727f04865bc673e527example/unreachable-device',
        to_address: 'unreachable-device',
        error_code: 'PERMANENT_FAILURE',
      },
      { channel: 'push', status: 'opened', source_status: 'opened_notification', message_id: message, to_address: 'd8dcf7c5-e81a-48ae-8313-f540cexample', error_code: null },
      { channel: 'push', status: 'sent', source_status: 'SUCCESS', message_id: message, to_address: 'd8dcf7c5-e81a-48ae-8313-f540cexample', error_code: null },
    ]);
    // The campaign's send to an email address is not a push (its email events are the email channel's).
    expect(await db.query("SELECT * FROM message_events WHERE to_address = 'email-campaign-endpoint'")).toEqual([]);
  });

  test('every message event is one row: the rows of the per-channel views and of the push events, no more', async () => {
    const count = async (sql: string) => Number((await db.query(sql))[0].n);
    const perChannel = await count(`SELECT (SELECT count(*) FROM all_events WHERE starts_with(event_type, '_email.'))
      + (SELECT count(*) FROM all_events WHERE starts_with(event_type, '_SMS.'))
      + (SELECT count(*) FROM mms_events) + (SELECT count(*) FROM voice_events) + (SELECT count(*) FROM rcs_events)
      + (SELECT count(*) FROM whatsapp_events) AS n`);
    // AWS's campaign send sample, PUSH_SEND_FAILED and PUSH_OPENED; EMAIL_CAMPAIGN_SEND is no push.
    expect(await count('SELECT count(*) AS n FROM message_events')).toBe(perChannel + 3);
    expect(await count('SELECT count(*) AS n FROM message_events WHERE channel IS NULL OR status IS NULL OR source_status IS NULL')).toBe(0);
  });

  test('delivery rate by channel is one GROUP BY', async () => {
    const rows = await db.query('SELECT channel, count_if(status = \'delivered\') AS delivered FROM message_events GROUP BY channel ORDER BY channel');
    expect(rows.map(r => r.channel)).toEqual(['email', 'mms', 'push', 'rcs', 'sms', 'voice', 'whatsapp']);
    expect(rows.every(r => Number(r.delivered) > 0 || r.channel === 'push')).toBe(true);
  });
});

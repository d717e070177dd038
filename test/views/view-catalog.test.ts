/**
 * The fifteen views keep the data dictionary of the Digital User Engagement Events Database: the same view
 * names, event types, field names, field order and types (timestamps as Athena engine v3's timestamp(3)),
 * so queries written for it keep working.
 */
import { MESSAGE_EVENT_TYPES } from '../../src/views/message-events';
import { ALL_STANDARD_VIEWS, customEventView, MESSAGE_EVENTS_VIEW, SES_EXTRA_VIEWS, STANDARD_VIEWS } from '../../src/views/view-catalog';
import { renderView, renderViewSql } from '../../src/views/view-sql';

const DATA_DICTIONARY: Record<string, { eventType: string; fields: Array<[string, string]> }> = {
  campaign_send: {
    eventType: '_campaign.send',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  email_click: {
    eventType: '_email.click',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['message_id', 'varchar'], ['message_send_timestamp', 'timestamp(3)'],
      ['from_address', 'varchar'], ['destination', 'array(varchar)'], ['subject', 'varchar'], ['ip_address', 'varchar'],
      ['user_agent', 'varchar'], ['link', 'varchar'], ['message_tags', 'map(varchar,varchar)'],
      ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  email_complaint: {
    eventType: '_email.complaint',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['message_id', 'varchar'], ['message_send_timestamp', 'timestamp(3)'],
      ['from_address', 'varchar'], ['destination', 'array(varchar)'], ['complained_email_address', 'varchar'],
      ['feedback_id', 'varchar'], ['user_agent', 'varchar'], ['complaint_feedback_type', 'varchar'],
      ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  email_delivered: {
    eventType: '_email.delivered',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['message_id', 'varchar'], ['message_send_timestamp', 'timestamp(3)'],
      ['from_address', 'varchar'], ['destination', 'array(varchar)'], ['subject', 'varchar'], ['smtp_response', 'varchar'],
      ['reporting_mta', 'varchar'], ['recipients', 'array(varchar)'], ['processing_time_millis', 'integer'],
      ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  email_hardbounce: {
    eventType: '_email.hardbounce',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['message_id', 'varchar'], ['message_send_timestamp', 'timestamp(3)'],
      ['from_address', 'varchar'], ['destination', 'array(varchar)'], ['bounce_type', 'varchar'],
      ['bounce_sub_type', 'varchar'], ['feedback_id', 'varchar'], ['reporting_mta', 'varchar'],
      ['bounced_recipient_email_address', 'varchar'], ['bounced_recipient_action', 'varchar'],
      ['bounced_recipient_status', 'varchar'], ['bounced_recipient_diagnostic_code', 'varchar'],
      ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  email_open: {
    eventType: '_email.open',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['message_id', 'varchar'], ['message_send_timestamp', 'timestamp(3)'],
      ['from_address', 'varchar'], ['destination', 'array(varchar)'], ['subject', 'varchar'], ['ip_address', 'varchar'],
      ['user_agent', 'varchar'], ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  email_rejected: {
    eventType: '_email.rejected',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['message_id', 'varchar'], ['message_send_timestamp', 'timestamp(3)'],
      ['from_address', 'varchar'], ['destination', 'array(varchar)'], ['subject', 'varchar'], ['reject_reason', 'varchar'],
      ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  email_send: {
    eventType: '_email.send',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['message_id', 'varchar'], ['message_send_timestamp', 'timestamp(3)'],
      ['from_address', 'varchar'], ['destination', 'array(varchar)'], ['subject', 'varchar'],
      ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  email_softbounce: {
    eventType: '_email.softbounce',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['message_id', 'varchar'], ['message_send_timestamp', 'timestamp(3)'],
      ['from_address', 'varchar'], ['destination', 'array(varchar)'], ['bounce_type', 'varchar'],
      ['bounce_sub_type', 'varchar'], ['feedback_id', 'varchar'], ['reporting_mta', 'varchar'],
      ['bounced_recipient_email_address', 'varchar'], ['bounced_recipient_action', 'varchar'],
      ['bounced_recipient_status', 'varchar'], ['bounced_recipient_diagnostic_code', 'varchar'],
      ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  email_unsubscribe: {
    eventType: '_email.unsubscribe',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['message_id', 'varchar'], ['message_send_timestamp', 'timestamp(3)'],
      ['from_address', 'varchar'], ['destination', 'array(varchar)'], ['subject', 'varchar'], ['ip_address', 'varchar'],
      ['user_agent', 'varchar'], ['link', 'varchar'], ['unsubscribe_link_tag', 'array(varchar)'],
      ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  journey_send: {
    eventType: '_journey.send',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['journey_run_id', 'varchar'], ['journey_send_status', 'varchar'], ['journey_id', 'varchar'],
      ['journey_activity_id', 'varchar'], ['aws_account_id', 'varchar'], ['message_tags', 'map(varchar,varchar)'],
      ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  sms_buffered: {
    eventType: '_SMS.BUFFERED',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['sender_request_id', 'varchar'], ['destination_phone_number', 'varchar'],
      ['record_status', 'varchar'], ['iso_country_code', 'varchar'], ['number_of_message_parts', 'varchar'],
      ['message_id', 'varchar'], ['message_type', 'varchar'], ['price_in_millicents_usd', 'double'],
      ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  sms_failure: {
    eventType: '_SMS.FAILURE',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['sender_request_id', 'varchar'], ['destination_phone_number', 'varchar'],
      ['record_status', 'varchar'], ['iso_country_code', 'varchar'], ['number_of_message_parts', 'varchar'],
      ['message_id', 'varchar'], ['origination_phone_number', 'varchar'], ['price_in_millicents_usd', 'double'],
      ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  sms_optout: {
    eventType: '_SMS.OPTOUT',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['sender_request_id', 'varchar'], ['destination_phone_number', 'varchar'],
      ['record_status', 'varchar'], ['iso_country_code', 'varchar'], ['number_of_message_parts', 'varchar'],
      ['message_id', 'varchar'], ['message_type', 'varchar'], ['origination_phone_number', 'varchar'],
      ['price_in_millicents_usd', 'double'], ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
  sms_success: {
    eventType: '_SMS.SUCCESS',
    fields: [
      ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
      ['endpoint_id', 'varchar'], ['pinpoint_campaign_id', 'varchar'], ['pinpoint_treatment_id', 'varchar'],
      ['aws_account_id', 'varchar'], ['sender_request_id', 'varchar'], ['destination_phone_number', 'varchar'],
      ['record_status', 'varchar'], ['iso_country_code', 'varchar'], ['number_of_message_parts', 'varchar'],
      ['message_id', 'varchar'], ['message_type', 'varchar'], ['origination_phone_number', 'varchar'],
      ['price_in_millicents_usd', 'double'], ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
    ],
  },
};

test.each(Object.entries(DATA_DICTIONARY))('%s matches the data dictionary', (name, expected) => {
  const view = STANDARD_VIEWS.find(v => v.name === name);
  expect(view?.eventTypes).toEqual([expected.eventType]);
  expect(renderView(view!).columns.map(c => [c.name, c.trinoType])).toEqual(expected.fields);
});

test('the data dictionary\'s fifteen views are the standard views, in name order', () => {
  expect(STANDARD_VIEWS.map(v => v.name)).toEqual(Object.keys(DATA_DICTIONARY));
});

test('the SES-only views follow the email views\' head and tail', () => {
  const emailSend = renderView(STANDARD_VIEWS.find(v => v.name === 'email_send')!).columns.map(c => c.name);
  for (const view of SES_EXTRA_VIEWS) {
    const names = renderView(view).columns.map(c => c.name);
    expect(names.slice(0, 12)).toEqual(emailSend.slice(0, 12));
    expect(names.slice(-2)).toEqual(['message_tags', 'ingest_timestamp']);
    expect(view.eventTypes).toEqual([`_email.${view.name.replace(/^email_/, '')}`]);
  }
});

test('no view reads the misspelt treament_id, and every map lookup uses element_at', () => {
  for (const view of ALL_STANDARD_VIEWS) {
    const sql = renderViewSql(view);
    expect(sql).not.toContain('treament_id');
    expect(sql).not.toMatch(/\w\['/);
    expect(sql).not.toMatch(/from_unixtime\(/);
  }
});

test('ingest_timestamp is passed through untouched, so filters on it prune partitions', () => {
  for (const view of ALL_STANDARD_VIEWS) {
    const field = view.fields.find(f => f.name === 'ingest_timestamp');
    expect(field?.expression).toBe('ingest_timestamp');
  }
});

test('keys are quoted as SQL strings in custom views', () => {
  const sql = renderViewSql(customEventView('odd', "it's", { quote: "o'clock" }, {}));
  expect(sql).toContain("element_at(attributes, 'o''clock') AS \"quote\"");
  expect(sql).toContain("WHERE event_type = 'it''s'");
});

test('mms_events and voice_events select every outcome of their channel, and declare their columns', () => {
  const common = (middle: Array<[string, string]>): Array<[string, string]> => [
    ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
    ['endpoint_id', 'varchar'], ['aws_account_id', 'varchar'], ['message_id', 'varchar'], ['outcome', 'varchar'],
    ['record_status', 'varchar'], ['message_status_description', 'varchar'], ['is_final', 'boolean'],
    ['origination_phone_number', 'varchar'], ['destination_phone_number', 'varchar'], ['iso_country_code', 'varchar'],
    ['message_type', 'varchar'], ...middle,
    ['price_in_millicents_usd', 'double'], ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
  ];
  const mms = ALL_STANDARD_VIEWS.find(v => v.name === 'mms_events')!;
  const voice = ALL_STANDARD_VIEWS.find(v => v.name === 'voice_events')!;
  expect(renderView(mms).columns.map(c => [c.name, c.trinoType])).toEqual(common([['number_of_message_parts', 'varchar']]));
  expect(renderView(voice).columns.map(c => [c.name, c.trinoType])).toEqual(common([]));
  expect(renderViewSql(mms)).toMatch(/\nWHERE event_type IN \('_mms\.buffered', '_mms\.failure', '_mms\.success'\)$/);
  expect(renderViewSql(voice)).toMatch(/\nWHERE event_type IN \('_voice\.buffered', '_voice\.failure', '_voice\.success'\)$/);
});

test('a view of one event type compares with =, and a view must select at least one event type', () => {
  expect(renderViewSql(customEventView('one', 'a', {}, {}))).toMatch(/\nWHERE event_type = 'a'$/);
  expect(() => renderViewSql({ ...customEventView('none', 'a', {}, {}), eventTypes: [] })).toThrow(/View 'none' must select at least one event type/);
});

test('an event type with a condition of its own is selected only where the condition holds; the others whole', () => {
  const view = { ...customEventView('some', 'a', {}, {}), eventTypes: ['a', 'b', 'c'], eventTypeConditions: { b: "element_at(attributes, 'k') = 'v'" } };
  expect(renderViewSql(view)).toMatch(/\nWHERE event_type IN \('a', 'c'\) OR \(event_type = 'b' AND \(element_at\(attributes, 'k'\) = 'v'\)\)$/);
  const onlyConditioned = { ...view, eventTypes: ['b'] };
  expect(renderViewSql(onlyConditioned)).toMatch(/\nWHERE \(event_type = 'b' AND \(element_at\(attributes, 'k'\) = 'v'\)\)$/);
  expect(() => renderViewSql({ ...view, eventTypes: ['a'] })).toThrow(/View 'some' has conditions for event types it does not select: b/);
});

const channelHead: Array<[string, string]> = [
  ['event_timestamp', 'timestamp(3)'], ['arrival_timestamp', 'timestamp(3)'], ['application_id', 'varchar'],
  ['endpoint_id', 'varchar'], ['aws_account_id', 'varchar'], ['message_id', 'varchar'],
];

test('rcs_events selects every outcome of RCS and declares the agent, billing and conversation columns', () => {
  const rcs = ALL_STANDARD_VIEWS.find(v => v.name === 'rcs_events')!;
  expect(renderView(rcs).columns.map(c => [c.name, c.trinoType])).toEqual([
    ...channelHead, ['outcome', 'varchar'],
    ['record_status', 'varchar'], ['message_status_description', 'varchar'], ['is_final', 'boolean'],
    ['origination_phone_number', 'varchar'], ['destination_phone_number', 'varchar'], ['iso_country_code', 'varchar'],
    ['message_type', 'varchar'], ['number_of_message_parts', 'varchar'], ['rcs_business_id', 'varchar'],
    ['agent_iso_country_code', 'varchar'], ['billing_event_type', 'varchar'], ['conversation_initiating_message_id', 'varchar'],
    ['conversation_initiating_message_type', 'varchar'], ['conversation_session_fee_in_millicents_usd', 'double'],
    ['price_in_millicents_usd', 'double'], ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
  ]);
  expect(renderViewSql(rcs)).toMatch(/\nWHERE event_type IN \('_rcs\.buffered', '_rcs\.failure', '_rcs\.fallback', '_rcs\.read', '_rcs\.success'\)$/);
});

test('whatsapp_events selects every WhatsApp event type and declares its columns', () => {
  const whatsapp = ALL_STANDARD_VIEWS.find(v => v.name === 'whatsapp_events')!;
  expect(renderView(whatsapp).columns.map(c => [c.name, c.trinoType])).toEqual([
    ...channelHead, ['status', 'varchar'],
    ['origination_phone_number', 'varchar'], ['destination_phone_number', 'varchar'], ['phone_number_id', 'varchar'],
    ['aws_message_id', 'varchar'], ['error_code', 'varchar'], ['error_title', 'varchar'], ['error_message', 'varchar'],
    ['error_details', 'varchar'], ['pricing_billable', 'boolean'], ['pricing_model', 'varchar'], ['pricing_category', 'varchar'],
    ['pricing_type', 'varchar'], ['conversation_id', 'varchar'], ['conversation_origin_type', 'varchar'],
    ['conversation_expiration_timestamp', 'timestamp(3)'], ['message_type', 'varchar'], ['text_body', 'varchar'],
    ['in_reply_to_message_id', 'varchar'], ['contact_name', 'varchar'], ['biz_opaque_callback_data', 'varchar'],
    ['ingest_timestamp', 'timestamp(3)'],
  ]);
  expect(whatsapp.eventTypes).toEqual(['_whatsapp.accepted', '_whatsapp.deleted', '_whatsapp.delivered', '_whatsapp.failed',
    '_whatsapp.read', '_whatsapp.received', '_whatsapp.sent', '_whatsapp.warning']);
});

test('message_events declares the columns every channel shares', () => {
  expect(renderView(MESSAGE_EVENTS_VIEW).columns.map(c => [c.name, c.trinoType])).toEqual([
    ['event_timestamp', 'timestamp(3)'], ['channel', 'varchar'], ['status', 'varchar'], ['source_status', 'varchar'],
    ['event_type', 'varchar'], ['message_id', 'varchar'], ['in_reply_to_message_id', 'varchar'], ['from_address', 'varchar'],
    ['to_address', 'varchar'], ['country', 'varchar'], ['error_code', 'varchar'], ['price_in_millicents_usd', 'double'],
    ['conversation_id', 'varchar'], ['conversation_fee_in_millicents_usd', 'double'], ['application_id', 'varchar'],
    ['aws_account_id', 'varchar'], ['message_tags', 'map(varchar,varchar)'], ['ingest_timestamp', 'timestamp(3)'],
  ]);
});

test('message_events selects each message event type once, push sends only among campaign sends', () => {
  const types = MESSAGE_EVENT_TYPES.map(t => t.eventType);
  expect(new Set(types).size).toBe(types.length);
  expect(MESSAGE_EVENTS_VIEW.eventTypes).toEqual(types);
  expect(Object.keys(MESSAGE_EVENTS_VIEW.eventTypeConditions ?? {})).toEqual(['_campaign.send']);
  expect(renderViewSql(MESSAGE_EVENTS_VIEW)).toContain(
    "OR (event_type = '_campaign.send' AND (element_at(attributes, 'delivery_type') IN ('ADM', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'BAIDU', 'GCM')))");
});

test('message_events reads a family\'s detail only on its own rows: an SES tag named like an SMS attribute is never a country', () => {
  const country = MESSAGE_EVENTS_VIEW.fields.find(f => f.name === 'country')!;
  expect(country.expression).toBe("CASE WHEN starts_with(event_type, '_email.') THEN NULL WHEN starts_with(event_type, '_campaign.') THEN NULL "
    + "ELSE element_at(attributes, 'iso_country_code') END");
});

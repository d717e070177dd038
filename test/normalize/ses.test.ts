import { fixture, SES_FIXTURES } from '../../fixtures/records';
import { normalizeRecord, UnrecognisedRecordError } from '../../src/normalize/normalize-record';
import { bareAddress, SES_EVENT_TYPES } from '../../src/normalize/ses';

const MESSAGE_ID = 'EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000';
const BASIC_TAGS = {
  'ses:configuration-set': 'ConfigSet',
  'ses:source-ip': '192.0.2.0',
  'ses:from-domain': 'example.com',
  'ses:caller-identity': 'ses_user',
};
const CUSTOM_TAGS = { myCustomTag1: 'myCustomTagValue1', myCustomTag2: 'myCustomTagValue2' };

/** Runs the normalizer on a copy, so a fixture is never changed by a test. */
function normalizeFixture(name: string): Record<string, any> {
  return normalizeRecord(structuredClone(fixture(SES_FIXTURES, name)));
}

/** The headers of a fixture, which the normalizer must carry over unchanged. */
const headersOf = (name: string) => (fixture(SES_FIXTURES, name).mail as any).headers;

/** Pinpoint's empty objects, present in every email record it writes. */
const PINPOINT_EMPTIES = { device: { platform: {} }, session: {} };

describe('SES event records → Pinpoint email records (AWS samples)', () => {
  test('Send', () => {
    expect(normalizeFixture('send')).toEqual({
      event_type: '_email.send',
      event_timestamp: 1476421336645,
      arrival_timestamp: 1476421336645,
      event_version: '3.1',
      application: { app_id: 'ConfigSet', sdk: {} },
      client: { client_id: 'recipient@example.com' },
      ...PINPOINT_EMPTIES,
      attributes: { ...BASIC_TAGS, ...CUSTOM_TAGS, feedback: 'received' },
      awsAccountId: '123456789012',
      facets: {
        email_channel: {
          mail_event: {
            mail: {
              message_id: MESSAGE_ID,
              message_send_timestamp: 1476421336645,
              from_address: 'sender@example.com',
              destination: ['recipient@example.com'],
              headers_truncated: false,
              headers: headersOf('send'),
              common_headers: { from: 'sender@example.com', to: ['recipient@example.com'], subject: 'Message sent from Amazon SES' },
            },
            send: {},
          },
        },
      },
    });
  });

  test('Delivery: the delivery time is the event time; the send time stays in the mail object', () => {
    const record = normalizeFixture('delivery');
    expect(record.event_type).toBe('_email.delivered');
    expect(record.event_timestamp).toBe(1476919264133);
    expect(record.arrival_timestamp).toBe(1476919264133);
    expect(record.attributes).toEqual({ ...BASIC_TAGS, 'ses:outgoing-ip': '192.0.2.0', ...CUSTOM_TAGS, 'feedback': 'delivered' });
    expect(record.facets.email_channel.mail_event).toEqual({
      mail: {
        message_id: MESSAGE_ID,
        message_send_timestamp: 1476919252240,
        from_address: 'sender@example.com',
        destination: ['recipient@example.com'],
        headers_truncated: false,
        headers: headersOf('delivery'),
        common_headers: { from: 'sender@example.com', to: ['recipient@example.com'], subject: 'Message sent from Amazon SES' },
      },
      delivery: {
        smtp_response: '250 2.6.0 Message received',
        reporting_mta: 'mta.example.com',
        recipients: ['recipient@example.com'],
        processing_time_millis: 11893,
      },
    });
  });

  test('Bounce (Permanent) is a hard bounce; the display name is stripped from from_address only', () => {
    expect(normalizeFixture('bounce')).toEqual({
      event_type: '_email.hardbounce',
      event_timestamp: 1501893662669,
      arrival_timestamp: 1501893662669,
      event_version: '3.1',
      application: { app_id: 'ConfigSet', sdk: {} },
      client: { client_id: 'recipient@example.com' },
      ...PINPOINT_EMPTIES,
      attributes: { ...BASIC_TAGS, feedback: 'bounced' },
      awsAccountId: '123456789012',
      facets: {
        email_channel: {
          mail_event: {
            mail: {
              message_id: MESSAGE_ID,
              message_send_timestamp: 1501893602012,
              from_address: 'sender@example.com',
              destination: ['recipient@example.com'],
              headers_truncated: false,
              headers: headersOf('bounce'),
              common_headers: {
                from: 'Sender Name <sender@example.com>',
                to: ['recipient@example.com'],
                subject: 'Message sent from Amazon SES',
              },
            },
            bounce: {
              bounce_type: 'Permanent',
              bounce_sub_type: 'General',
              bounced_recipients: [{
                email_address: 'recipient@example.com',
                action: 'failed',
                status: '5.1.1',
                diagnostic_code: 'smtp; 550 5.1.1 user unknown',
              }],
              feedback_id: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000',
              reporting_mta: 'dsn; mta.example.com',
            },
          },
        },
      },
    });
  });

  test('Complaint', () => {
    const record = normalizeFixture('complaint');
    expect(record.event_type).toBe('_email.complaint');
    expect(record.event_timestamp).toBe(1501893662669);
    expect(record.attributes.feedback).toBe('complained');
    expect(record.client).toEqual({ client_id: 'recipient@example.com' });
    expect(record.facets.email_channel.mail_event.mail.message_send_timestamp).toBe(1501893601123);
    expect(record.facets.email_channel.mail_event.complaint).toEqual({
      complained_recipients: [{ email_address: 'recipient@example.com' }],
      feedback_id: '01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000',
      user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.90 Safari/537.36',
      complaint_feedback_type: 'abuse',
      arrival_date: '2017-08-05T00:41:02.669Z',
    });
  });

  test('Reject: no time of its own, so the send time; the sample\'s destination is the sender', () => {
    const record = normalizeFixture('reject');
    expect(record.event_type).toBe('_email.rejected');
    expect(record.event_timestamp).toBe(1476466695211);
    expect(record.arrival_timestamp).toBe(1476466695211);
    expect(record.client).toEqual({ client_id: 'sender@example.com' });
    expect(record.attributes).toEqual({ ...BASIC_TAGS, ...CUSTOM_TAGS, feedback: 'rejected' });
    expect(record.facets.email_channel.mail_event.reject).toEqual({ reason: 'Bad content' });
    expect(record.facets.email_channel.mail_event.mail.destination).toEqual(['sender@example.com']);
  });

  test('Open: the sample has no sourceArn and its own tag spelling (ses-user)', () => {
    const record = normalizeFixture('open');
    expect(record.event_type).toBe('_email.open');
    expect(record.event_timestamp).toBe(1502316019652);
    expect(record.attributes).toEqual({
      'ses:caller-identity': 'ses-user',
      'ses:configuration-set': 'ConfigSet',
      'ses:from-domain': 'example.com',
      'ses:source-ip': '192.0.2.0',
      'feedback': 'opened',
    });
    expect(record.facets.email_channel.mail_event.open).toEqual({
      ip_address: '192.0.2.1',
      user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 10_3_3 like Mac OS X) AppleWebKit/603.3.8 (KHTML, like Gecko) Mobile/14G60',
    });
    expect(record.facets.email_channel.mail_event.mail.message_send_timestamp).toBe(1502315989927);
  });

  test('Click: feedback is the clicked URL and the link tags are kept', () => {
    const record = normalizeFixture('click');
    expect(record.event_type).toBe('_email.click');
    expect(record.event_timestamp).toBe(1502322685570);
    expect(record.attributes.feedback).toBe('http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html');
    expect(record.facets.email_channel.mail_event.click).toEqual({
      ip_address: '192.0.2.1',
      user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.90 Safari/537.36',
      link: 'http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html',
      all_link_tags: { samplekey0: ['samplevalue0'], samplekey1: ['samplevalue1'] },
    });
  });

  test('Rendering Failure: the sample has no headers at all, and the failure object is renamed', () => {
    expect(normalizeFixture('rendering-failure')).toEqual({
      event_type: '_email.rendering_failure',
      event_timestamp: 1516646586197,
      arrival_timestamp: 1516646586197,
      event_version: '3.1',
      application: { app_id: 'ConfigSet', sdk: {} },
      client: { client_id: 'recipient@example.com' },
      ...PINPOINT_EMPTIES,
      attributes: { 'ses:configuration-set': 'ConfigSet', 'feedback': 'rendering_failure' },
      awsAccountId: '123456789012',
      facets: {
        email_channel: {
          mail_event: {
            mail: {
              message_id: MESSAGE_ID,
              message_send_timestamp: 1516646586197,
              from_address: 'sender@example.com',
              destination: ['recipient@example.com'],
              headers_truncated: false,
            },
            rendering_failure: {
              error_message: "Attribute 'attributeName' is not present in the rendering data.",
              template_name: 'MyTemplate',
            },
          },
        },
      },
    });
  });

  test('DeliveryDelay', () => {
    const record = normalizeFixture('delivery-delay');
    expect(record.event_type).toBe('_email.delivery_delay');
    expect(record.event_timestamp).toBe(1592267140095);
    expect(record.attributes.feedback).toBe('delayed');
    expect(record.facets.email_channel.mail_event.mail.message_send_timestamp).toBe(1592266540641);
    expect(record.facets.email_channel.mail_event.delivery_delay).toEqual({
      delay_type: 'TransientCommunicationFailure',
      expiration_time: '2020-06-16T00:25:40.914Z',
      delayed_recipients: [{
        email_address: 'recipient@example.com',
        status: '4.4.1',
        diagnostic_code: 'smtp; 421 4.4.1 Unable to connect to remote host',
      }],
    });
  });

  test('Subscription: topic preferences become JSON text that parses back to what SES sent', () => {
    const record = normalizeFixture('subscription');
    expect(record.event_type).toBe('_email.subscription');
    expect(record.event_timestamp).toBe(1641949217910);
    expect(record.attributes).toEqual({
      'ses:operation': 'SendEmail',
      'ses:configuration-set': 'ConfigSet',
      'ses:source-ip': '192.0.2.0',
      'ses:from-domain': 'example.com',
      'ses:caller-identity': 'ses_user',
      'feedback': 'subscription_changed',
    });
    const mailEvent = record.facets.email_channel.mail_event;
    expect(mailEvent.mail.from_address).toBe('sender@example.com');
    expect(mailEvent.mail.common_headers.from).toBe('Sender Name <sender@example.com>');
    expect(mailEvent.subscription).toEqual({
      contact_list: 'ContactListName',
      source: 'UnsubscribeHeader',
      new_topic_preferences: expect.any(String),
      old_topic_preferences: expect.any(String),
    });
    expect(JSON.parse(mailEvent.subscription.new_topic_preferences)).toEqual({
      unsubscribeAll: true,
      topicSubscriptionStatus: [{ topicName: 'ExampleTopicName', subscriptionStatus: 'OptOut' }],
    });
    expect(JSON.parse(mailEvent.subscription.old_topic_preferences)).toEqual({
      unsubscribeAll: false,
      topicSubscriptionStatus: [{ topicName: 'ExampleTopicName', subscriptionStatus: 'OptOut' }],
    });
  });

  test('every documented SES event type has a sample, and every sample normalizes', () => {
    const documentedTypes = SES_FIXTURES.filter(f => f.documented).map(f => f.record.eventType).sort();
    expect(documentedTypes).toEqual([...SES_EVENT_TYPES].sort());
  });
});

describe('SES edge cases', () => {
  test('a Transient bounce is a soft bounce', () => {
    const record = normalizeFixture('constructed-bounce-transient');
    expect(record.event_type).toBe('_email.softbounce');
    expect(record.facets.email_channel.mail_event.bounce.bounce_type).toBe('Transient');
  });

  test('an Undetermined bounce is a soft bounce that keeps its bounce type', () => {
    const record = normalizeFixture('constructed-bounce-undetermined');
    expect(record.event_type).toBe('_email.softbounce');
    expect(record.facets.email_channel.mail_event.bounce).toMatchObject({ bounce_type: 'Undetermined', bounce_sub_type: 'Undetermined' });
  });

  test('a click on a link tagged unsubscribeLinkTag is an unsubscribe, with the click detail', () => {
    const record = normalizeFixture('constructed-unsubscribe-click');
    expect(record.event_type).toBe('_email.unsubscribe');
    expect(record.attributes.feedback).toBe('http://www.example.com/unsubscribe');
    expect(record.facets.email_channel.mail_event.click).toEqual({
      ip_address: '192.0.2.1',
      user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/60.0.3112.90 Safari/537.36',
      link: 'http://www.example.com/unsubscribe',
      link_tags: { unsubscribeLinkTag: ['click'] },
      all_link_tags: { unsubscribeLinkTag: ['click'] },
    });
  });

  test('several From addresses are joined, several tag values too; the endpoint is the one recipient the event names', () => {
    const record = normalizeFixture('constructed-delivery-two-recipients');
    expect(record.facets.email_channel.mail_event.mail.common_headers.from).toBe('sender@example.com, other-sender@example.com');
    expect(record.attributes.myMultiValueTag).toBe('a,b');
    expect(record.client).toEqual({ client_id: 'recipient@example.com' });
  });

  test('an open of a message to two recipients names no endpoint', () => {
    const open = structuredClone(fixture(SES_FIXTURES, 'open')) as any;
    open.mail.destination = ['a@example.com', 'b@example.com'];
    expect(normalizeRecord(open).client).toEqual({});
  });

  test('a message tag named feedback does not replace the event\'s feedback', () => {
    const send = structuredClone(fixture(SES_FIXTURES, 'send')) as any;
    send.mail.tags.feedback = ['from-a-tag'];
    expect((normalizeRecord(send) as any).attributes.feedback).toBe('received');
  });

  test('a tag named Feedback is an attribute of its own beside the event\'s feedback: map keys keep their case', () => {
    const send = structuredClone(fixture(SES_FIXTURES, 'send')) as any;
    send.mail.tags.Feedback = ['from-a-tag'];
    const attributes = (normalizeRecord(send) as any).attributes;
    expect(attributes.feedback).toBe('received');
    expect(attributes.Feedback).toBe('from-a-tag');
  });

  test('tags are kept as SES sends them: names that differ only in case are separate attributes', () => {
    const send = structuredClone(fixture(SES_FIXTURES, 'send')) as any;
    send.mail.tags = { Env: ['prod'], env: ['blue', 'green'], other: ['x'] };
    expect((normalizeRecord(send) as any).attributes).toEqual({ Env: 'prod', env: 'blue,green', other: 'x', feedback: 'received' });
  });

  test('a tag named __proto__ is an ordinary attribute', () => {
    const send = JSON.parse(JSON.stringify(fixture(SES_FIXTURES, 'send')).replace('"myCustomTag1"', '"__proto__"'));
    const attributes = (normalizeRecord(send) as any).attributes;
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.keys(attributes)).toContain('__proto__');
    expect(JSON.parse(JSON.stringify(attributes)).__proto__).toBe('myCustomTagValue1');
  });

  test('without a configuration-set tag there is no app_id', () => {
    const send = structuredClone(fixture(SES_FIXTURES, 'send')) as any;
    delete send.mail.tags['ses:configuration-set'];
    expect(normalizeRecord(send).application).toEqual({ sdk: {} });
  });

  test('bareAddress takes the address out of a display form and leaves a bare address alone', () => {
    expect(bareAddress('"Sender Name" <sender@example.com>')).toBe('sender@example.com');
    expect(bareAddress('Sender Name <sender@example.com>')).toBe('sender@example.com');
    expect(bareAddress('sender@example.com')).toBe('sender@example.com');
  });
});

describe('SES records that cannot be normalized', () => {
  const withChange = (name: string, change: (r: any) => void) => {
    const record = structuredClone(fixture(SES_FIXTURES, name));
    change(record);
    return record;
  };

  test.each([
    ['an unknown eventType', withChange('send', r => { r.eventType = 'Forward'; }), /unknown eventType 'Forward'/],
    ['an eventType named like an object member', withChange('send', r => { r.eventType = 'constructor'; }), /unknown eventType 'constructor'/],
    ['a Bounce without its bounce object', withChange('bounce', r => { delete r.bounce; }), /'Bounce' has no 'bounce' object/],
    ['a mail object without messageId', withChange('send', r => { delete r.mail.messageId; }), /mail\.messageId is missing/],
    ['a mail timestamp that is not a time', withChange('send', r => { r.mail.timestamp = 'yesterday'; }), /'yesterday' is not an ISO-8601 time/],
    ['a mail object without timestamp', withChange('send', r => { delete r.mail.timestamp; }), /mail\.timestamp is missing/],
    ['an event time that is not a time', withChange('open', r => { r.open.timestamp = 12; }), /open\.timestamp is not an ISO-8601 string/],
  ])('%s', (_why, record, message) => {
    expect(() => normalizeRecord(record)).toThrow(UnrecognisedRecordError);
    expect(() => normalizeRecord(record)).toThrow(message);
  });
});

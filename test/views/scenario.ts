/**
 * Builders of engagement records with chosen ids, times and tags, for tests whose expected figures are
 * worked out by hand from the scenario (never by running the SQL under test).
 */
const APP_ID = 'scenario-app';
const ACCOUNT = '111122223333';

export interface Delivery {
  readonly record: Record<string, unknown>;
  /** When the delivery stream received it: its partition hour. */
  readonly arrival: Date;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** An email event of the Pinpoint shape for message `messageId`. */
export function emailEvent(eventType: string, options: {
  messageId: string;
  to: string[];
  subject: string;
  at: Date;
  campaignId?: string;
  tags?: Record<string, string>;
  body?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    event_type: `_email.${eventType}`,
    event_timestamp: options.at.getTime(),
    arrival_timestamp: options.at.getTime(),
    event_version: '3.1',
    application: { app_id: APP_ID, sdk: {} },
    client: { client_id: `endpoint-${options.messageId}` },
    attributes: {
      ...(options.campaignId ? { campaign_id: options.campaignId, treatment_id: '0' } : {}),
      ...options.tags,
    },
    awsAccountId: ACCOUNT,
    facets: {
      email_channel: {
        mail_event: {
          mail: {
            message_id: options.messageId,
            message_send_timestamp: options.at.getTime(),
            from_address: 'news@example.com',
            destination: options.to,
            common_headers: { from: 'news@example.com', to: options.to, subject: options.subject },
          },
          ...options.body,
        },
      },
    },
  };
}

/** An SMS event for message `messageId`. */
export function smsEvent(eventType: 'BUFFERED' | 'SUCCESS' | 'FAILURE', options: {
  messageId: string;
  at: Date;
  campaignId?: string;
  price?: number;
  context?: Record<string, string>;
}): Record<string, unknown> {
  return {
    event_type: `_SMS.${eventType}`,
    event_timestamp: options.at.getTime(),
    arrival_timestamp: options.at.getTime(),
    event_version: '3.1',
    application: { app_id: APP_ID, sdk: {} },
    client: { client_id: `endpoint-${options.messageId}` },
    attributes: {
      message_id: options.messageId,
      record_status: eventType === 'SUCCESS' ? 'DELIVERED' : eventType === 'FAILURE' ? 'UNREACHABLE' : 'SUCCESSFUL',
      destination_phone_number: '+14255550199',
      ...(options.campaignId ? { campaign_id: options.campaignId, treatment_id: '0' } : {}),
      ...(options.context ? { customer_context: JSON.stringify(options.context) } : {}),
    },
    ...(options.price !== undefined ? { metrics: { price_in_millicents_usd: options.price } } : {}),
    awsAccountId: ACCOUNT,
  };
}

/**
 * An End User Messaging SMS/MMS/voice v2 event as the service publishes it (camelCase, price in USD), for
 * message `messageId`; `eventType` is the service's own (`TEXT_DELIVERED`, `MEDIA_PENDING`, `VOICE_BUSY`…).
 */
export function endUserMessagingEvent(eventType: string, options: {
  messageId: string;
  at: Date;
  priceUsd?: number;
  context?: Record<string, string>;
  /** The destination's country (default US). */
  country?: string;
  /** Fields of the event beyond the common ones (an RCS event's conversation fields, say). */
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  const status = eventType.slice(eventType.indexOf('_') + 1);
  return {
    eventType,
    eventVersion: '1.0',
    eventTimestamp: options.at.getTime(),
    isFinal: !['QUEUED', 'PENDING', 'SENT', 'INITIATED', 'RINGING', 'ANSWERED'].includes(status),
    originationPhoneNumber: '+12065550152',
    destinationPhoneNumber: '+14255550199',
    isoCountryCode: options.country ?? 'US',
    messageId: options.messageId,
    messageRequestTimestamp: options.at.getTime(),
    messageType: 'TRANSACTIONAL',
    messageStatus: status,
    ...(eventType.startsWith('VOICE_') ? {} : { totalMessageParts: 1 }),
    ...(options.context ? { context: options.context } : {}),
    ...(options.priceUsd !== undefined ? { totalMessagePrice: options.priceUsd, totalCarrierFee: 0 } : {}),
    ...options.extra,
  };
}

/** The business's WhatsApp number in the scenario, and its customer. */
export const WHATSAPP_BUSINESS = '14255550123';
export const WHATSAPP_CUSTOMER = '15550001111';

/** A status WhatsApp reports for message `id` the business sent to the customer. */
export function whatsAppStatus(id: string, status: string, at: Date, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, status, timestamp: String(Math.floor(at.getTime() / 1000)), recipient_id: WHATSAPP_CUSTOMER, ...extra };
}

/** A text message the customer sent, answering message `inReplyTo` when given. */
export function whatsAppMessage(id: string, at: Date, text: string, inReplyTo?: string): Record<string, unknown> {
  return {
    ...(inReplyTo ? { context: { from: WHATSAPP_BUSINESS, id: inReplyTo } } : {}),
    from: WHATSAPP_CUSTOMER,
    id,
    timestamp: String(Math.floor(at.getTime() / 1000)),
    type: 'text',
    text: { body: text },
  };
}

/**
 * An End User Messaging Social event as its SNS topic delivers it: the envelope around one WhatsApp webhook
 * entry holding the given statuses and messages.
 */
export function whatsAppEvent(
  at: Date, items: { statuses?: Array<Record<string, unknown>>; messages?: Array<Record<string, unknown>> },
): Record<string, unknown> {
  const entry = {
    id: 'scenario-waba',
    changes: [{
      field: 'messages',
      value: { messaging_product: 'whatsapp', metadata: { display_phone_number: WHATSAPP_BUSINESS, phone_number_id: 'scenario-phone-number' }, ...items },
    }],
  };
  return { context: {}, whatsAppWebhookEntry: JSON.stringify(entry), aws_account_id: ACCOUNT, message_timestamp: at.toISOString() };
}

/** A Pinpoint push event of campaign activity `activityId` for device endpoint `endpoint`. */
export function pushEvent(eventType: 'send' | 'received_foreground' | 'received_background' | 'opened_notification', options: {
  campaignId: string;
  activityId: string;
  endpoint: string;
  at: Date;
  deliveryType?: string;
  sendStatus?: string;
}): Record<string, unknown> {
  const send = eventType === 'send';
  return {
    event_type: `_campaign.${eventType}`,
    event_timestamp: options.at.getTime(),
    arrival_timestamp: options.at.getTime(),
    application: { app_id: APP_ID },
    client: { client_id: options.endpoint },
    attributes: {
      campaign_id: options.campaignId,
      campaign_activity_id: options.activityId,
      treatment_id: '0',
      ...(send ? { delivery_type: options.deliveryType ?? 'GCM', campaign_send_status: options.sendStatus ?? 'SUCCESS' } : {}),
    },
    awsAccountId: ACCOUNT,
  };
}

export function campaignSend(campaignId: string, endpoint: string, at: Date): Record<string, unknown> {
  return {
    event_type: '_campaign.send',
    event_timestamp: at.getTime(),
    arrival_timestamp: at.getTime(),
    application: { app_id: APP_ID },
    client: { client_id: endpoint },
    attributes: { campaign_id: campaignId, treatment_id: '0', campaign_send_status: 'SUCCESS' },
    awsAccountId: ACCOUNT,
  };
}

/** Groups deliveries by arrival hour, as the delivery stream writes one object per buffer. */
export function byArrivalHour(deliveries: readonly Delivery[]): Array<{ arrival: Date; records: Record<string, unknown>[] }> {
  const groups = new Map<number, Record<string, unknown>[]>();
  for (const d of deliveries) {
    const hour = Math.floor(d.arrival.getTime() / HOUR) * HOUR;
    groups.set(hour, [...(groups.get(hour) ?? []), d.record]);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([hour, records]) => ({ arrival: new Date(hour), records }));
}

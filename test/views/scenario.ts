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
}): Record<string, unknown> {
  const status = eventType.slice(eventType.indexOf('_') + 1);
  return {
    eventType,
    eventVersion: '1.0',
    eventTimestamp: options.at.getTime(),
    isFinal: !['QUEUED', 'PENDING', 'SENT', 'INITIATED', 'RINGING', 'ANSWERED'].includes(status),
    originationPhoneNumber: '+12065550152',
    destinationPhoneNumber: '+14255550199',
    isoCountryCode: 'US',
    messageId: options.messageId,
    messageRequestTimestamp: options.at.getTime(),
    messageType: 'TRANSACTIONAL',
    messageStatus: status,
    ...(eventType.startsWith('VOICE_') ? {} : { totalMessageParts: 1 }),
    ...(options.context ? { context: options.context } : {}),
    ...(options.priceUsd !== undefined ? { totalMessagePrice: options.priceUsd, totalCarrierFee: 0 } : {}),
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

/**
 * The message events of every channel, declared once as data: each event type with the channel it belongs to
 * and the status it means in one vocabulary shared by all channels. The `message_events` view (view-catalog.ts)
 * and the cross-channel analyses are rendered from this table; the channels' own event types come from the
 * normalizers' status tables, so the view cannot drift from what the record processor writes.
 */
import { sqlString } from './sql';
import { Channel, channelEventTypes } from '../normalize/sms-voice';
import { WHATSAPP_EVENT_TYPES } from '../normalize/whatsapp';

/** The channels of `message_events`, as its `channel` column names them. */
export type MessageChannel = 'email' | 'sms' | 'mms' | 'voice' | 'rcs' | 'whatsapp' | 'push';

/**
 * What a message event means, whatever its channel: the funnel's steps (`sent`, `delivered`, `opened`,
 * `clicked`), the ways a message ends without them (`failed`, `fallen_back`: an RCS message sent on as SMS), what
 * recipients do besides (`complained`, `unsubscribed`, `opted_out`, `preferences_changed`, `deleted`), `delayed`
 * and `warning` on the way, and `received` for a message a customer sent.
 */
export type MessageStatus = 'sent' | 'delivered' | 'opened' | 'clicked' | 'failed' | 'fallen_back' | 'complained'
| 'unsubscribed' | 'opted_out' | 'preferences_changed' | 'deleted' | 'delayed' | 'warning' | 'received';

/** One event type of `message_events`. */
export interface MessageEventType {
  readonly eventType: string;
  readonly channel: MessageChannel;
  readonly status: MessageStatus;
  /**
   * A Trino condition over `all_events`' columns that rows of this event type must meet to be message events
   * of the channel (e.g. the push sends among all campaign sends).
   */
  readonly condition?: string;
  /** A Trino condition under which the event reports a failure: its status is then `failed`. */
  readonly failedWhen?: string;
}

/** The outcome words of the End User Messaging channels, as statuses. */
const OUTCOME_STATUS: Record<string, MessageStatus> = {
  buffered: 'sent',
  success: 'delivered',
  read: 'opened',
  failure: 'failed',
  fallback: 'fallen_back',
};

/** Meta's message statuses (and `received`), as statuses. */
const WHATSAPP_STATUS: Record<string, MessageStatus> = {
  accepted: 'sent',
  sent: 'sent',
  delivered: 'delivered',
  read: 'opened',
  failed: 'failed',
  deleted: 'deleted',
  warning: 'warning',
  received: 'received',
};

/** The part of an event type after its prefix: `success` of `_mms.success`. */
const suffix = (eventType: string) => eventType.slice(eventType.indexOf('.') + 1);

function fromOutcomes(channel: MessageChannel, normalizedChannel: Channel): MessageEventType[] {
  return channelEventTypes(normalizedChannel).map(eventType => {
    const status = OUTCOME_STATUS[suffix(eventType).toLowerCase()];
    if (!status) throw new Error(`No message status for the ${channel} event type '${eventType}'`);
    return { eventType, channel, status };
  });
}

/** Pinpoint's push notification channels, as a campaign send's `delivery_type` names them. */
export const PUSH_DELIVERY_TYPES: readonly string[] = ['ADM', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'BAIDU', 'GCM'];

/** The message event types, channel by channel. */
export const MESSAGE_EVENT_TYPES: readonly MessageEventType[] = [
  // Email: Pinpoint's event types, which SES events are normalized into.
  { eventType: '_email.send', channel: 'email', status: 'sent' },
  { eventType: '_email.delivered', channel: 'email', status: 'delivered' },
  { eventType: '_email.open', channel: 'email', status: 'opened' },
  { eventType: '_email.click', channel: 'email', status: 'clicked' },
  { eventType: '_email.unsubscribe', channel: 'email', status: 'unsubscribed' },
  { eventType: '_email.hardbounce', channel: 'email', status: 'failed' },
  // SES stopped retrying: the message was not delivered.
  { eventType: '_email.softbounce', channel: 'email', status: 'failed' },
  { eventType: '_email.rejected', channel: 'email', status: 'failed' },
  { eventType: '_email.rendering_failure', channel: 'email', status: 'failed' },
  { eventType: '_email.complaint', channel: 'email', status: 'complained' },
  { eventType: '_email.delivery_delay', channel: 'email', status: 'delayed' },
  { eventType: '_email.subscription', channel: 'email', status: 'preferences_changed' },
  ...fromOutcomes('sms', 'TEXT'),
  { eventType: '_SMS.OPTOUT', channel: 'sms', status: 'opted_out' },
  ...fromOutcomes('mms', 'MEDIA'),
  ...fromOutcomes('voice', 'VOICE'),
  ...fromOutcomes('rcs', 'RCS'),
  ...WHATSAPP_EVENT_TYPES.map((eventType): MessageEventType => ({ eventType, channel: 'whatsapp', status: WHATSAPP_STATUS[suffix(eventType)] })),
  // Pinpoint push notifications, where a project still streams: the campaign's send to a device, and what the
  // app's SDK reports of the notification. A campaign send to an email address or phone is not a push.
  {
    eventType: '_campaign.send',
    channel: 'push',
    status: 'sent',
    condition: `element_at(attributes, 'delivery_type') IN (${PUSH_DELIVERY_TYPES.map(sqlString).join(', ')})`,
    failedWhen: "coalesce(element_at(attributes, 'campaign_send_status'), 'SUCCESS') <> 'SUCCESS'",
  },
  { eventType: '_campaign.received_foreground', channel: 'push', status: 'delivered' },
  { eventType: '_campaign.received_background', channel: 'push', status: 'delivered' },
  { eventType: '_campaign.opened_notification', channel: 'push', status: 'opened' },
];

/** The channels whose events report a price (`price_in_millicents_usd`): the ones the cost analyses count. */
export const PRICED_CHANNELS: readonly MessageChannel[] = ['sms', 'mms', 'voice', 'rcs'];

/**
 * Every event type the database knows, declared once: its channel and, for a message event, the status it means
 * in the one vocabulary `message_events` shares across channels. The normalizers write these event types, the
 * views select them and the named queries read them; each looks them up here, so none can drift from another.
 */

/** The channels of the message events, as `message_events`' `channel` column names them. */
export type MessageChannel = 'email' | 'sms' | 'mms' | 'voice' | 'rcs' | 'whatsapp' | 'push';

/** A channel of an event type: a message channel, or `journey` for a journey activity's sends (of any channel). */
export type EventChannel = MessageChannel | 'journey';

/**
 * What a message event means, whatever its channel: the funnel's steps (`sent`, `delivered`, `opened`,
 * `clicked`), the ways a message ends without them (`failed`, `fallen_back`: an RCS message sent on as SMS), what
 * recipients do besides (`complained`, `unsubscribed`, `opted_out`, `preferences_changed`, `deleted`), `delayed`
 * and `warning` on the way, and `received` for a message a customer sent.
 */
export type MessageStatus = 'sent' | 'delivered' | 'opened' | 'clicked' | 'failed' | 'fallen_back' | 'complained'
| 'unsubscribed' | 'opted_out' | 'preferences_changed' | 'deleted' | 'delayed' | 'warning' | 'received';

/** One event type of the table. */
export interface EventTypeDeclaration {
  /** The `event_type` value, `<prefix>.<name>`: the prefix names the channel. */
  readonly eventType: string;
  readonly channel: EventChannel;
  /**
   * The status of a message event (`message_events` may refine it by a condition of its own: a failed push
   * send); absent for an event type that is not one (a journey's send).
   */
  readonly status?: MessageStatus;
}

/**
 * Every event type, channel by channel; within a channel whose views select every status at once, in name order
 * (the order those views list them). The order is also that of `message_events`' CASE expressions.
 */
export const EVENT_TYPES: readonly EventTypeDeclaration[] = [
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
  // SMS keeps Pinpoint's upper-case spelling, which the SMS views and users' queries select; the outcomes End
  // User Messaging events are normalized into come first, then Pinpoint's opt-out.
  { eventType: '_SMS.BUFFERED', channel: 'sms', status: 'sent' },
  { eventType: '_SMS.FAILURE', channel: 'sms', status: 'failed' },
  { eventType: '_SMS.SUCCESS', channel: 'sms', status: 'delivered' },
  { eventType: '_SMS.OPTOUT', channel: 'sms', status: 'opted_out' },
  // MMS, voice and RCS are new to the table and follow the lower-case spelling of every other event type.
  { eventType: '_mms.buffered', channel: 'mms', status: 'sent' },
  { eventType: '_mms.failure', channel: 'mms', status: 'failed' },
  { eventType: '_mms.success', channel: 'mms', status: 'delivered' },
  { eventType: '_voice.buffered', channel: 'voice', status: 'sent' },
  { eventType: '_voice.failure', channel: 'voice', status: 'failed' },
  { eventType: '_voice.success', channel: 'voice', status: 'delivered' },
  { eventType: '_rcs.buffered', channel: 'rcs', status: 'sent' },
  { eventType: '_rcs.failure', channel: 'rcs', status: 'failed' },
  { eventType: '_rcs.fallback', channel: 'rcs', status: 'fallen_back' },
  { eventType: '_rcs.read', channel: 'rcs', status: 'opened' },
  { eventType: '_rcs.success', channel: 'rcs', status: 'delivered' },
  // WhatsApp: Meta's status of a message the business sent, or `received` for a message a customer sent.
  { eventType: '_whatsapp.accepted', channel: 'whatsapp', status: 'sent' },
  { eventType: '_whatsapp.deleted', channel: 'whatsapp', status: 'deleted' },
  { eventType: '_whatsapp.delivered', channel: 'whatsapp', status: 'delivered' },
  { eventType: '_whatsapp.failed', channel: 'whatsapp', status: 'failed' },
  { eventType: '_whatsapp.read', channel: 'whatsapp', status: 'opened' },
  { eventType: '_whatsapp.received', channel: 'whatsapp', status: 'received' },
  { eventType: '_whatsapp.sent', channel: 'whatsapp', status: 'sent' },
  { eventType: '_whatsapp.warning', channel: 'whatsapp', status: 'warning' },
  // Pinpoint push notifications, where a project still streams: the campaign's send to a device, and what the
  // app's SDK reports of the notification (message_events keeps only the campaign sends to a device).
  { eventType: '_campaign.send', channel: 'push', status: 'sent' },
  { eventType: '_campaign.received_foreground', channel: 'push', status: 'delivered' },
  { eventType: '_campaign.received_background', channel: 'push', status: 'delivered' },
  { eventType: '_campaign.opened_notification', channel: 'push', status: 'opened' },
  // A journey activity's send to an endpoint, whatever the channel: not a message event of its own.
  { eventType: '_journey.send', channel: 'journey' },
];

/** A message event type: one with a status. */
export interface MessageEventTypeDeclaration extends EventTypeDeclaration {
  readonly channel: MessageChannel;
  readonly status: MessageStatus;
}

/** The message event types (those with a status), in declaration order: what `message_events` selects. */
export const MESSAGE_EVENT_TYPES: readonly MessageEventTypeDeclaration[] = EVENT_TYPES.filter(
  (t): t is MessageEventTypeDeclaration => t.status !== undefined);

/** The channels whose events report a price (`price_in_millicents_usd`): the ones the cost analyses count. */
export const PRICED_CHANNELS: readonly MessageChannel[] = ['sms', 'mms', 'voice', 'rcs'];

/** The name of an event type: the part after its prefix (`success` of `_mms.success`). */
export const eventTypeName = (eventType: string): string => eventType.slice(eventType.indexOf('.') + 1);

/** The event types of a channel, in declaration order: what a view of the whole channel selects. */
export function eventTypesOf(channel: EventChannel): string[] {
  return EVENT_TYPES.filter(t => t.channel === channel).map(t => t.eventType);
}

/**
 * The declared event type of a channel with the given name, whatever the name's case (`BUFFERED` is
 * `_SMS.BUFFERED` for SMS, `_mms.buffered` for MMS): the declaration decides the spelling. Throws for a name the
 * channel does not declare, so a normalizer or a view cannot write or select an undeclared event type.
 */
export function eventTypeOf(channel: EventChannel, name: string): string {
  const wanted = name.toLowerCase();
  const found = EVENT_TYPES.find(t => t.channel === channel && eventTypeName(t.eventType).toLowerCase() === wanted);
  if (!found) {
    throw new Error(`No ${channel} event type named '${name}' is declared in src/schema/event-types.ts`);
  }
  return found.eventType;
}

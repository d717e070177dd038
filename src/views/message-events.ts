/**
 * The message events of every channel as `message_events` selects them: each declared message event type
 * (src/schema/event-types.ts: its channel and the status it means in one vocabulary shared by all channels), with
 * the conditions this view adds to some. The `message_events` view (view-catalog.ts) and the cross-channel
 * analyses are rendered from this table.
 */
import { sqlString } from './sql';
import { MESSAGE_EVENT_TYPES as DECLARED, MessageEventTypeDeclaration, eventTypeOf } from '../schema/event-types';

/** One event type of `message_events`. */
export interface MessageEventType extends MessageEventTypeDeclaration {
  /**
   * A Trino condition over `all_events`' columns that rows of this event type must meet to be message events
   * of the channel (e.g. the push sends among all campaign sends).
   */
  readonly condition?: string;
  /** A Trino condition under which the event reports a failure: its status is then `failed`. */
  readonly failedWhen?: string;
}

/** Pinpoint's push notification channels, as a campaign send's `delivery_type` names them. */
export const PUSH_DELIVERY_TYPES: readonly string[] = ['ADM', 'APNS', 'APNS_SANDBOX', 'APNS_VOIP', 'APNS_VOIP_SANDBOX', 'BAIDU', 'GCM'];

/** What this view adds to some event types. */
const CONDITIONS: Readonly<Record<string, Pick<MessageEventType, 'condition' | 'failedWhen'>>> = {
  // A campaign send to an email address or phone is not a push.
  [eventTypeOf('push', 'send')]: {
    condition: `element_at(attributes, 'delivery_type') IN (${PUSH_DELIVERY_TYPES.map(sqlString).join(', ')})`,
    failedWhen: "coalesce(element_at(attributes, 'campaign_send_status'), 'SUCCESS') <> 'SUCCESS'",
  },
};

/** The message event types, channel by channel, in the declaration's order. */
export const MESSAGE_EVENT_TYPES: readonly MessageEventType[] = DECLARED.map(type => ({ ...type, ...CONDITIONS[type.eventType] }));

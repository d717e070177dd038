import { Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import { Construct } from 'constructs';
import { EventDestinationFunction } from './event-destination-function';
import { IEventsDatabase } from '../../database/events-database-ref';
import { LambdaBackedResource } from '../lambda-backed-resource';
import { createServiceWriterRole } from '../service-writer-role';

/** Properties of an `SmsVoiceEventDestination`. */
export interface SmsVoiceEventDestinationProps {
  /** The events database that receives the events. It may be imported from another stack. */
  readonly database: IEventsDatabase;

  /**
   * An existing AWS End User Messaging SMS and voice (v2) configuration set to add the destination to (for
   * instance `smsvoice.CfnConfigurationSet.fromConfigurationSetName(...)`). Give this or `configurationSetName`,
   * or neither to have a set created.
   *
   * @default - the set named by `configurationSetName`, or a new configuration set, with the destination
   */
  readonly configurationSet?: smsvoice.IConfigurationSetRef;

  /**
   * The name of an existing AWS End User Messaging SMS and voice (v2) configuration set to add the destination to.
   * Give this or `configurationSet`, or neither to have a set created.
   *
   * @default - the set given as `configurationSet`, or a new configuration set, with the destination
   */
  readonly configurationSetName?: string;

  /**
   * The event types to publish, as the SMS and voice v2 API names them (`ALL`, `TEXT_ALL`, `TEXT_DELIVERED`,
   * `VOICE_ALL`, `MEDIA_ALL`, ...).
   *
   * @default ['ALL']
   * @see https://docs.aws.amazon.com/pinpoint/latest/apireference_smsvoicev2/API_EventDestination.html
   */
  readonly matchingEventTypes?: string[];

  /**
   * The name of the event destination within the configuration set.
   *
   * @default - a name derived from the construct's path
   */
  readonly eventDestinationName?: string;
}

/** Configuration set and event destination names: letters, digits, underscores and dashes, at most 64. */
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const EVENT_TYPE_PATTERN = /^[A-Z][A-Z0-9_]*$/;

function validateName(prop: string, value: string): void {
  if (!Token.isUnresolved(value) && !NAME_PATTERN.test(value)) {
    throw new Error(`SmsVoiceEventDestination: ${prop} '${value}' is invalid: use 1 to 64 letters, digits, underscores (_) and dashes (-).`);
  }
}

/**
 * Publishes AWS End User Messaging SMS, MMS and voice (v2) events to an events database's delivery stream, from a
 * configuration set this construct creates or from an existing one.
 */
export class SmsVoiceEventDestination extends Construct {
  /** The role End User Messaging assumes to write to the delivery stream. */
  public readonly role: iam.IRole;
  /** The name of the configuration set that publishes the events. */
  public readonly configurationSetName: string;
  /** The name of the event destination within the configuration set. */
  public readonly eventDestinationName: string;
  /** The configuration set, when this construct created it. */
  public readonly configurationSet?: smsvoice.CfnConfigurationSet;

  /**
   * @param scope the construct to add the event destination to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: SmsVoiceEventDestinationProps) {
    super(scope, id);
    if (props.configurationSet !== undefined && props.configurationSetName !== undefined) {
      throw new Error(`SmsVoiceEventDestination ${this.node.path}: give the existing configuration set as either configurationSet or `
        + 'configurationSetName (its name), not both; or neither to have one created.');
    }
    if (props.configurationSetName !== undefined) {
      validateName('configurationSetName', props.configurationSetName);
    }
    if (props.eventDestinationName !== undefined) {
      validateName('eventDestinationName', props.eventDestinationName);
    }
    const matchingEventTypes = props.matchingEventTypes ?? ['ALL'];
    if (matchingEventTypes.length === 0) {
      throw new Error('SmsVoiceEventDestination: matchingEventTypes is empty: list at least one event type, or leave it out to publish ALL.');
    }
    for (const eventType of matchingEventTypes) {
      if (!Token.isUnresolved(eventType) && !EVENT_TYPE_PATTERN.test(eventType)) {
        throw new Error(`SmsVoiceEventDestination: matchingEventTypes has '${eventType}', which is not an event type name: `
          + 'use the API\'s upper-case names such as ALL, TEXT_ALL, TEXT_DELIVERED, VOICE_ALL or MEDIA_ALL.');
      }
    }

    // A created set gets its name at synth time: the role's trust policy names the set, and the set names the
    // role, so a name CloudFormation generated would make the two depend on each other.
    const existing = props.configurationSet?.configurationSetRef;
    this.configurationSetName = existing?.configurationSetName ?? props.configurationSetName
      ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    this.eventDestinationName = props.eventDestinationName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });

    const configurationSetArn = existing?.configurationSetArn
      ?? Stack.of(this).formatArn({ service: 'sms-voice', resource: 'configuration-set', resourceName: this.configurationSetName });
    const deliveryStreamArn = props.database.deliveryStream.deliveryStreamArn;
    const { role, grant } = createServiceWriterRole(this, 'Role', {
      database: props.database,
      service: 'sms-voice.amazonaws.com',
      sourceArn: configurationSetArn,
      description: 'Lets End User Messaging put the configuration set\'s events into the events database',
    });
    this.role = role;

    if (existing === undefined && props.configurationSetName === undefined) {
      this.configurationSet = new smsvoice.CfnConfigurationSet(this, 'ConfigurationSet', {
        configurationSetName: this.configurationSetName,
        eventDestinations: [{
          eventDestinationName: this.eventDestinationName,
          enabled: true,
          matchingEventTypes,
          kinesisFirehoseDestination: { deliveryStreamArn, iamRoleArn: role.roleArn },
        }],
      });
      grant.applyBefore(this.configurationSet);
    } else {
      const destination = new LambdaBackedResource(this, 'Destination', {
        createFunction: (fnScope, fnId, options) => new EventDestinationFunction(fnScope, fnId, options),
        resourceType: 'Custom::SmsVoiceEventDestination',
        statements: [
          new iam.PolicyStatement({
            actions: ['sms-voice:CreateEventDestination', 'sms-voice:UpdateEventDestination', 'sms-voice:DeleteEventDestination'],
            resources: [configurationSetArn],
          }),
          new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [role.roleArn] }),
        ],
        properties: {
          ConfigurationSetName: this.configurationSetName,
          EventDestinationName: this.eventDestinationName,
          MatchingEventTypes: matchingEventTypes,
          DeliveryStreamArn: deliveryStreamArn,
          RoleArn: role.roleArn,
        },
      });
      grant.applyBefore(destination.resource);
    }
  }
}

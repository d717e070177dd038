import { Aws, Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { PinpointDestinationFunction } from './pinpoint-destination-function';
import { IEventsDatabase } from '../../database/events-database-ref';
import { LambdaBackedResource } from '../lambda-backed-resource';

/** How an SES configuration set's events reach the events database. */
export enum SesEventRoute {
  /**
   * The configuration set publishes its events straight to the database's delivery stream, where the record
   * processor turns them into the Pinpoint record shape. Needs no Pinpoint project.
   */
  DIRECT = 'DIRECT',
  /**
   * The configuration set publishes to a Pinpoint project, which streams them on (with a `PinpointEventStream`
   * to the same database) as Pinpoint `_email.*` events. This is how the original solution collected SES events;
   * it depends on Amazon Pinpoint, which reached end of support on 2026-10-30.
   */
  THROUGH_PINPOINT = 'THROUGH_PINPOINT',
}

/** Properties of an `SesConfigSetDestination`. */
export interface SesConfigSetDestinationProps {
  /** The events database that receives the events. It may be imported from another stack. */
  readonly database: IEventsDatabase;

  /** The name of an existing SES configuration set whose events to publish. */
  readonly configurationSetName: string;

  /**
   * The email sending events to publish.
   *
   * @default - every event type
   */
  readonly eventTypes?: ses.EmailSendingEvent[];

  /**
   * How the events reach the database.
   *
   * @default SesEventRoute.DIRECT
   */
  readonly mode?: SesEventRoute;

  /**
   * The Pinpoint project that receives the events with `SesEventRoute.THROUGH_PINPOINT` (for instance
   * `pinpointEventStream.applicationId`). Only used, and then required, with that route.
   *
   * @default - none
   */
  readonly applicationId?: string;

  /**
   * The name of the event destination within the configuration set.
   *
   * @default - a name derived from the construct's path
   */
  readonly eventDestinationName?: string;
}

/** SES names (configuration sets, event destinations): letters, digits, underscores and dashes, at most 64. */
const SES_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

function validateName(prop: string, value: string): void {
  if (!Token.isUnresolved(value) && !SES_NAME_PATTERN.test(value)) {
    throw new Error(`SesConfigSetDestination: ${prop} '${value}' is invalid: use 1 to 64 letters, digits, underscores (_) and dashes (-).`);
  }
}

/** The SESv2 API spells event types in upper snake case (`RENDERING_FAILURE`), CloudFormation in camel case. */
function apiEventType(event: ses.EmailSendingEvent): string {
  return String(event).replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

/**
 * Publishes an existing SES configuration set's email events to an events database: straight to its delivery
 * stream (the default), or through a Pinpoint project.
 */
export class SesConfigSetDestination extends Construct {
  /** The name of the event destination within the configuration set. */
  public readonly eventDestinationName: string;
  /** The role SES assumes to write to the delivery stream (`SesEventRoute.DIRECT` only). */
  public readonly role?: iam.IRole;
  /** The route the events take. */
  public readonly mode: SesEventRoute;

  /**
   * @param scope the construct to add the event destination to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: SesConfigSetDestinationProps) {
    super(scope, id);
    this.mode = props.mode ?? SesEventRoute.DIRECT;
    validateName('configurationSetName', props.configurationSetName);
    if (props.eventDestinationName !== undefined) {
      validateName('eventDestinationName', props.eventDestinationName);
    }
    this.eventDestinationName = props.eventDestinationName ?? Names.uniqueResourceName(this, { maxLength: 64, separator: '-' });
    const eventTypes = props.eventTypes ?? Object.values(ses.EmailSendingEvent);
    if (eventTypes.length === 0) {
      throw new Error('SesConfigSetDestination: eventTypes is empty: list at least one event type, or leave it out to publish every type.');
    }
    if (new Set(eventTypes).size !== eventTypes.length) {
      throw new Error(`SesConfigSetDestination: eventTypes lists an event type more than once: ${eventTypes.join(', ')}.`);
    }

    if (this.mode === SesEventRoute.DIRECT) {
      if (props.applicationId !== undefined) {
        throw new Error('SesConfigSetDestination: applicationId is only used with mode SesEventRoute.THROUGH_PINPOINT; remove it, or set that mode.');
      }
      this.role = this.publishDirectly(props, eventTypes);
    } else {
      if (props.applicationId === undefined) {
        throw new Error('SesConfigSetDestination: applicationId is required with mode SesEventRoute.THROUGH_PINPOINT: give the Pinpoint project '
          + 'that receives the events (e.g. pinpointEventStream.applicationId), or use SesEventRoute.DIRECT.');
      }
      this.publishThroughPinpoint(props, props.applicationId, eventTypes);
    }
  }

  private publishDirectly(props: SesConfigSetDestinationProps, eventTypes: ses.EmailSendingEvent[]): iam.IRole {
    const stack = Stack.of(this);
    const configurationSetArn = stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSetName });
    // aws-cdk-lib's default role is equivalent; ours is declared here so that it is a public field and its
    // conditions do not depend on the aws-cdk-lib version.
    const role = new iam.Role(this, 'Role', {
      description: 'Lets SES put the configuration set\'s events into the events database',
      assumedBy: new iam.ServicePrincipal('ses.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID, 'aws:SourceArn': configurationSetArn },
        },
      }),
      inlinePolicies: {
        PutEvents: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({
            actions: ['firehose:PutRecordBatch'],
            resources: [props.database.deliveryStream.deliveryStreamArn],
          })],
        }),
      },
    });
    new ses.ConfigurationSetEventDestination(this, 'Destination', {
      configurationSet: ses.ConfigurationSet.fromConfigurationSetName(this, 'ConfigurationSet', props.configurationSetName),
      configurationSetEventDestinationName: this.eventDestinationName,
      destination: ses.EventDestination.firehoseDeliveryStream({ deliveryStream: props.database.deliveryStream, role }),
      events: eventTypes,
    });
    return role;
  }

  private publishThroughPinpoint(props: SesConfigSetDestinationProps, applicationId: string, eventTypes: ses.EmailSendingEvent[]): void {
    const stack = Stack.of(this);
    const configurationSetArn = stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: props.configurationSetName });
    new LambdaBackedResource(this, 'Destination', {
      createFunction: (fnScope, fnId, options) => new PinpointDestinationFunction(fnScope, fnId, options),
      resourceType: 'Custom::SesPinpointEventDestination',
      statements: [new iam.PolicyStatement({
        actions: [
          'ses:CreateConfigurationSetEventDestination',
          'ses:UpdateConfigurationSetEventDestination',
          'ses:DeleteConfigurationSetEventDestination',
        ],
        resources: [configurationSetArn],
      })],
      properties: {
        ConfigurationSetName: props.configurationSetName,
        EventDestinationName: this.eventDestinationName,
        ApplicationArn: `arn:${Aws.PARTITION}:mobiletargeting:${Aws.REGION}:${Aws.ACCOUNT_ID}:apps/${applicationId}`,
        MatchingEventTypes: eventTypes.map(apiEventType),
        Enabled: true,
      },
    });
  }
}

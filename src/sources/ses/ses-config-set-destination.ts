import { Names, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { PinpointDestinationFunction } from './pinpoint-destination-function';
import { IEventsDatabase } from '../../database/events-database-ref';
import { LambdaBackedResource } from '../lambda-backed-resource';
import { checkApplicationId, pinpointApplicationArn } from '../pinpoint/pinpoint-application';
import { createServiceWriterRole } from '../service-writer-role';

/** How an SES configuration set's events reach the events database. */
export class SesEventRoute {
  /**
   * The configuration set publishes its events straight to the database's delivery stream, where the record
   * processor turns them into the Pinpoint record shape. Needs no Pinpoint project.
   */
  public static direct(): SesEventRoute {
    return new SesEventRoute(undefined);
  }

  /**
   * The configuration set publishes to a Pinpoint project, which streams them on (with a `PinpointEventStream`
   * to the same database) as Pinpoint `_email.*` events. This is how the original solution collected SES events;
   * it depends on Amazon Pinpoint, which reached end of support on 2026-10-30.
   *
   * @param applicationId the Pinpoint project that receives the events (for instance `pinpointEventStream.applicationId`)
   */
  public static throughPinpoint(applicationId: string): SesEventRoute {
    checkApplicationId('SesEventRoute.throughPinpoint: applicationId', applicationId);
    return new SesEventRoute(applicationId);
  }

  /** The Pinpoint project the events go through, with `throughPinpoint`; undefined when they go straight to the database. */
  public readonly applicationId?: string;

  private constructor(applicationId: string | undefined) {
    this.applicationId = applicationId;
  }
}

/** Properties of an `SesConfigSetDestination`. */
export interface SesConfigSetDestinationProps {
  /** The events database that receives the events. It may be imported from another stack. */
  readonly database: IEventsDatabase;

  /**
   * The SES configuration set whose events to publish. Give either this or `configurationSetName`.
   *
   * @default - the set named by `configurationSetName`
   */
  readonly configurationSet?: ses.IConfigurationSet;

  /**
   * The name of an existing SES configuration set whose events to publish. Give either this or `configurationSet`.
   *
   * @default - the set given as `configurationSet`
   */
  readonly configurationSetName?: string;

  /**
   * The email sending events to publish.
   *
   * @default - every event type
   */
  readonly eventTypes?: ses.EmailSendingEvent[];

  /**
   * How the events reach the database.
   *
   * @default SesEventRoute.direct()
   */
  readonly route?: SesEventRoute;

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
 * Publishes an SES configuration set's email events to an events database: straight to its delivery stream (the
 * default), or through a Pinpoint project.
 */
export class SesConfigSetDestination extends Construct {
  /** The name of the configuration set that publishes the events. */
  public readonly configurationSetName: string;
  /** The name of the event destination within the configuration set. */
  public readonly eventDestinationName: string;
  /** The role SES assumes to write to the delivery stream (`SesEventRoute.direct()` only). */
  public readonly role?: iam.IRole;
  /** The route the events take. */
  public readonly route: SesEventRoute;

  /**
   * @param scope the construct to add the event destination to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: SesConfigSetDestinationProps) {
    super(scope, id);
    if ((props.configurationSet === undefined) === (props.configurationSetName === undefined)) {
      throw new Error(`SesConfigSetDestination ${this.node.path}: give the configuration set as either configurationSet or `
        + 'configurationSetName (its name), not both and not neither.');
    }
    if (props.configurationSetName !== undefined) {
      validateName('configurationSetName', props.configurationSetName);
    }
    this.configurationSetName = props.configurationSet?.configurationSetName ?? props.configurationSetName!;
    this.route = props.route ?? SesEventRoute.direct();
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

    if (this.route.applicationId === undefined) {
      this.role = this.publishDirectly(props.database, props.configurationSet, eventTypes);
    } else {
      this.publishThroughPinpoint(this.route.applicationId, eventTypes);
    }
  }

  private get configurationSetArn(): string {
    return Stack.of(this).formatArn({ service: 'ses', resource: 'configuration-set', resourceName: this.configurationSetName });
  }

  private publishDirectly(
    database: IEventsDatabase, configurationSet: ses.IConfigurationSet | undefined, eventTypes: ses.EmailSendingEvent[],
  ): iam.IRole {
    // aws-cdk-lib's default role is equivalent; ours is declared here so that it is a public field and its
    // conditions do not depend on the aws-cdk-lib version.
    const { role, grant } = createServiceWriterRole(this, 'Role', {
      database,
      service: 'ses.amazonaws.com',
      sourceArn: this.configurationSetArn,
      description: 'Lets SES put the configuration set\'s events into the events database',
    });
    const destination = new ses.ConfigurationSetEventDestination(this, 'Destination', {
      configurationSet: configurationSet ?? ses.ConfigurationSet.fromConfigurationSetName(this, 'ConfigurationSet', this.configurationSetName),
      configurationSetEventDestinationName: this.eventDestinationName,
      destination: ses.EventDestination.firehoseDeliveryStream({ deliveryStream: database.deliveryStream, role }),
      events: eventTypes,
    });
    grant.applyBefore(destination);
    return role;
  }

  private publishThroughPinpoint(applicationId: string, eventTypes: ses.EmailSendingEvent[]): void {
    new LambdaBackedResource(this, 'Destination', {
      createFunction: (fnScope, fnId, options) => new PinpointDestinationFunction(fnScope, fnId, options),
      resourceType: 'Custom::SesPinpointEventDestination',
      statements: [new iam.PolicyStatement({
        actions: [
          'ses:CreateConfigurationSetEventDestination',
          'ses:UpdateConfigurationSetEventDestination',
          'ses:DeleteConfigurationSetEventDestination',
        ],
        resources: [this.configurationSetArn],
      })],
      properties: {
        ConfigurationSetName: this.configurationSetName,
        EventDestinationName: this.eventDestinationName,
        ApplicationArn: pinpointApplicationArn(applicationId),
        MatchingEventTypes: eventTypes.map(apiEventType),
        Enabled: true,
      },
    });
  }
}

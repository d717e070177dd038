import {
  CreateConfigurationSetEventDestinationCommand, DeleteConfigurationSetEventDestinationCommand, EventDestinationDefinition,
  EventType, SESv2Client, UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import {
  CustomResourceEvent, CustomResourceResult, applyLifecycle, booleanProperty, customResourceHandler, listProperty, requiredProperty,
} from '../custom-resource.lambda-shared';
import { EventDestinationProperties, eventDestinationLifecycle } from '../event-destination.lambda-shared';

/** The custom resource's properties, as the construct sets them. */
interface PinpointDestinationProperties extends EventDestinationProperties {
  readonly applicationArn: string;
  readonly matchingEventTypes: EventType[];
  readonly enabled: boolean;
}

function propertiesOf(raw: Record<string, unknown>): PinpointDestinationProperties {
  return {
    configurationSetName: requiredProperty(raw, 'ConfigurationSetName'),
    eventDestinationName: requiredProperty(raw, 'EventDestinationName'),
    applicationArn: requiredProperty(raw, 'ApplicationArn'),
    matchingEventTypes: listProperty(raw, 'MatchingEventTypes') as EventType[],
    enabled: raw.Enabled === undefined ? true : booleanProperty(raw, 'Enabled'),
  };
}

function definitionOf(props: PinpointDestinationProperties): EventDestinationDefinition {
  return {
    Enabled: props.enabled,
    MatchingEventTypes: props.matchingEventTypes,
    PinpointDestination: { ApplicationArn: props.applicationArn },
  };
}

/** Create, update or delete an SES configuration set event destination that publishes to a Pinpoint project. */
export function onPinpointDestinationEvent(event: CustomResourceEvent, client: SESv2Client): Promise<CustomResourceResult> {
  const destination = (props: PinpointDestinationProperties) => ({
    ConfigurationSetName: props.configurationSetName,
    EventDestinationName: props.eventDestinationName,
  });
  return applyLifecycle(event, eventDestinationLifecycle(propertiesOf, {
    service: 'SES',
    physicalIdPrefix: 'ses-destination',
    notFoundError: 'NotFoundException',
    alreadyExistsError: 'AlreadyExistsException',
    create: props => client.send(new CreateConfigurationSetEventDestinationCommand({ ...destination(props), EventDestination: definitionOf(props) })),
    update: props => client.send(new UpdateConfigurationSetEventDestinationCommand({ ...destination(props), EventDestination: definitionOf(props) })),
    delete: props => client.send(new DeleteConfigurationSetEventDestinationCommand(destination(props))),
  }));
}

const ses = new SESv2Client({});

/** The Lambda entry point. */
export const handler = customResourceHandler(event => onPinpointDestinationEvent(event, ses));

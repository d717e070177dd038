import {
  CreateConfigurationSetEventDestinationCommand, DeleteConfigurationSetEventDestinationCommand, EventDestinationDefinition,
  EventType, SESv2Client, UpdateConfigurationSetEventDestinationCommand,
} from '@aws-sdk/client-sesv2';
import {
  CustomResourceEvent, CustomResourceResult, applyLifecycle, booleanProperty, customResourceHandler, errorName, listProperty, log,
  requiredProperty,
} from '../custom-resource.lambda-shared';

/** The custom resource's properties, as the construct sets them. */
interface PinpointDestinationProperties {
  readonly configurationSetName: string;
  readonly eventDestinationName: string;
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

/** A destination is named within its configuration set. */
export function physicalIdOf(props: { configurationSetName: string; eventDestinationName: string }): string {
  return `ses-destination:${props.configurationSetName}/${props.eventDestinationName}`;
}

function definitionOf(props: PinpointDestinationProperties): EventDestinationDefinition {
  return {
    Enabled: props.enabled,
    MatchingEventTypes: props.matchingEventTypes,
    PinpointDestination: { ApplicationArn: props.applicationArn },
  };
}

async function create(client: SESv2Client, props: PinpointDestinationProperties): Promise<void> {
  try {
    await client.send(new CreateConfigurationSetEventDestinationCommand({
      ConfigurationSetName: props.configurationSetName,
      EventDestinationName: props.eventDestinationName,
      EventDestination: definitionOf(props),
    }));
  } catch (error) {
    if (errorName(error) === 'AlreadyExistsException') {
      throw new Error(`SES configuration set ${props.configurationSetName} already has an event destination named `
        + `${props.eventDestinationName}. Choose another eventDestinationName, or remove the existing destination first.`);
    }
    if (errorName(error) === 'NotFoundException') {
      throw new Error(`SES configuration set ${props.configurationSetName} does not exist in this account and Region: `
        + 'create it before adding the destination.');
    }
    throw error;
  }
  log('Event destination created', { configurationSet: props.configurationSetName, destination: props.eventDestinationName });
}

async function update(client: SESv2Client, props: PinpointDestinationProperties): Promise<void> {
  try {
    await client.send(new UpdateConfigurationSetEventDestinationCommand({
      ConfigurationSetName: props.configurationSetName,
      EventDestinationName: props.eventDestinationName,
      EventDestination: definitionOf(props),
    }));
    log('Event destination updated', { configurationSet: props.configurationSetName, destination: props.eventDestinationName });
  } catch (error) {
    if (errorName(error) !== 'NotFoundException') {
      throw error;
    }
    // Removed outside this stack: put it back as configured.
    log('Event destination missing; creating it again', { configurationSet: props.configurationSetName, destination: props.eventDestinationName });
    await create(client, props);
  }
}

async function remove(client: SESv2Client, props: PinpointDestinationProperties): Promise<void> {
  try {
    await client.send(new DeleteConfigurationSetEventDestinationCommand({
      ConfigurationSetName: props.configurationSetName,
      EventDestinationName: props.eventDestinationName,
    }));
    log('Event destination deleted', { configurationSet: props.configurationSetName, destination: props.eventDestinationName });
  } catch (error) {
    if (errorName(error) !== 'NotFoundException') {
      throw error;
    }
    log('Event destination already gone', { configurationSet: props.configurationSetName, destination: props.eventDestinationName });
  }
}

/** Create, update or delete an SES configuration set event destination that publishes to a Pinpoint project. */
export function onPinpointDestinationEvent(event: CustomResourceEvent, client: SESv2Client): Promise<CustomResourceResult> {
  return applyLifecycle<PinpointDestinationProperties>(event, {
    propertiesOf,
    physicalIdOf,
    create: props => create(client, props),
    update: props => update(client, props),
    delete: props => remove(client, props),
  });
}

const ses = new SESv2Client({});

/** The Lambda entry point. */
export const handler = customResourceHandler(event => onPinpointDestinationEvent(event, ses));

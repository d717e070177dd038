import {
  CreateEventDestinationCommand, DeleteEventDestinationCommand, EventType, PinpointSMSVoiceV2Client, UpdateEventDestinationCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  CustomResourceEvent, CustomResourceResult, DEFAULT_RETRY, RetryOptions, applyLifecycle, customResourceHandler, errorName,
  listProperty, log, requiredProperty, retryWhileRolePropagates,
} from '../custom-resource.lambda-shared';

/** The custom resource's properties, as the construct sets them. */
interface FirehoseDestinationProperties {
  readonly configurationSetName: string;
  readonly eventDestinationName: string;
  readonly matchingEventTypes: EventType[];
  readonly deliveryStreamArn: string;
  readonly roleArn: string;
}

function propertiesOf(raw: Record<string, unknown>): FirehoseDestinationProperties {
  return {
    configurationSetName: requiredProperty(raw, 'ConfigurationSetName'),
    eventDestinationName: requiredProperty(raw, 'EventDestinationName'),
    matchingEventTypes: listProperty(raw, 'MatchingEventTypes') as EventType[],
    deliveryStreamArn: requiredProperty(raw, 'DeliveryStreamArn'),
    roleArn: requiredProperty(raw, 'RoleArn'),
  };
}

/** A destination is named within its configuration set. */
export function physicalIdOf(props: { configurationSetName: string; eventDestinationName: string }): string {
  return `sms-voice-destination:${props.configurationSetName}/${props.eventDestinationName}`;
}

function firehoseOf(props: FirehoseDestinationProperties) {
  return { DeliveryStreamArn: props.deliveryStreamArn, IamRoleArn: props.roleArn };
}

async function create(client: PinpointSMSVoiceV2Client, props: FirehoseDestinationProperties, retry: RetryOptions): Promise<void> {
  try {
    await retryWhileRolePropagates(() => client.send(new CreateEventDestinationCommand({
      ConfigurationSetName: props.configurationSetName,
      EventDestinationName: props.eventDestinationName,
      MatchingEventTypes: props.matchingEventTypes,
      KinesisFirehoseDestination: firehoseOf(props),
    })), retry);
  } catch (error) {
    if (errorName(error) === 'ConflictException') {
      throw new Error(`End User Messaging configuration set ${props.configurationSetName} already has an event destination named `
        + `${props.eventDestinationName}. Choose another eventDestinationName, or remove the existing destination first. (${(error as Error).message})`);
    }
    if (errorName(error) === 'ResourceNotFoundException') {
      throw new Error(`End User Messaging configuration set ${props.configurationSetName} does not exist in this account and Region: `
        + `create it before adding the destination. (${(error as Error).message})`);
    }
    throw error;
  }
  log('Event destination created', { configurationSet: props.configurationSetName, destination: props.eventDestinationName });
}

async function update(client: PinpointSMSVoiceV2Client, props: FirehoseDestinationProperties, retry: RetryOptions): Promise<void> {
  try {
    await retryWhileRolePropagates(() => client.send(new UpdateEventDestinationCommand({
      ConfigurationSetName: props.configurationSetName,
      EventDestinationName: props.eventDestinationName,
      Enabled: true,
      MatchingEventTypes: props.matchingEventTypes,
      KinesisFirehoseDestination: firehoseOf(props),
    })), retry);
    log('Event destination updated', { configurationSet: props.configurationSetName, destination: props.eventDestinationName });
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') {
      throw error;
    }
    log('Event destination missing; creating it again', { configurationSet: props.configurationSetName, destination: props.eventDestinationName });
    await create(client, props, retry);
  }
}

async function remove(client: PinpointSMSVoiceV2Client, props: FirehoseDestinationProperties): Promise<void> {
  try {
    await client.send(new DeleteEventDestinationCommand({
      ConfigurationSetName: props.configurationSetName,
      EventDestinationName: props.eventDestinationName,
    }));
    log('Event destination deleted', { configurationSet: props.configurationSetName, destination: props.eventDestinationName });
  } catch (error) {
    if (errorName(error) !== 'ResourceNotFoundException') {
      throw error;
    }
    log('Event destination already gone', { configurationSet: props.configurationSetName, destination: props.eventDestinationName });
  }
}

/** Create, update or delete a Firehose event destination on an existing End User Messaging configuration set. */
export function onEventDestinationEvent(
  event: CustomResourceEvent, client: PinpointSMSVoiceV2Client, retry: RetryOptions = DEFAULT_RETRY,
): Promise<CustomResourceResult> {
  return applyLifecycle<FirehoseDestinationProperties>(event, {
    propertiesOf,
    physicalIdOf,
    create: props => create(client, props, retry),
    update: props => update(client, props, retry),
    delete: props => remove(client, props),
  });
}

const smsVoice = new PinpointSMSVoiceV2Client({});

/** The Lambda entry point. */
export const handler = customResourceHandler(event => onEventDestinationEvent(event, smsVoice));

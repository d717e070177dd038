import {
  CreateEventDestinationCommand, DeleteEventDestinationCommand, EventType, PinpointSMSVoiceV2Client, UpdateEventDestinationCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  CustomResourceEvent, CustomResourceResult, DEFAULT_RETRY, RetryOptions, applyLifecycle, customResourceHandler, listProperty,
  requiredProperty, retryWhileRolePropagates,
} from '../custom-resource.lambda-shared';
import { EventDestinationProperties, eventDestinationLifecycle } from '../event-destination.lambda-shared';

/** The custom resource's properties, as the construct sets them. */
interface FirehoseDestinationProperties extends EventDestinationProperties {
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

/** Create, update or delete a Firehose event destination on an existing End User Messaging configuration set. */
export function onEventDestinationEvent(
  event: CustomResourceEvent, client: PinpointSMSVoiceV2Client, retry: RetryOptions = DEFAULT_RETRY,
): Promise<CustomResourceResult> {
  const destination = (props: FirehoseDestinationProperties) => ({
    ConfigurationSetName: props.configurationSetName,
    EventDestinationName: props.eventDestinationName,
  });
  const firehose = (props: FirehoseDestinationProperties) => ({
    MatchingEventTypes: props.matchingEventTypes,
    KinesisFirehoseDestination: { DeliveryStreamArn: props.deliveryStreamArn, IamRoleArn: props.roleArn },
  });
  return applyLifecycle(event, eventDestinationLifecycle(propertiesOf, {
    service: 'End User Messaging',
    physicalIdPrefix: 'sms-voice-destination',
    notFoundError: 'ResourceNotFoundException',
    alreadyExistsError: 'ConflictException',
    // The service checks that it can assume the role when a destination is created or changed.
    create: props => retryWhileRolePropagates(() => client.send(new CreateEventDestinationCommand({
      ...destination(props), ...firehose(props),
    })), retry),
    update: props => retryWhileRolePropagates(() => client.send(new UpdateEventDestinationCommand({
      ...destination(props), ...firehose(props), Enabled: true,
    })), retry),
    delete: props => client.send(new DeleteEventDestinationCommand(destination(props))),
  }));
}

const smsVoice = new PinpointSMSVoiceV2Client({});

/** The Lambda entry point. */
export const handler = customResourceHandler(event => onEventDestinationEvent(event, smsVoice));

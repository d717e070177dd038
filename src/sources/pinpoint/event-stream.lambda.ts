import { DeleteEventStreamCommand, GetEventStreamCommand, PinpointClient, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import {
  CustomResourceEvent, CustomResourceResult, DEFAULT_RETRY, RetryOptions, applyLifecycle, booleanProperty, customResourceHandler, errorName,
  log, requiredProperty, retryWhileRolePropagates,
} from '../custom-resource.lambda-shared';

/** The custom resource's properties, as the construct sets them. */
interface EventStreamProperties {
  readonly applicationId: string;
  readonly destinationStreamArn: string;
  readonly roleArn: string;
  readonly replaceExistingStream: boolean;
}

function propertiesOf(raw: Record<string, unknown>): EventStreamProperties {
  return {
    applicationId: requiredProperty(raw, 'ApplicationId'),
    destinationStreamArn: requiredProperty(raw, 'DestinationStreamArn'),
    roleArn: requiredProperty(raw, 'RoleArn'),
    replaceExistingStream: booleanProperty(raw, 'ReplaceExistingStream'),
  };
}

/** A project has at most one event stream, so the project identifies ours. */
export function physicalIdOf(applicationId: string): string {
  return `eventstream:${applicationId}`;
}

/** The destination of the project's current event stream, if it has one. */
async function currentDestination(client: PinpointClient, applicationId: string): Promise<string | undefined> {
  try {
    const response = await client.send(new GetEventStreamCommand({ ApplicationId: applicationId }));
    return response.EventStream?.DestinationStreamArn;
  } catch (error) {
    if (errorName(error) === 'NotFoundException') {
      return undefined;
    }
    throw error;
  }
}

/**
 * Puts our stream on the project unless the project already streams somewhere else that we may not replace.
 * `alsoOurs` is a destination we put before (the previous configuration during an update).
 */
async function putStream(client: PinpointClient, props: EventStreamProperties, retry: RetryOptions, alsoOurs?: string): Promise<void> {
  const existing = await currentDestination(client, props.applicationId);
  if (existing !== undefined && existing !== props.destinationStreamArn && existing !== alsoOurs) {
    if (!props.replaceExistingStream) {
      throw new Error(`Pinpoint project ${props.applicationId} already streams its events to ${existing}, and a project has only one `
        + 'event stream. To send them to the events database instead, set replaceExistingStream: true on PinpointEventStream, '
        + `or remove the existing stream first (aws pinpoint delete-event-stream --application-id ${props.applicationId}).`);
    }
    log('Replacing the existing event stream', { applicationId: props.applicationId, previousDestination: existing });
  }
  await retryWhileRolePropagates(() => client.send(new PutEventStreamCommand({
    ApplicationId: props.applicationId,
    WriteEventStream: { DestinationStreamArn: props.destinationStreamArn, RoleArn: props.roleArn },
  })), retry);
  log('Event stream put', { applicationId: props.applicationId, destination: props.destinationStreamArn });
}

/** Deletes the project's event stream only while it still sends to our destination. */
async function deleteOurStream(client: PinpointClient, props: EventStreamProperties): Promise<void> {
  const existing = await currentDestination(client, props.applicationId);
  if (existing !== props.destinationStreamArn) {
    log('Leaving the event stream alone: it is not ours', { applicationId: props.applicationId, destination: existing ?? null });
    return;
  }
  try {
    await client.send(new DeleteEventStreamCommand({ ApplicationId: props.applicationId }));
    log('Event stream deleted', { applicationId: props.applicationId });
  } catch (error) {
    if (errorName(error) !== 'NotFoundException') {
      throw error;
    }
  }
}

/** Create, update or delete the event stream of a Pinpoint project. */
export function onEventStreamEvent(
  event: CustomResourceEvent, client: PinpointClient, retry: RetryOptions = DEFAULT_RETRY,
): Promise<CustomResourceResult> {
  return applyLifecycle(event, {
    propertiesOf,
    // A project has at most one event stream, so the project identifies ours; another project is another
    // resource, and CloudFormation's Delete of the previous one removes our stream there.
    physicalIdOf: props => physicalIdOf(props.applicationId),
    create: props => putStream(client, props, retry),
    update: (props, previous) => putStream(client, props, retry, previous.destinationStreamArn),
    delete: props => deleteOurStream(client, props),
  });
}

const pinpoint = new PinpointClient({});

/** The Lambda entry point. */
export const handler = customResourceHandler(event => onEventStreamEvent(event, pinpoint));

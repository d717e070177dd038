/**
 * Every custom resource of the library through every request CloudFormation sends it, answered the way
 * CloudFormation reads the answer (the handler's response at the pre-signed URL): Create, Update in place and to a
 * new physical ID, the rollback of each (the old properties sent back while the resources of the old and the new
 * properties may both exist), Delete, the Delete after a failed Create, and every request delivered twice, as
 * CloudFormation does when it gets no answer: the second delivery must succeed and change nothing.
 *
 * The Pinpoint event stream runs against moto_server; moto implements neither SES nor End User Messaging event
 * destinations, so those run against the scripted services of `configuration-sets.ts`.
 */
import { CreateAppCommand, GetEventStreamCommand, PinpointClient, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createRequest, deleteRequest, updateRequest } from './cfn-events';
import { SesConfigurationSets, SmsVoiceConfigurationSets } from './configuration-sets';
import { ResponseCollector } from './response-collector';
import { motoClientConfig } from './support';
import { MotoServer, startMoto } from '../../fixtures/moto';
import { CREATE_FAILED_PREFIX, CustomResourceEvent, CustomResourceResult, customResourceHandler } from '../../src/sources/custom-resource.lambda-shared';
import { onEventStreamEvent } from '../../src/sources/pinpoint/event-stream.lambda';
import { onPinpointDestinationEvent } from '../../src/sources/ses/pinpoint-destination.lambda';
import { onEventDestinationEvent } from '../../src/sources/sms-voice/event-destination.lambda';

type Properties = Record<string, unknown>;

/** One custom resource in a service of its own, for one test. */
interface World {
  /** The properties it is created with. */
  readonly original: Properties;
  /** Changed in place: same physical ID. */
  readonly changed: Properties;
  /** Another physical ID: a replacement. */
  readonly replacement: Properties;
  /** Serves a request with the resource's operation. */
  operation(event: CustomResourceEvent): Promise<CustomResourceResult>;
  /** What the service holds where `props` put the resource (undefined for nothing), in the shape `configuredAs` gives. */
  found(props: Properties): Promise<unknown>;
  /** Everything the handler could have changed, to compare before and after a request. */
  state(): Promise<unknown>;
  /** Puts someone else's resource where `props` would put ours. */
  occupy(props: Properties): Promise<void>;
}

/** A custom resource, and how to read what the service holds. */
interface Subject {
  readonly name: string;
  physicalIdOf(props: Properties): string;
  /** What the service holds once the resource is configured with `props`. */
  configuredAs(props: Properties): unknown;
  newWorld(): Promise<World>;
}

const OUR_STREAM = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/engagement-events';
const NEW_STREAM = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/engagement-events-v2';
const SOMEONE_ELSES_STREAM = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/someone-elses';
const ROLE = 'arn:aws:iam::123456789012:role/to-firehose';
const APP_ARN = 'arn:aws:mobiletargeting:eu-west-1:123456789012:apps/0123456789abcdef0123456789abcdef';
const OTHER_APP_ARN = 'arn:aws:mobiletargeting:eu-west-1:123456789012:apps/fedcba9876543210fedcba9876543210';
const NO_WAIT = { attempts: 3, firstDelayMs: 1 };

let moto: MotoServer;
let pinpoint: PinpointClient;
let collector: ResponseCollector;
let responseUrl: string;

beforeAll(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  collector = new ResponseCollector();
  responseUrl = await collector.start();
  moto = await startMoto();
  pinpoint = new PinpointClient(motoClientConfig(moto.endpoint));
});
afterAll(async () => {
  pinpoint?.destroy();
  await moto?.stop();
  await collector?.stop();
});

const pinpointEventStream: Subject = {
  name: 'PinpointEventStream (Custom::PinpointEventStream, against moto)',
  physicalIdOf: props => `eventstream:${props.ApplicationId}`,
  configuredAs: props => ({ destination: props.DestinationStreamArn, role: props.RoleArn }),
  newWorld: async () => {
    // The physical ID names the project: a replacement is another project.
    const newProject = async () => (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'matrix' } }))).ApplicationResponse!.Id!;
    const [first, second] = [await newProject(), await newProject()];
    const streamOf = async (applicationId: unknown) => {
      try {
        const stream = (await pinpoint.send(new GetEventStreamCommand({ ApplicationId: String(applicationId) }))).EventStream;
        return { destination: stream?.DestinationStreamArn, role: stream?.RoleArn };
      } catch (error) {
        if ((error as Error).name === 'NotFoundException') {
          return undefined;
        }
        throw error;
      }
    };
    return {
      original: { ApplicationId: first, DestinationStreamArn: OUR_STREAM, RoleArn: ROLE, ReplaceExistingStream: 'false' },
      changed: { ApplicationId: first, DestinationStreamArn: NEW_STREAM, RoleArn: `${ROLE}-2`, ReplaceExistingStream: 'false' },
      replacement: { ApplicationId: second, DestinationStreamArn: OUR_STREAM, RoleArn: ROLE, ReplaceExistingStream: 'false' },
      operation: event => onEventStreamEvent(event, pinpoint, NO_WAIT),
      found: props => streamOf(props.ApplicationId),
      state: async () => [await streamOf(first), await streamOf(second)],
      occupy: async props => {
        await pinpoint.send(new PutEventStreamCommand({
          ApplicationId: String(props.ApplicationId),
          WriteEventStream: { DestinationStreamArn: SOMEONE_ELSES_STREAM, RoleArn: ROLE },
        }));
      },
    };
  },
};

const sesThroughPinpoint: Subject = {
  name: 'SesConfigSetDestination through Pinpoint (Custom::SesPinpointEventDestination, scripted SESv2)',
  physicalIdOf: props => `ses-destination:${props.ConfigurationSetName}/${props.EventDestinationName}`,
  configuredAs: props => ({
    Enabled: true, MatchingEventTypes: props.MatchingEventTypes, PinpointDestination: { ApplicationArn: props.ApplicationArn },
  }),
  newWorld: async () => {
    const service = new SesConfigurationSets('marketing');
    const { client } = service.client();
    return {
      original: { ConfigurationSetName: 'marketing', EventDestinationName: 'engagement-events', ApplicationArn: APP_ARN, MatchingEventTypes: ['SEND', 'BOUNCE'], Enabled: 'true' },
      changed: { ConfigurationSetName: 'marketing', EventDestinationName: 'engagement-events', ApplicationArn: OTHER_APP_ARN, MatchingEventTypes: ['CLICK'], Enabled: 'true' },
      // Renamed: the update whose rollback used to leave the stack in UPDATE_ROLLBACK_FAILED.
      replacement: { ConfigurationSetName: 'marketing', EventDestinationName: 'engagement-events-v2', ApplicationArn: APP_ARN, MatchingEventTypes: ['SEND', 'BOUNCE'], Enabled: 'true' },
      operation: event => onPinpointDestinationEvent(event, client),
      found: async props => service.sets.get(String(props.ConfigurationSetName))?.get(String(props.EventDestinationName)),
      state: async () => service.snapshot(),
      occupy: async props => {
        service.sets.get(String(props.ConfigurationSetName))!.set(String(props.EventDestinationName), {
          Enabled: true, MatchingEventTypes: ['SEND'], SnsDestination: { TopicArn: 'arn:aws:sns:eu-west-1:123456789012:theirs' },
        });
      },
    };
  },
};

const smsVoiceOnExistingSet: Subject = {
  name: 'SmsVoiceEventDestination on an existing set (Custom::SmsVoiceEventDestination, scripted SMS and voice v2)',
  physicalIdOf: props => `sms-voice-destination:${props.ConfigurationSetName}/${props.EventDestinationName}`,
  configuredAs: props => ({
    EventDestinationName: props.EventDestinationName,
    Enabled: true,
    MatchingEventTypes: props.MatchingEventTypes,
    KinesisFirehoseDestination: { DeliveryStreamArn: props.DeliveryStreamArn, IamRoleArn: props.RoleArn },
  }),
  newWorld: async () => {
    const service = new SmsVoiceConfigurationSets('notifications');
    const { client } = service.client();
    return {
      original: { ConfigurationSetName: 'notifications', EventDestinationName: 'engagement-events', MatchingEventTypes: ['ALL'], DeliveryStreamArn: OUR_STREAM, RoleArn: ROLE },
      changed: { ConfigurationSetName: 'notifications', EventDestinationName: 'engagement-events', MatchingEventTypes: ['TEXT_ALL'], DeliveryStreamArn: NEW_STREAM, RoleArn: ROLE },
      // Renamed: the update whose rollback used to leave the stack in UPDATE_ROLLBACK_FAILED.
      replacement: { ConfigurationSetName: 'notifications', EventDestinationName: 'engagement-events-v2', MatchingEventTypes: ['ALL'], DeliveryStreamArn: OUR_STREAM, RoleArn: ROLE },
      operation: event => onEventDestinationEvent(event, client, NO_WAIT),
      found: async props => service.sets.get(String(props.ConfigurationSetName))?.get(String(props.EventDestinationName)),
      state: async () => service.snapshot(),
      occupy: async props => {
        service.sets.get(String(props.ConfigurationSetName))!.set(String(props.EventDestinationName), {
          EventDestinationName: props.EventDestinationName,
          Enabled: true,
          MatchingEventTypes: ['ALL'],
          KinesisFirehoseDestination: { DeliveryStreamArn: SOMEONE_ELSES_STREAM, IamRoleArn: ROLE },
        });
      },
    };
  },
};

/** Counts what the matrix tried, for the summary at the end. */
const tally = { requests: 0, redeliveries: 0 };

describe.each([pinpointEventStream, sesThroughPinpoint, smsVoiceOnExistingSet])('$name', subject => {
  let world: World;
  let idA: string;
  let idB: string;
  beforeEach(async () => {
    world = await subject.newWorld();
    idA = subject.physicalIdOf(world.original);
    idB = subject.physicalIdOf(world.replacement);
  });

  /** Serves the request as the deployed handler does, and returns the answer CloudFormation receives. */
  async function send(event: CloudFormationCustomResourceEvent): Promise<{ Status: string; PhysicalResourceId: string; Reason?: string }> {
    tally.requests += 1;
    await customResourceHandler(request => world.operation(request))({ ...event, ResponseURL: responseUrl });
    return collector.received.at(-1)!.body;
  }

  /** Sends the request twice: both answers must be SUCCESS with the same physical ID, and the second changes nothing. */
  async function deliverTwice(event: CloudFormationCustomResourceEvent): Promise<string> {
    const first = await send(event);
    expect(first).toMatchObject({ Status: 'SUCCESS' });
    const after = await world.state();
    tally.redeliveries += 1;
    const second = await send(event);
    expect(second).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: first.PhysicalResourceId });
    expect(await world.state()).toEqual(after);
    return first.PhysicalResourceId;
  }

  async function expectConfigured(props: Properties): Promise<void> {
    expect(await world.found(props)).toEqual(subject.configuredAs(props));
  }

  test('Create', async () => {
    expect(await deliverTwice(createRequest(world.original))).toBe(idA);
    await expectConfigured(world.original);
  });

  test('Update in place', async () => {
    await send(createRequest(world.original));
    expect(await deliverTwice(updateRequest(idA, world.changed, world.original))).toBe(idA);
    await expectConfigured(world.changed);
  });

  test('the rollback of an Update in place', async () => {
    await send(createRequest(world.original));
    await send(updateRequest(idA, world.changed, world.original));
    expect(await deliverTwice(updateRequest(idA, world.original, world.changed))).toBe(idA);
    await expectConfigured(world.original);
  });

  test('Update to a new physical ID, then the cleanup Delete of the old one', async () => {
    await send(createRequest(world.original));
    expect(await deliverTwice(updateRequest(idA, world.replacement, world.original))).toBe(idB);
    await expectConfigured(world.replacement);
    await expectConfigured(world.original); // until CloudFormation's cleanup
    await deliverTwice(deleteRequest(idA, world.original));
    expect(await world.found(world.original)).toBeUndefined();
    await expectConfigured(world.replacement);
  });

  test('the rollback of an Update to a new physical ID, while the old and the new resource both exist', async () => {
    await send(createRequest(world.original));
    expect(await send(updateRequest(idA, world.replacement, world.original))).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: idB });
    // Another resource of the stack failed: CloudFormation sends the old properties to the new physical resource...
    expect(await deliverTwice(updateRequest(idB, world.original, world.replacement))).toBe(idA);
    await expectConfigured(world.original);
    // ...and its cleanup deletes the new one.
    await deliverTwice(deleteRequest(idB, world.replacement));
    expect(await world.found(world.replacement)).toBeUndefined();
    await expectConfigured(world.original);
  });

  test('the rollback of an Update to a new physical ID that failed, leaving the resource it met alone', async () => {
    await send(createRequest(world.original));
    await world.occupy(world.replacement);
    const theirs = await world.found(world.replacement);
    expect(await send(updateRequest(idA, world.replacement, world.original))).toMatchObject({ Status: 'FAILED', PhysicalResourceId: idA });
    expect(await deliverTwice(updateRequest(idA, world.original, world.replacement))).toBe(idA);
    await expectConfigured(world.original);
    expect(await world.found(world.replacement)).toEqual(theirs);
  });

  test('Delete', async () => {
    await send(createRequest(world.original));
    await deliverTwice(deleteRequest(idA, world.original));
    expect(await world.found(world.original)).toBeUndefined();
  });

  test('the Delete after a failed Create leaves alone what the Create met', async () => {
    await world.occupy(world.original);
    const theirs = await world.found(world.original);
    const failed = await send(createRequest(world.original));
    expect(failed).toMatchObject({ Status: 'FAILED', PhysicalResourceId: expect.stringMatching(new RegExp(`^${CREATE_FAILED_PREFIX}`)) });
    await deliverTwice(deleteRequest(failed.PhysicalResourceId, world.original));
    expect(await world.found(world.original)).toEqual(theirs);
  });
});

afterAll(() => {
  process.stdout.write(`lifecycle matrix: ${tally.requests} requests served, ${tally.redeliveries} of them delivered a second time\n`);
});

import { BadRequestException, CreateAppCommand, ForbiddenException, GetEventStreamCommand, PinpointClient, PutEventStreamCommand } from '@aws-sdk/client-pinpoint';
import { createRequest, deleteRequest, updateRequest } from './cfn-events';
import { failFirstCalls } from './scripted-client';
import { motoClientConfig } from './support';
import { MotoServer, startMoto } from '../../fixtures/moto';
import { CREATE_FAILED_PREFIX } from '../../src/sources/custom-resource.lambda-shared';
import { onEventStreamEvent } from '../../src/sources/pinpoint/event-stream.lambda';

const OUR_STREAM = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/engagement-events';
const OTHER_STREAM = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/someone-elses';
const NEW_STREAM = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/engagement-events-v2';
const ROLE = 'arn:aws:iam::123456789012:role/pinpoint-to-firehose';
const NO_WAIT = { attempts: 3, firstDelayMs: 1 };

let moto: MotoServer;
let pinpoint: PinpointClient;

beforeAll(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  moto = await startMoto();
  pinpoint = new PinpointClient(motoClientConfig(moto.endpoint));
});
afterAll(async () => {
  pinpoint?.destroy();
  await moto?.stop();
});

async function newProject(): Promise<string> {
  const created = await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'project' } }));
  return created.ApplicationResponse!.Id!;
}

async function destinationOf(applicationId: string): Promise<string | undefined> {
  try {
    return (await pinpoint.send(new GetEventStreamCommand({ ApplicationId: applicationId }))).EventStream?.DestinationStreamArn;
  } catch (error) {
    if ((error as Error).name === 'NotFoundException') {
      return undefined;
    }
    throw error;
  }
}

async function streamElsewhere(applicationId: string): Promise<void> {
  await pinpoint.send(new PutEventStreamCommand({
    ApplicationId: applicationId,
    WriteEventStream: { DestinationStreamArn: OTHER_STREAM, RoleArn: ROLE },
  }));
}

function properties(applicationId: string, overrides: Record<string, unknown> = {}) {
  return { ApplicationId: applicationId, DestinationStreamArn: OUR_STREAM, RoleArn: ROLE, ReplaceExistingStream: 'false', ...overrides };
}

describe('Pinpoint event stream handler, against moto', () => {
  test('Create puts the stream on a project that has none, with a physical ID naming the project', async () => {
    const app = await newProject();
    const result = await onEventStreamEvent(createRequest(properties(app)), pinpoint, NO_WAIT);
    expect(result.physicalResourceId).toBe(`eventstream:${app}`);
    expect(await destinationOf(app)).toBe(OUR_STREAM);
  });

  test('Create refuses to replace a stream to another destination, says what to do, and changes nothing', async () => {
    const app = await newProject();
    await streamElsewhere(app);
    const attempt = onEventStreamEvent(createRequest(properties(app)), pinpoint, NO_WAIT);
    await expect(attempt).rejects.toThrow(new RegExp(`already streams its events to ${OTHER_STREAM}.*replaceExistingStream: true.*delete-event-stream`));
    expect(await destinationOf(app)).toBe(OTHER_STREAM);
  });

  test('Create replaces a stream to another destination when replaceExistingStream is set', async () => {
    const app = await newProject();
    await streamElsewhere(app);
    await onEventStreamEvent(createRequest(properties(app, { ReplaceExistingStream: 'true' })), pinpoint, NO_WAIT);
    expect(await destinationOf(app)).toBe(OUR_STREAM);
  });

  test('Create succeeds when the project already streams to our destination (a retried Create)', async () => {
    const app = await newProject();
    await onEventStreamEvent(createRequest(properties(app)), pinpoint, NO_WAIT);
    await onEventStreamEvent(createRequest(properties(app)), pinpoint, NO_WAIT);
    expect(await destinationOf(app)).toBe(OUR_STREAM);
  });

  test('Update to another delivery stream moves our stream and keeps the physical ID', async () => {
    const app = await newProject();
    const created = await onEventStreamEvent(createRequest(properties(app)), pinpoint, NO_WAIT);
    const updated = await onEventStreamEvent(
      updateRequest(created.physicalResourceId, properties(app, { DestinationStreamArn: NEW_STREAM }), properties(app)), pinpoint, NO_WAIT);
    expect(updated.physicalResourceId).toBe(created.physicalResourceId);
    expect(await destinationOf(app)).toBe(NEW_STREAM);
  });

  test('Update to another project is a replacement: new physical ID, and the Delete that follows clears the old project', async () => {
    const [first, second] = [await newProject(), await newProject()];
    const created = await onEventStreamEvent(createRequest(properties(first)), pinpoint, NO_WAIT);
    const updated = await onEventStreamEvent(updateRequest(created.physicalResourceId, properties(second), properties(first)), pinpoint, NO_WAIT);
    expect(updated.physicalResourceId).toBe(`eventstream:${second}`);
    expect(await destinationOf(second)).toBe(OUR_STREAM);
    // CloudFormation deletes the old physical resource with the old properties.
    await onEventStreamEvent(deleteRequest(created.physicalResourceId, properties(first)), pinpoint, NO_WAIT);
    expect(await destinationOf(first)).toBeUndefined();
    expect(await destinationOf(second)).toBe(OUR_STREAM);
  });

  test('Update refuses to take over a stream someone else put on the project since', async () => {
    const app = await newProject();
    const created = await onEventStreamEvent(createRequest(properties(app)), pinpoint, NO_WAIT);
    await streamElsewhere(app);
    const attempt = onEventStreamEvent(updateRequest(created.physicalResourceId, properties(app, { RoleArn: `${ROLE}-2` }), properties(app)), pinpoint, NO_WAIT);
    await expect(attempt).rejects.toThrow(/replaceExistingStream/);
    expect(await destinationOf(app)).toBe(OTHER_STREAM);
  });

  test('Delete removes our stream', async () => {
    const app = await newProject();
    const created = await onEventStreamEvent(createRequest(properties(app)), pinpoint, NO_WAIT);
    await onEventStreamEvent(deleteRequest(created.physicalResourceId, properties(app)), pinpoint, NO_WAIT);
    expect(await destinationOf(app)).toBeUndefined();
  });

  test('Delete leaves a stream someone else put in place of ours', async () => {
    const app = await newProject();
    const created = await onEventStreamEvent(createRequest(properties(app)), pinpoint, NO_WAIT);
    await streamElsewhere(app);
    await onEventStreamEvent(deleteRequest(created.physicalResourceId, properties(app)), pinpoint, NO_WAIT);
    expect(await destinationOf(app)).toBe(OTHER_STREAM);
  });

  test('Delete succeeds when the stream or the whole project is already gone', async () => {
    const app = await newProject();
    await onEventStreamEvent(deleteRequest(`eventstream:${app}`, properties(app)), pinpoint, NO_WAIT);
    await onEventStreamEvent(deleteRequest('eventstream:0123456789abcdef0123456789abcdef', properties('0123456789abcdef0123456789abcdef')), pinpoint, NO_WAIT);
    expect(await destinationOf(app)).toBeUndefined();
  });

  test('the rollback Delete of a refused Create leaves the existing stream, even one with our destination', async () => {
    const app = await newProject();
    await pinpoint.send(new PutEventStreamCommand({ ApplicationId: app, WriteEventStream: { DestinationStreamArn: OUR_STREAM, RoleArn: ROLE } }));
    await onEventStreamEvent(deleteRequest(`${CREATE_FAILED_PREFIX}request-0`, properties(app)), pinpoint, NO_WAIT);
    expect(await destinationOf(app)).toBe(OUR_STREAM);
  });

  describe('with faults injected in front of moto', () => {
    let faulty: PinpointClient;
    beforeEach(() => { faulty = new PinpointClient(motoClientConfig(moto.endpoint)); });
    afterEach(() => faulty.destroy());

    test('Create retries while Pinpoint cannot assume the new role yet', async () => {
      const app = await newProject();
      const notYet = () => new BadRequestException({ message: 'Unable to assume role: the role may not exist yet', $metadata: {} });
      const puts = failFirstCalls(faulty, 'PutEventStreamCommand', [notYet(), notYet()]);
      await onEventStreamEvent(createRequest(properties(app)), faulty, NO_WAIT);
      expect(puts.calls).toBe(3);
      expect(await destinationOf(app)).toBe(OUR_STREAM);
    });

    test('Create gives up when the role never becomes usable', async () => {
      const app = await newProject();
      const notYet = () => new BadRequestException({ message: 'Unable to assume role', $metadata: {} });
      failFirstCalls(faulty, 'PutEventStreamCommand', [notYet(), notYet(), notYet()]);
      await expect(onEventStreamEvent(createRequest(properties(app)), faulty, NO_WAIT)).rejects.toThrow('Unable to assume role');
    });

    test('an access-denied answer surfaces at once, without retries', async () => {
      const app = await newProject();
      const puts = failFirstCalls(faulty, 'PutEventStreamCommand', [
        new ForbiddenException({ message: 'User: arn:aws:sts::123456789012:assumed-role/handler/fn is not authorized to perform: mobiletargeting:PutEventStream', $metadata: {} }),
      ]);
      await expect(onEventStreamEvent(createRequest(properties(app)), faulty, NO_WAIT)).rejects.toThrow(/not authorized/);
      expect(puts.calls).toBe(1);
      expect(await destinationOf(app)).toBeUndefined();
    });

    test('a failing read on Delete surfaces rather than guessing the stream is not ours', async () => {
      const app = await newProject();
      await onEventStreamEvent(createRequest(properties(app)), pinpoint, NO_WAIT);
      failFirstCalls(faulty, 'GetEventStreamCommand', [new ForbiddenException({ message: 'not authorized to perform: mobiletargeting:GetEventStream', $metadata: {} })]);
      await expect(onEventStreamEvent(deleteRequest(`eventstream:${app}`, properties(app)), faulty, NO_WAIT)).rejects.toThrow(/GetEventStream/);
      expect(await destinationOf(app)).toBe(OUR_STREAM);
    });
  });
});

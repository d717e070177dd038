import { createRequest, deleteRequest, updateRequest } from './cfn-events';
import { SesConfigurationSets as ConfigurationSets } from './configuration-sets';
import { onPinpointDestinationEvent } from '../../src/sources/ses/pinpoint-destination.lambda';

const APP_ARN = 'arn:aws:mobiletargeting:eu-west-1:123456789012:apps/0123456789abcdef0123456789abcdef';
const OTHER_APP_ARN = 'arn:aws:mobiletargeting:eu-west-1:123456789012:apps/fedcba9876543210fedcba9876543210';

function properties(overrides: Record<string, unknown> = {}) {
  return {
    ConfigurationSetName: 'marketing',
    EventDestinationName: 'engagement-events',
    ApplicationArn: APP_ARN,
    MatchingEventTypes: ['SEND', 'BOUNCE', 'RENDERING_FAILURE'],
    Enabled: 'true',
    ...overrides,
  };
}

beforeAll(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('SES Pinpoint destination handler', () => {
  test('Create adds a Pinpoint destination with the event types, under a physical ID naming set and destination', async () => {
    const ses = new ConfigurationSets('marketing');
    const { client } = ses.client();
    const result = await onPinpointDestinationEvent(createRequest(properties()), client);
    expect(result.physicalResourceId).toBe('ses-destination:marketing/engagement-events');
    expect(ses.sets.get('marketing')!.get('engagement-events')).toEqual({
      Enabled: true,
      MatchingEventTypes: ['SEND', 'BOUNCE', 'RENDERING_FAILURE'],
      PinpointDestination: { ApplicationArn: APP_ARN },
    });
  });

  test('Create fails with a clear message when the name is taken, and leaves the existing destination', async () => {
    const ses = new ConfigurationSets('marketing');
    ses.sets.get('marketing')!.set('engagement-events', { SnsDestination: { TopicArn: 'arn:aws:sns:eu-west-1:123456789012:t' } });
    const { client } = ses.client();
    await expect(onPinpointDestinationEvent(createRequest(properties()), client))
      .rejects.toThrow(/already has an event destination named engagement-events.*eventDestinationName/);
    expect(ses.sets.get('marketing')!.get('engagement-events')).toEqual({ SnsDestination: { TopicArn: 'arn:aws:sns:eu-west-1:123456789012:t' } });
  });

  test('Create fails with a clear message when the configuration set does not exist', async () => {
    const { client } = new ConfigurationSets().client();
    await expect(onPinpointDestinationEvent(createRequest(properties()), client)).rejects.toThrow(/configuration set marketing does not exist/);
  });

  test('an access-denied answer surfaces as it is', async () => {
    const ses = new ConfigurationSets('marketing');
    ses.denied = true;
    const { client } = ses.client();
    await expect(onPinpointDestinationEvent(createRequest(properties()), client)).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  test('Update with the same set and name updates in place and keeps the physical ID', async () => {
    const ses = new ConfigurationSets('marketing');
    const { client, calls } = ses.client();
    const created = await onPinpointDestinationEvent(createRequest(properties()), client);
    const changed = properties({ ApplicationArn: OTHER_APP_ARN, MatchingEventTypes: ['CLICK'], Enabled: 'false' });
    const updated = await onPinpointDestinationEvent(updateRequest(created.physicalResourceId, changed, properties()), client);
    expect(updated.physicalResourceId).toBe(created.physicalResourceId);
    expect(calls.map(call => call.command)).toEqual(['CreateConfigurationSetEventDestinationCommand', 'UpdateConfigurationSetEventDestinationCommand']);
    expect(ses.sets.get('marketing')!.get('engagement-events')).toEqual({
      Enabled: false, MatchingEventTypes: ['CLICK'], PinpointDestination: { ApplicationArn: OTHER_APP_ARN },
    });
  });

  test('Update puts back a destination removed outside the stack', async () => {
    const ses = new ConfigurationSets('marketing');
    const { client } = ses.client();
    const created = await onPinpointDestinationEvent(createRequest(properties()), client);
    ses.sets.get('marketing')!.clear();
    await onPinpointDestinationEvent(updateRequest(created.physicalResourceId, properties({ MatchingEventTypes: ['OPEN'] }), properties()), client);
    expect(ses.sets.get('marketing')!.get('engagement-events')?.MatchingEventTypes).toEqual(['OPEN']);
  });

  test('Update to another configuration set creates there under a new physical ID; the following Delete clears the old one', async () => {
    const ses = new ConfigurationSets('marketing', 'transactional');
    const { client } = ses.client();
    const created = await onPinpointDestinationEvent(createRequest(properties()), client);
    const moved = properties({ ConfigurationSetName: 'transactional' });
    const updated = await onPinpointDestinationEvent(updateRequest(created.physicalResourceId, moved, properties()), client);
    expect(updated.physicalResourceId).toBe('ses-destination:transactional/engagement-events');
    expect(ses.sets.get('transactional')!.has('engagement-events')).toBe(true);
    await onPinpointDestinationEvent(deleteRequest(created.physicalResourceId, properties()), client);
    expect(ses.sets.get('marketing')!.size).toBe(0);
    expect(ses.sets.get('transactional')!.size).toBe(1);
  });

  test('Delete removes the destination, and succeeds when it or its set is already gone', async () => {
    const ses = new ConfigurationSets('marketing');
    const { client } = ses.client();
    const created = await onPinpointDestinationEvent(createRequest(properties()), client);
    await onPinpointDestinationEvent(deleteRequest(created.physicalResourceId, properties()), client);
    expect(ses.sets.get('marketing')!.size).toBe(0);
    await onPinpointDestinationEvent(deleteRequest(created.physicalResourceId, properties()), client);
    ses.sets.delete('marketing');
    await onPinpointDestinationEvent(deleteRequest(created.physicalResourceId, properties()), client);
  });

  test('the rollback Delete of a failed Create touches nothing, so a destination that was already there stays', async () => {
    const ses = new ConfigurationSets('marketing');
    ses.sets.get('marketing')!.set('engagement-events', { Enabled: true });
    const { client, calls } = ses.client();
    await onPinpointDestinationEvent(deleteRequest('create-failed:request-7', properties()), client);
    expect(calls).toEqual([]);
    expect(ses.sets.get('marketing')!.has('engagement-events')).toBe(true);
  });

  test('a missing property fails the request with its name', async () => {
    const { client } = new ConfigurationSets('marketing').client();
    await expect(onPinpointDestinationEvent(createRequest(properties({ ApplicationArn: undefined })), client)).rejects.toThrow(/ApplicationArn/);
    await expect(onPinpointDestinationEvent(createRequest(properties({ MatchingEventTypes: [] })), client)).rejects.toThrow(/MatchingEventTypes/);
  });
});

import { AccessDeniedException, ValidationException } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { createRequest, deleteRequest, updateRequest } from './cfn-events';
import { SmsVoiceConfigurationSets as ConfigurationSets } from './configuration-sets';
import { onEventDestinationEvent } from '../../src/sources/sms-voice/event-destination.lambda';

const STREAM = 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/engagement-events';
const ROLE = 'arn:aws:iam::123456789012:role/sms-voice-to-firehose';
const NO_WAIT = { attempts: 3, firstDelayMs: 1 };

function properties(overrides: Record<string, unknown> = {}) {
  return {
    ConfigurationSetName: 'notifications',
    EventDestinationName: 'engagement-events',
    MatchingEventTypes: ['ALL'],
    DeliveryStreamArn: STREAM,
    RoleArn: ROLE,
    ...overrides,
  };
}

beforeAll(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

describe('SMS and voice event destination handler', () => {
  test('Create adds a Firehose destination with the role, under a physical ID naming set and destination', async () => {
    const eum = new ConfigurationSets('notifications');
    const { client } = eum.client();
    const result = await onEventDestinationEvent(createRequest(properties()), client, NO_WAIT);
    expect(result.physicalResourceId).toBe('sms-voice-destination:notifications/engagement-events');
    expect(eum.sets.get('notifications')!.get('engagement-events')).toEqual({
      EventDestinationName: 'engagement-events',
      Enabled: true,
      MatchingEventTypes: ['ALL'],
      KinesisFirehoseDestination: { DeliveryStreamArn: STREAM, IamRoleArn: ROLE },
    });
  });

  test('Create fails with a clear message when the name is taken, and leaves the existing destination', async () => {
    const eum = new ConfigurationSets('notifications');
    eum.sets.get('notifications')!.set('engagement-events', { theirs: true });
    const { client } = eum.client();
    await expect(onEventDestinationEvent(createRequest(properties()), client, NO_WAIT))
      .rejects.toThrow(/already has an event destination named engagement-events.*eventDestinationName/);
    expect(eum.sets.get('notifications')!.get('engagement-events')).toEqual({ theirs: true });
  });

  test('Create fails with a clear message when the configuration set does not exist', async () => {
    const { client } = new ConfigurationSets().client();
    await expect(onEventDestinationEvent(createRequest(properties()), client, NO_WAIT)).rejects.toThrow(/configuration set notifications does not exist/);
  });

  test('Create retries while the service cannot use the new role yet', async () => {
    const eum = new ConfigurationSets('notifications');
    eum.createFailures.push(new ValidationException({ $metadata: {}, message: 'Unable to assume the IAM role', Reason: 'UNKNOWN' as any }));
    const { client, calls } = eum.client();
    await onEventDestinationEvent(createRequest(properties()), client, NO_WAIT);
    expect(calls.filter(call => call.command === 'CreateEventDestinationCommand')).toHaveLength(2);
    expect(eum.sets.get('notifications')!.has('engagement-events')).toBe(true);
  });

  test('an access-denied answer surfaces at once', async () => {
    const eum = new ConfigurationSets('notifications');
    eum.createFailures.push(new AccessDeniedException({ $metadata: {}, message: 'User: arn:aws:sts::123456789012:assumed-role/handler/fn is not authorized to perform: sms-voice:CreateEventDestination' }));
    const { client, calls } = eum.client();
    await expect(onEventDestinationEvent(createRequest(properties()), client, NO_WAIT)).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(calls).toHaveLength(1);
  });

  test('Update changes the event types in place and keeps the physical ID', async () => {
    const eum = new ConfigurationSets('notifications');
    const { client, calls } = eum.client();
    const created = await onEventDestinationEvent(createRequest(properties()), client, NO_WAIT);
    const changed = properties({ MatchingEventTypes: ['TEXT_DELIVERED', 'TEXT_BLOCKED'] });
    const updated = await onEventDestinationEvent(updateRequest(created.physicalResourceId, changed, properties()), client, NO_WAIT);
    expect(updated.physicalResourceId).toBe(created.physicalResourceId);
    expect(calls.map(call => call.command)).toEqual(['CreateEventDestinationCommand', 'UpdateEventDestinationCommand']);
    expect(eum.sets.get('notifications')!.get('engagement-events').MatchingEventTypes).toEqual(['TEXT_DELIVERED', 'TEXT_BLOCKED']);
  });

  test('Update puts back a destination removed outside the stack', async () => {
    const eum = new ConfigurationSets('notifications');
    const { client } = eum.client();
    const created = await onEventDestinationEvent(createRequest(properties()), client, NO_WAIT);
    eum.sets.get('notifications')!.clear();
    await onEventDestinationEvent(updateRequest(created.physicalResourceId, properties({ MatchingEventTypes: ['VOICE_ALL'] }), properties()), client, NO_WAIT);
    expect(eum.sets.get('notifications')!.get('engagement-events').MatchingEventTypes).toEqual(['VOICE_ALL']);
  });

  test('Update to another destination name creates it under a new physical ID; the following Delete clears the old one', async () => {
    const eum = new ConfigurationSets('notifications');
    const { client } = eum.client();
    const created = await onEventDestinationEvent(createRequest(properties()), client, NO_WAIT);
    const renamed = properties({ EventDestinationName: 'events-v2' });
    const updated = await onEventDestinationEvent(updateRequest(created.physicalResourceId, renamed, properties()), client, NO_WAIT);
    expect(updated.physicalResourceId).toBe('sms-voice-destination:notifications/events-v2');
    await onEventDestinationEvent(deleteRequest(created.physicalResourceId, properties()), client, NO_WAIT);
    expect([...eum.sets.get('notifications')!.keys()]).toEqual(['events-v2']);
  });

  test('Delete removes the destination, and succeeds when it or its set is already gone', async () => {
    const eum = new ConfigurationSets('notifications');
    const { client } = eum.client();
    const created = await onEventDestinationEvent(createRequest(properties()), client, NO_WAIT);
    await onEventDestinationEvent(deleteRequest(created.physicalResourceId, properties()), client, NO_WAIT);
    expect(eum.sets.get('notifications')!.size).toBe(0);
    await onEventDestinationEvent(deleteRequest(created.physicalResourceId, properties()), client, NO_WAIT);
    eum.sets.delete('notifications');
    await onEventDestinationEvent(deleteRequest(created.physicalResourceId, properties()), client, NO_WAIT);
  });

  test('the rollback Delete of a failed Create touches nothing', async () => {
    const eum = new ConfigurationSets('notifications');
    eum.sets.get('notifications')!.set('engagement-events', { theirs: true });
    const { client, calls } = eum.client();
    await onEventDestinationEvent(deleteRequest('create-failed:request-3', properties()), client, NO_WAIT);
    expect(calls).toEqual([]);
    expect(eum.sets.get('notifications')!.has('engagement-events')).toBe(true);
  });
});

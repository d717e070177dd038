import { createRequest, deleteRequest, updateRequest } from './cfn-events';
import { CREATE_FAILED_PREFIX, ResourceLifecycle, applyLifecycle } from '../../src/sources/custom-resource.lambda-shared';

interface Props { readonly name: string; readonly setting: string }

/** A lifecycle that records what it was asked to do. */
function recordingLifecycle() {
  const calls: string[] = [];
  const lifecycle: ResourceLifecycle<Props> = {
    propertiesOf: raw => ({ name: String(raw.Name), setting: String(raw.Setting) }),
    physicalIdOf: props => `thing:${props.name}`,
    create: async props => { calls.push(`create ${props.name} ${props.setting}`); },
    update: async (props, previous) => { calls.push(`update ${props.name} ${previous.setting}->${props.setting}`); },
    delete: async props => { calls.push(`delete ${props.name}`); },
  };
  return { calls, lifecycle };
}

describe('applyLifecycle: the one dispatch of every custom resource handler', () => {
  test('Create creates, and reports the physical ID', async () => {
    const { calls, lifecycle } = recordingLifecycle();
    expect(await applyLifecycle(createRequest({ Name: 'a', Setting: '1' }), lifecycle)).toEqual({ physicalResourceId: 'thing:a' });
    expect(calls).toEqual(['create a 1']);
  });

  test('Update of the same resource updates it in place, knowing the previous properties', async () => {
    const { calls, lifecycle } = recordingLifecycle();
    const result = await applyLifecycle(updateRequest('thing:a', { Name: 'a', Setting: '2' }, { Name: 'a', Setting: '1' }), lifecycle);
    expect(result).toEqual({ physicalResourceId: 'thing:a' });
    expect(calls).toEqual(['update a 1->2']);
  });

  test('Update to another physical ID creates the new resource and leaves the old one to CloudFormation\'s Delete', async () => {
    const { calls, lifecycle } = recordingLifecycle();
    const result = await applyLifecycle(updateRequest('thing:a', { Name: 'b', Setting: '1' }, { Name: 'a', Setting: '1' }), lifecycle);
    expect(result).toEqual({ physicalResourceId: 'thing:b' });
    expect(calls).toEqual(['create b 1']);
  });

  test('Delete deletes, and keeps the physical ID', async () => {
    const { calls, lifecycle } = recordingLifecycle();
    expect(await applyLifecycle(deleteRequest('thing:a', { Name: 'a', Setting: '1' }), lifecycle)).toEqual({ physicalResourceId: 'thing:a' });
    expect(calls).toEqual(['delete a']);
  });

  test('the Delete that rolls back a failed Create touches nothing', async () => {
    const { calls, lifecycle } = recordingLifecycle();
    const physicalId = `${CREATE_FAILED_PREFIX}request-1`;
    expect(await applyLifecycle(deleteRequest(physicalId, { Name: 'a', Setting: '1' }), lifecycle)).toEqual({ physicalResourceId: physicalId });
    expect(calls).toEqual([]);
  });
});

import type { CloudFormationCustomResourceEvent } from 'aws-lambda';

const COMMON = {
  ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:handler',
  ResponseURL: 'http://127.0.0.1:9/unused',
  StackId: 'arn:aws:cloudformation:eu-west-1:111111111111:stack/Sources/0f0e0d0c',
  LogicalResourceId: 'Resource',
  ResourceType: 'Custom::Test',
};

let requests = 0;
function requestId(): string {
  requests += 1;
  return `request-${requests}`;
}

/** CloudFormation's Create request for a custom resource with these properties. */
export function createRequest(properties: Record<string, unknown>, responseUrl = COMMON.ResponseURL): CloudFormationCustomResourceEvent {
  return { ...COMMON, ResponseURL: responseUrl, RequestType: 'Create', RequestId: requestId(), ResourceProperties: { ServiceToken: COMMON.ServiceToken, ...properties } };
}

/** CloudFormation's Update request, from the old properties to the new. */
export function updateRequest(
  physicalResourceId: string, properties: Record<string, unknown>, oldProperties: Record<string, unknown>,
): CloudFormationCustomResourceEvent {
  return {
    ...COMMON,
    RequestType: 'Update',
    RequestId: requestId(),
    PhysicalResourceId: physicalResourceId,
    ResourceProperties: { ServiceToken: COMMON.ServiceToken, ...properties },
    OldResourceProperties: { ServiceToken: COMMON.ServiceToken, ...oldProperties },
  };
}

/** CloudFormation's Delete request. */
export function deleteRequest(physicalResourceId: string, properties: Record<string, unknown>): CloudFormationCustomResourceEvent {
  return { ...COMMON, RequestType: 'Delete', RequestId: requestId(), PhysicalResourceId: physicalResourceId, ResourceProperties: { ServiceToken: COMMON.ServiceToken, ...properties } };
}

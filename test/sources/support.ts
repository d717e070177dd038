import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { awsSolutionsFindings, cfnLintProblems } from '../support/compliance';

/** W3696 on a stack where PinpointEventStream creates a project: the same fact its synth-time warning reports. */
export const PINPOINT_APP_WARNING: Record<string, string> = {
  W3696: 'AWS::Pinpoint::App belongs to a service past end of support; PinpointEventStream warns at synth when it creates one',
};

/**
 * Asserts that a stack passes cdk-nag AwsSolutions with no unacknowledged finding, and cfn-lint with no error and no
 * warning beyond the project-wide accepted ones and `acceptedWarnings`.
 */
export function expectSourceCompliant(stack: Stack, acceptedWarnings: Record<string, string> = {}): void {
  expect(awsSolutionsFindings(stack)).toEqual([]);
  expect(cfnLintProblems(stack).filter(problem => !(problem.startsWith('W') && problem.split(' ')[0] in acceptedWarnings))).toEqual([]);
}

/** Options that point an AWS SDK v3 client at a moto server on the loopback interface. */
export function motoClientConfig(endpoint: string) {
  return { endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}

/** The policies attached to a role (by their logical IDs), and all their statements. */
export function policiesOf(stack: Stack, role: iam.IRole): { ids: string[]; statements: unknown[] } {
  const roleRef = { Ref: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) };
  const attached = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([roleRef]));
  return {
    ids: attached.map(([id]) => id),
    statements: attached.flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement),
  };
}

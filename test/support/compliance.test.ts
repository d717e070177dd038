import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgements, awsSolutionsFindings, cfnLintProblems } from './compliance';

// The compliance checks guard every construct's tests, so they must be shown to catch what they claim to.
describe('compliance checks', () => {
  test('cdk-nag reports an unencrypted-in-transit bucket without access logs, and honours acknowledgements', () => {
    const stack = new Stack(new App(), 'Bare');
    const bucket = new s3.Bucket(stack, 'Bucket');
    expect(awsSolutionsFindings(stack)).toEqual(expect.arrayContaining([
      { rule: 'AwsSolutions-S1', resource: 'Bare/Bucket/Resource' },
      { rule: 'AwsSolutions-S10', resource: 'Bare/Bucket/Resource' },
    ]));

    Validations.of(bucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'test' },
      { id: 'AwsSolutions-S10', reason: 'test' },
    );
    expect(awsSolutionsFindings(stack)).toEqual([]);
    expect(acknowledgements(stack)).toEqual(expect.arrayContaining([
      { path: 'Bare/Bucket', rule: expect.stringContaining('AwsSolutions-S1'), reason: 'test' },
    ]));
  });

  test('cfn-lint reports an invalid property value', () => {
    const stack = new Stack(new App(), 'Invalid');
    new s3.CfnBucket(stack, 'Bucket', { versioningConfiguration: { status: 'Sometimes' } });
    expect(cfnLintProblems(stack).join('\n')).toMatch(/^E\d+ .*Sometimes/m);
  });
});

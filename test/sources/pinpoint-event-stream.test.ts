import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { expectSourceCompliant, policiesOf } from './support';
import { PinpointEventStream } from '../../src';
import { IMPORTED_STREAM_ARN, importedDatabase } from '../support/imported-database';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function newStack(): Stack {
  return new Stack(new App(), 'Sources', { env: ENV });
}

/** The project's ARN as CloudFormation gets it: a literal ID is joined into the text, a created project's is a Ref. */
function projectArn(appId: string | { Ref: string }, suffix = ''): unknown {
  const prefix = ['arn:', { Ref: 'AWS::Partition' }, ':mobiletargeting:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }];
  const tail = typeof appId === 'string' ? [`:apps/${appId}${suffix}`] : [':apps/', appId, ...(suffix ? [suffix] : [])];
  return { 'Fn::Join': ['', [...prefix, ...tail]] };
}

describe('PinpointEventStream', () => {
  test('streams an existing project through the custom resource, with the delivery stream, role and no replacement by default', () => {
    const stack = newStack();
    const stream = new PinpointEventStream(stack, 'Stream', { database: importedDatabase(stack), applicationId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90' });
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::Pinpoint::App', 0);
    template.resourceCountIs('AWS::Pinpoint::EventStream', 0);
    template.hasResourceProperties('Custom::PinpointEventStream', {
      ApplicationId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      DestinationStreamArn: IMPORTED_STREAM_ARN,
      RoleArn: { 'Fn::GetAtt': [stack.getLogicalId(stream.role.node.defaultChild as any), 'Arn'] },
      ReplaceExistingStream: false,
      // CloudFormation gives up after 5 minutes rather than an hour if the handler never answers.
      ServiceTimeout: '300',
    });
    expect(stream.applicationId).toBe('a1b2c3d4e5f60718293a4b5c6d7e8f90');
    expect(stream.app).toBeUndefined();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('the role Pinpoint assumes is limited to the project and writes only to the one delivery stream', () => {
    const stack = newStack();
    const stream = new PinpointEventStream(stack, 'Stream', { database: importedDatabase(stack), applicationId: 'abc123' });
    const role = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(stream.role.node.defaultChild as any)];

    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'pinpoint.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnEquals: { 'aws:SourceArn': projectArn('abc123') },
      },
    }]);
    // The database's grantWrite, and the stream's description, which Pinpoint reads when the stream is attached.
    const policies = policiesOf(stack, stream.role);
    expect(policies.statements).toEqual([
      { Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: IMPORTED_STREAM_ARN },
      { Effect: 'Allow', Action: 'firehose:DescribeDeliveryStream', Resource: IMPORTED_STREAM_ARN },
    ]);
    // Nothing else in the stack grants on the delivery stream: the source never changes the database.
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Policy', 1);
    // The event stream is attached once the role may write.
    const [eventStream] = Object.values(Template.fromStack(stack).findResources('Custom::PinpointEventStream'));
    expect(eventStream.DependsOn).toEqual(expect.arrayContaining(policies.ids));
  });

  test('the handler may only read, put and delete this project\'s event stream and pass this role', () => {
    const stack = newStack();
    const stream = new PinpointEventStream(stack, 'Stream', { database: importedDatabase(stack), applicationId: 'abc123' });
    const template = Template.fromStack(stack);
    const roleId = stack.getLogicalId(stream.role.node.defaultChild as any);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })], Version: '2012-10-17' },
      Policies: [{
        PolicyName: 'Handler',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['mobiletargeting:GetEventStream', 'mobiletargeting:PutEventStream', 'mobiletargeting:DeleteEventStream'],
              Resource: [projectArn('abc123'), projectArn('abc123', '/eventstream')],
            },
            { Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [roleId, 'Arn'] } },
            { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StreamEventStreamLogs'), 'Arn'] } },
          ],
        },
      }],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 180,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^StreamEventStreamLogs') } },
    });
  });

  test('passes replaceExistingStream to the handler', () => {
    const stack = newStack();
    new PinpointEventStream(stack, 'Stream', { database: importedDatabase(stack), applicationId: 'abc123', replaceExistingStream: true });
    Template.fromStack(stack).hasResourceProperties('Custom::PinpointEventStream', { ReplaceExistingStream: true });
  });

  test('without applicationId it creates a project, streams it, and warns that Pinpoint takes no new customers', () => {
    const stack = newStack();
    const stream = new PinpointEventStream(stack, 'Stream', { database: importedDatabase(stack), applicationName: 'campaigns' });
    const template = Template.fromStack(stack);
    const appId = stack.getLogicalId(stream.app!);

    template.hasResourceProperties('AWS::Pinpoint::App', { Name: 'campaigns' });
    template.hasResourceProperties('Custom::PinpointEventStream', { ApplicationId: { Ref: appId } });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Condition: Match.objectLike({ ArnEquals: { 'aws:SourceArn': projectArn({ Ref: appId }) } }) })] },
    });
    expect(stack.resolve(stream.applicationId)).toEqual({ Ref: appId });
    Annotations.fromStack(stack).hasWarning('/Sources/Stream', Match.stringLikeRegexp('no new customers since 2025-05-20.*2026-10-30.*SesConfigSetDestination.*SmsVoiceEventDestination'));
  });

  test('a created project gets a name by default', () => {
    const stack = newStack();
    new PinpointEventStream(stack, 'Stream', { database: importedDatabase(stack) });
    Template.fromStack(stack).hasResourceProperties('AWS::Pinpoint::App', { Name: 'Sources-Stream' });
  });

  test('several projects stream to one database, each with its own role and handler', () => {
    const stack = newStack();
    const database = importedDatabase(stack);
    new PinpointEventStream(stack, 'First', { database, applicationId: 'abc1' });
    new PinpointEventStream(stack, 'Second', { database, applicationId: 'abc2' });
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::PinpointEventStream', 2);
    template.hasResourceProperties('Custom::PinpointEventStream', { ApplicationId: 'abc1', DestinationStreamArn: IMPORTED_STREAM_ARN });
    template.hasResourceProperties('Custom::PinpointEventStream', { ApplicationId: 'abc2', DestinationStreamArn: IMPORTED_STREAM_ARN });
  });

  test('rejects an invalid applicationId, and applicationName with applicationId, naming the prop', () => {
    const stack = newStack();
    const database = importedDatabase(stack);
    expect(() => new PinpointEventStream(stack, 'Bad', { database, applicationId: 'arn:aws:mobiletargeting:eu-west-1:1:apps/abc' }))
      .toThrow(/PinpointEventStream: applicationId 'arn:aws:mobiletargeting:eu-west-1:1:apps\/abc' is invalid/);
    expect(() => new PinpointEventStream(stack, 'Both', { database, applicationId: 'abc', applicationName: 'x' }))
      .toThrow(/applicationName .* cannot be combined with applicationId/);
  });

  test('is cdk-nag AwsSolutions and cfn-lint clean on an imported database', () => {
    const stack = newStack();
    new PinpointEventStream(stack, 'Stream', { database: importedDatabase(stack), applicationId: 'abc123' });
    expectSourceCompliant(stack);
  });
});

import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ses from 'aws-cdk-lib/aws-ses';
import { expectSourceCompliant } from './support';
import { PinpointEventStream, SesConfigSetDestination, SesEventRoute } from '../../src';
import { IMPORTED_STREAM_ARN, importedDatabase } from '../support/imported-database';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function newStack(): Stack {
  return new Stack(new App(), 'Sources', { env: ENV });
}

const CONFIGURATION_SET_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:eu-west-1:111111111111:configuration-set/marketing']] };

describe('SesConfigSetDestination, direct (default)', () => {
  test('publishes every event type of the existing set straight to the delivery stream, through its own role', () => {
    const stack = newStack();
    const destination = new SesConfigSetDestination(stack, 'Email', { database: importedDatabase(stack), configurationSetName: 'marketing' });
    const template = Template.fromStack(stack);

    expect(destination.route.applicationId).toBeUndefined();
    expect(destination.configurationSetName).toBe('marketing');
    template.resourceCountIs('AWS::SES::ConfigurationSet', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: 'marketing',
      EventDestination: {
        Enabled: true,
        Name: destination.eventDestinationName,
        MatchingEventTypes: ['send', 'reject', 'bounce', 'complaint', 'delivery', 'open', 'click', 'renderingFailure', 'deliveryDelay', 'subscription'],
        KinesisFirehoseDestination: {
          DeliveryStreamARN: IMPORTED_STREAM_ARN,
          IAMRoleARN: { 'Fn::GetAtt': [stack.getLogicalId(destination.role!.node.defaultChild as any), 'Arn'] },
        },
      },
    });
    // Only our role: the L2 would otherwise have created its own.
    template.resourceCountIs('AWS::IAM::Role', 1);
  });

  test('the role SES assumes is limited to the configuration set and may only put records into the stream, before SES uses it', () => {
    const stack = newStack();
    const destination = new SesConfigSetDestination(stack, 'Email', { database: importedDatabase(stack), configurationSetName: 'marketing' });
    const template = Template.fromStack(stack).toJSON();
    const roleId = stack.getLogicalId(destination.role!.node.defaultChild as any);
    expect(template.Resources[roleId].Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'ses.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnEquals: { 'aws:SourceArn': CONFIGURATION_SET_ARN },
      },
    }]);
    expect(template.Resources[roleId].Properties.Policies).toBeUndefined();
    const [[policyId, policy]] = Object.entries(template.Resources).filter(([, r]: [string, any]) => r.Type === 'AWS::IAM::Policy') as [string, any][];
    expect(policy.Properties).toEqual({
      PolicyName: expect.any(String),
      Roles: [{ Ref: roleId }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: IMPORTED_STREAM_ARN }],
      },
    });
    const [destinationResource] = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::SES::ConfigurationSetEventDestination') as any[];
    expect(destinationResource.DependsOn).toContain(policyId);
  });

  test('takes a configuration set construct instead of a name', () => {
    const stack = newStack();
    const configurationSet = new ses.ConfigurationSet(stack, 'Set');
    const destination = new SesConfigSetDestination(stack, 'Email', { database: importedDatabase(stack), configurationSet });
    const setRef = { Ref: stack.getLogicalId(configurationSet.node.defaultChild as ses.CfnConfigurationSet) };
    expect(stack.resolve(destination.configurationSetName)).toEqual(setRef);
    Template.fromStack(stack).hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', { ConfigurationSetName: setRef });
  });

  test('takes exactly one of configurationSet and configurationSetName', () => {
    const stack = newStack();
    const configurationSet = ses.ConfigurationSet.fromConfigurationSetName(stack, 'Set', 'marketing');
    expect(() => new SesConfigSetDestination(stack, 'Both', { database: importedDatabase(stack), configurationSet, configurationSetName: 'marketing' }))
      .toThrow(/SesConfigSetDestination Sources\/Both: give the configuration set as either configurationSet or configurationSetName/);
    expect(() => new SesConfigSetDestination(stack, 'Neither', { database: importedDatabase(stack, 'Other') }))
      .toThrow(/not both and not neither/);
  });

  test('publishes only the chosen event types, under the chosen name', () => {
    const stack = newStack();
    new SesConfigSetDestination(stack, 'Email', {
      database: importedDatabase(stack),
      configurationSetName: 'marketing',
      eventTypes: [ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT],
      eventDestinationName: 'engagement-events',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ Name: 'engagement-events', MatchingEventTypes: ['bounce', 'complaint'] }),
    });
  });

  test('is cdk-nag AwsSolutions and cfn-lint clean on an imported database', () => {
    const stack = newStack();
    new SesConfigSetDestination(stack, 'Email', { database: importedDatabase(stack), configurationSetName: 'marketing' });
    expectSourceCompliant(stack);
  });
});

describe('SesConfigSetDestination, through Pinpoint', () => {
  test('attaches a Pinpoint destination through the custom resource, with the API\'s event type names', () => {
    const stack = newStack();
    const destination = new SesConfigSetDestination(stack, 'Email', {
      database: importedDatabase(stack),
      configurationSetName: 'marketing',
      route: SesEventRoute.throughPinpoint('abc123'),
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SES::ConfigurationSetEventDestination', 0);
    template.hasResourceProperties('Custom::SesPinpointEventDestination', {
      ConfigurationSetName: 'marketing',
      EventDestinationName: destination.eventDestinationName,
      ApplicationArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':mobiletargeting:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':apps/abc123']] },
      MatchingEventTypes: ['SEND', 'REJECT', 'BOUNCE', 'COMPLAINT', 'DELIVERY', 'OPEN', 'CLICK', 'RENDERING_FAILURE', 'DELIVERY_DELAY', 'SUBSCRIPTION'],
      Enabled: true,
    });
    expect(destination.role).toBeUndefined();
    expect(destination.route.applicationId).toBe('abc123');
  });

  test('the handler may only manage event destinations of that configuration set', () => {
    const stack = newStack();
    new SesConfigSetDestination(stack, 'Email', {
      database: importedDatabase(stack), configurationSetName: 'marketing', route: SesEventRoute.throughPinpoint('abc123'),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'Handler',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['ses:CreateConfigurationSetEventDestination', 'ses:UpdateConfigurationSetEventDestination', 'ses:DeleteConfigurationSetEventDestination'],
              Resource: CONFIGURATION_SET_ARN,
            },
            { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EmailDestinationLogs'), 'Arn'] } },
          ],
        },
      }],
    });
  });

  test('takes the project of a PinpointEventStream to the same database', () => {
    const stack = newStack();
    const database = importedDatabase(stack);
    const stream = new PinpointEventStream(stack, 'Stream', { database });
    new SesConfigSetDestination(stack, 'Email', {
      database, configurationSetName: 'marketing', route: SesEventRoute.throughPinpoint(stream.applicationId),
    });
    Template.fromStack(stack).hasResourceProperties('Custom::SesPinpointEventDestination', {
      ApplicationArn: { 'Fn::Join': ['', Match.arrayWith([':apps/', { Ref: stack.getLogicalId(stream.app!) }])] },
    });
  });

  test('checks the project ID', () => {
    expect(() => SesEventRoute.throughPinpoint('not a project')).toThrow(/SesEventRoute.throughPinpoint: applicationId 'not a project' is invalid/);
  });

  test('is cdk-nag AwsSolutions and cfn-lint clean', () => {
    const stack = newStack();
    new SesConfigSetDestination(stack, 'Email', {
      database: importedDatabase(stack), configurationSetName: 'marketing', route: SesEventRoute.throughPinpoint('abc123'),
    });
    expectSourceCompliant(stack);
  });
});

describe('SesConfigSetDestination validation', () => {
  test.each([
    ['configurationSetName', { configurationSetName: 'my set' }, /configurationSetName 'my set' is invalid/],
    ['configurationSetName', { configurationSetName: 'x'.repeat(65) }, /configurationSetName 'x+' is invalid/],
    ['eventDestinationName', { eventDestinationName: 'events.db' }, /eventDestinationName 'events.db' is invalid/],
    ['eventTypes', { eventTypes: [] }, /eventTypes is empty/],
    ['eventTypes', { eventTypes: [ses.EmailSendingEvent.OPEN, ses.EmailSendingEvent.OPEN] }, /eventTypes lists an event type more than once/],
  ])('rejects a bad %s', (_prop, props, message) => {
    const stack = newStack();
    expect(() => new SesConfigSetDestination(stack, 'Email', { database: importedDatabase(stack), configurationSetName: 'marketing', ...props }))
      .toThrow(message);
  });
});

import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import { expectSourceCompliant, policiesOf } from './support';
import { SmsVoiceEventDestination } from '../../src';
import { IMPORTED_STREAM_ARN, importedDatabase } from '../support/imported-database';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function newStack(): Stack {
  return new Stack(new App(), 'Sources', { env: ENV });
}

const setArn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:sms-voice:eu-west-1:111111111111:configuration-set/${name}`]] });

function roleOf(stack: Stack, destination: SmsVoiceEventDestination): any {
  return Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(destination.role.node.defaultChild as any)];
}

describe('SmsVoiceEventDestination with a new configuration set', () => {
  test('creates the set with an inline Firehose destination for ALL events', () => {
    const stack = newStack();
    const destination = new SmsVoiceEventDestination(stack, 'Sms', { database: importedDatabase(stack) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SMSVOICE::ConfigurationSet', {
      ConfigurationSetName: destination.configurationSetName,
      EventDestinations: [{
        EventDestinationName: destination.eventDestinationName,
        Enabled: true,
        MatchingEventTypes: ['ALL'],
        KinesisFirehoseDestination: {
          DeliveryStreamArn: IMPORTED_STREAM_ARN,
          IamRoleArn: { 'Fn::GetAtt': [stack.getLogicalId(destination.role.node.defaultChild as any), 'Arn'] },
        },
      }],
    });
    template.resourceCountIs('AWS::Lambda::Function', 0);
    expect(destination.configurationSet).toBeDefined();
    expect(destination.configurationSetName).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  test('the role is limited to the set it publishes for, and may only put records into the stream', () => {
    const stack = newStack();
    const destination = new SmsVoiceEventDestination(stack, 'Sms', { database: importedDatabase(stack), matchingEventTypes: ['TEXT_ALL'] });
    const role = roleOf(stack, destination);
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'sms-voice.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnEquals: { 'aws:SourceArn': setArn(destination.configurationSetName) },
      },
    }]);
    const policies = policiesOf(stack, destination.role);
    expect(policies.statements).toEqual([
      { Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: IMPORTED_STREAM_ARN },
    ]);
    // The set is created with its destination once the role may write.
    Template.fromStack(stack).hasResource('AWS::SMSVOICE::ConfigurationSet', {
      Properties: { EventDestinations: [Match.objectLike({ MatchingEventTypes: ['TEXT_ALL'] })] },
      DependsOn: Match.arrayWith(policies.ids),
    });
  });

  test('two copies in one account get different set names', () => {
    const app = new App();
    const names = ['One', 'Two'].map(id => {
      const stack = new Stack(app, id, { env: ENV });
      return new SmsVoiceEventDestination(stack, 'Sms', { database: importedDatabase(stack) }).configurationSetName;
    });
    expect(names[0]).not.toEqual(names[1]);
  });
});

describe('SmsVoiceEventDestination on an existing configuration set', () => {
  test('adds the destination through the custom resource and creates no set', () => {
    const stack = newStack();
    const destination = new SmsVoiceEventDestination(stack, 'Sms', {
      database: importedDatabase(stack),
      configurationSetName: 'notifications',
      eventDestinationName: 'engagement-events',
      matchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SMSVOICE::ConfigurationSet', 0);
    template.hasResourceProperties('Custom::SmsVoiceEventDestination', {
      ConfigurationSetName: 'notifications',
      EventDestinationName: 'engagement-events',
      MatchingEventTypes: ['TEXT_ALL', 'VOICE_ALL'],
      DeliveryStreamArn: IMPORTED_STREAM_ARN,
      RoleArn: { 'Fn::GetAtt': [stack.getLogicalId(destination.role.node.defaultChild as any), 'Arn'] },
    });
    expect(destination.configurationSet).toBeUndefined();
    expect(roleOf(stack, destination).Properties.AssumeRolePolicyDocument.Statement[0].Condition.ArnEquals)
      .toEqual({ 'aws:SourceArn': setArn('notifications') });
  });

  test('takes the set as a reference instead of a name, and attaches the destination once the role may write', () => {
    const stack = newStack();
    const configurationSet = smsvoice.CfnConfigurationSet.fromConfigurationSetName(stack, 'Set', 'notifications');
    const destination = new SmsVoiceEventDestination(stack, 'Sms', { database: importedDatabase(stack), configurationSet });
    expect(destination.configurationSetName).toBe('notifications');
    expect(destination.configurationSet).toBeUndefined();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SMSVOICE::ConfigurationSet', 0);
    template.hasResource('Custom::SmsVoiceEventDestination', {
      Properties: Match.objectLike({ ConfigurationSetName: 'notifications' }),
      DependsOn: Match.arrayWith(policiesOf(stack, destination.role).ids),
    });
    expect(stack.resolve(roleOf(stack, destination).Properties.AssumeRolePolicyDocument.Statement[0].Condition.ArnEquals['aws:SourceArn']))
      .toEqual(stack.resolve(configurationSet.configurationSetRef.configurationSetArn));
  });

  test('takes the existing set by reference or by name, not both', () => {
    const stack = newStack();
    const configurationSet = smsvoice.CfnConfigurationSet.fromConfigurationSetName(stack, 'Set', 'notifications');
    expect(() => new SmsVoiceEventDestination(stack, 'Sms', { database: importedDatabase(stack), configurationSet, configurationSetName: 'notifications' }))
      .toThrow(/SmsVoiceEventDestination Sources\/Sms: give the existing configuration set as either configurationSet or configurationSetName/);
  });

  test('the handler may only manage destinations of that set and pass this role', () => {
    const stack = newStack();
    const destination = new SmsVoiceEventDestination(stack, 'Sms', { database: importedDatabase(stack), configurationSetName: 'notifications' });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      Policies: [{
        PolicyName: 'Handler',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['sms-voice:CreateEventDestination', 'sms-voice:UpdateEventDestination', 'sms-voice:DeleteEventDestination'],
              Resource: setArn('notifications'),
            },
            { Effect: 'Allow', Action: 'iam:PassRole', Resource: { 'Fn::GetAtt': [stack.getLogicalId(destination.role.node.defaultChild as any), 'Arn'] } },
            { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SmsDestinationLogs'), 'Arn'] } },
          ],
        },
      }],
    });
  });

  test('is cdk-nag AwsSolutions and cfn-lint clean on an imported database', () => {
    const stack = newStack();
    new SmsVoiceEventDestination(stack, 'Sms', { database: importedDatabase(stack), configurationSetName: 'notifications' });
    expectSourceCompliant(stack);
  });
});

describe('SmsVoiceEventDestination validation', () => {
  test.each([
    ['configurationSetName', { configurationSetName: 'arn:aws:sms-voice:eu-west-1:1:configuration-set/x' }, /configurationSetName 'arn:aws:sms-voice.*' is invalid/],
    ['eventDestinationName', { eventDestinationName: 'x'.repeat(65) }, /eventDestinationName 'x+' is invalid/],
    ['matchingEventTypes', { matchingEventTypes: [] }, /matchingEventTypes is empty/],
    ['matchingEventTypes', { matchingEventTypes: ['text_delivered'] }, /matchingEventTypes has 'text_delivered'/],
  ])('rejects a bad %s', (_prop, props, message) => {
    const stack = newStack();
    expect(() => new SmsVoiceEventDestination(stack, 'Sms', { database: importedDatabase(stack), ...props })).toThrow(message);
  });
});

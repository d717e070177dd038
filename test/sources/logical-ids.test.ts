import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { PinpointEventStream, SesConfigSetDestination, SesEventRoute, SmsVoiceEventDestination, WhatsAppEventSource } from '../../src';
import { importedDatabase } from '../support/imported-database';

// A changed logical ID makes CloudFormation replace the resource in every deployed stack (a new role, a new
// configuration set, a removed and re-added event stream): this list changes only on purpose, as a breaking change.
test('the sources keep their logical IDs', () => {
  const stack = new Stack(new App(), 'Sources', { env: { account: '111111111111', region: 'eu-west-1' } });
  const database = importedDatabase(stack);
  new PinpointEventStream(stack, 'Pinpoint', { database });
  new SesConfigSetDestination(stack, 'Email', { database, configurationSetName: 'marketing' });
  new SesConfigSetDestination(stack, 'EmailViaPinpoint', { database, configurationSetName: 'marketing', route: SesEventRoute.throughPinpoint('abc') });
  new SmsVoiceEventDestination(stack, 'Sms', { database });
  new SmsVoiceEventDestination(stack, 'SmsExisting', { database, configurationSetName: 'notifications' });
  new WhatsAppEventSource(stack, 'WhatsApp', { database });
  new WhatsAppEventSource(stack, 'WhatsAppExisting', {
    database, topic: sns.Topic.fromTopicArn(stack, 'ExistingTopic', 'arn:aws:sns:eu-west-1:111111111111:whatsapp-events'),
  });
  const resources = Template.fromStack(stack).toJSON().Resources as Record<string, { Type: string }>;
  expect(Object.entries(resources).map(([id, resource]) => `${resource.Type} ${id}`).sort()).toEqual([
    // Added when the service roles took their permissions from the database's grantWrite (before: inline
    // policies of the roles, whose logical IDs are unchanged).
    'AWS::IAM::Policy EmailRoleDefaultPolicy9C88167B',
    'AWS::IAM::Policy PinpointRoleDefaultPolicyB4E86A2E',
    'AWS::IAM::Policy SmsExistingRoleDefaultPolicyC681984D',
    'AWS::IAM::Policy SmsRoleDefaultPolicy8DB29C2F',
    'AWS::IAM::Policy WhatsAppExistingRoleDefaultPolicyC9794EC7',
    'AWS::IAM::Policy WhatsAppRoleDefaultPolicyB9949388',
    'AWS::IAM::Role EmailRoleE0766E68',
    'AWS::IAM::Role EmailViaPinpointDestinationRole95F2E5AA',
    'AWS::IAM::Role PinpointEventStreamRoleC56DF8EA',
    'AWS::IAM::Role PinpointRoleFA387A2D',
    'AWS::IAM::Role SmsExistingDestinationRole6E51C956',
    'AWS::IAM::Role SmsExistingRole97A52A4F',
    'AWS::IAM::Role SmsRole7D22E812',
    'AWS::IAM::Role WhatsAppExistingRoleFF9A3A4A',
    'AWS::IAM::Role WhatsAppRole2F4F0CB1',
    'AWS::KMS::Key WhatsAppKeyCD675E4A',
    'AWS::Lambda::Function EmailViaPinpointDestinationHandler49EFF238',
    'AWS::Lambda::Function PinpointEventStreamHandlerEEDCB4F9',
    'AWS::Lambda::Function SmsExistingDestinationHandlerA385F772',
    'AWS::Logs::LogGroup EmailViaPinpointDestinationLogs64DAA49E',
    'AWS::Logs::LogGroup PinpointEventStreamLogs3AB92906',
    'AWS::Logs::LogGroup SmsExistingDestinationLogs041A0A8F',
    'AWS::Pinpoint::App PinpointApp530042D2',
    'AWS::SES::ConfigurationSetEventDestination EmailDestination6FE4CF45',
    'AWS::SMSVOICE::ConfigurationSet SmsConfigurationSetA4AEECC3',
    'AWS::SNS::Subscription WhatsAppExistingSubscription045F055F',
    'AWS::SNS::Subscription WhatsAppSubscription7C4D9B3D',
    'AWS::SNS::Topic WhatsAppTopicFB4A2D16',
    'AWS::SNS::TopicPolicy WhatsAppTopicPolicy05821D95',
    'Custom::PinpointEventStream PinpointEventStreamC452DCAE',
    'Custom::SesPinpointEventDestination EmailViaPinpointDestination3542DB34',
    'Custom::SmsVoiceEventDestination SmsExistingDestinationC7E2EC09',
  ]);
});

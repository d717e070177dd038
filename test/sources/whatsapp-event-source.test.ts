import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { expectSourceCompliant, policiesOf } from './support';
import { EventsDatabase, WhatsAppEventSource } from '../../src';
import { acknowledgements } from '../support/compliance';
import { IMPORTED_STREAM_ARN, importedDatabase } from '../support/imported-database';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function newStack(): Stack {
  return new Stack(new App(), 'WhatsApp', { env: ENV });
}

const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as any);
const SOCIAL_MESSAGING_CONDITIONS = {
  StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
  ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':social-messaging:eu-west-1:111111111111:*']] } },
};

describe('WhatsAppEventSource with a topic of its own', () => {
  test('subscribes the delivery stream to the topic: protocol firehose, raw messages, through its role', () => {
    const stack = newStack();
    const source = new WhatsAppEventSource(stack, 'WhatsApp', { database: importedDatabase(stack) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Subscription', 1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'firehose',
      Endpoint: IMPORTED_STREAM_ARN,
      RawMessageDelivery: true,
      TopicArn: { Ref: logicalId(stack, source.topic as sns.Topic) },
      SubscriptionRoleArn: { 'Fn::GetAtt': [logicalId(stack, source.role), 'Arn'] },
    });
  });

  test('the role is SNS\'s, for this topic of this account only, and may only put records into and describe the stream', () => {
    const stack = newStack();
    const source = new WhatsAppEventSource(stack, 'WhatsApp', { database: importedDatabase(stack) });
    const resources = Template.fromStack(stack).toJSON().Resources;
    expect(resources[logicalId(stack, source.role)].Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnEquals: { 'aws:SourceArn': { Ref: logicalId(stack, source.topic as sns.Topic) } },
      },
    }]);
    const policies = Object.values(resources as Record<string, any>).filter(r => r.Type === 'AWS::IAM::Policy');
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.Roles).toEqual([{ Ref: logicalId(stack, source.role) }]);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      // The database's grantWrite.
      { Effect: 'Allow', Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'], Resource: IMPORTED_STREAM_ARN },
      { Effect: 'Allow', Action: ['firehose:DescribeDeliveryStream', 'firehose:ListTagsForDeliveryStream'], Resource: IMPORTED_STREAM_ARN },
    ]);
  });

  test('the subscription waits for the role\'s permissions (the role itself it names)', () => {
    const stack = newStack();
    const source = new WhatsAppEventSource(stack, 'WhatsApp', { database: importedDatabase(stack) });
    const template = Template.fromStack(stack).toJSON();
    const [subscription] = Object.values(template.Resources as Record<string, any>).filter(r => r.Type === 'AWS::SNS::Subscription');
    expect(subscription.DependsOn).toEqual(policiesOf(stack, source.role).ids);
  });

  test('the topic is standard, encrypted with a rotated customer managed key, TLS only, and End User Messaging Social of this account may publish', () => {
    const stack = newStack();
    const source = new WhatsAppEventSource(stack, 'WhatsApp', { database: importedDatabase(stack) });
    const template = Template.fromStack(stack);
    const keyId = logicalId(stack, source.encryptionKey as kms.Key);
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      FifoTopic: Match.absent(),
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Principal: { Service: 'social-messaging.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: SOCIAL_MESSAGING_CONDITIONS,
        }]),
      },
    });
    const topicRef = { Ref: logicalId(stack, source.topic as sns.Topic) };
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'social-messaging.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: topicRef,
            Condition: SOCIAL_MESSAGING_CONDITIONS,
          }),
        ]),
      },
    });
  });

  test('the topic\'s ARN is a stack output, to set as the WhatsApp Business Account\'s event destination', () => {
    const stack = newStack();
    const source = new WhatsAppEventSource(stack, 'WhatsApp', { database: importedDatabase(stack) });
    Template.fromStack(stack).hasOutput('*', {
      Value: { Ref: logicalId(stack, source.topic as sns.Topic) },
      Description: Match.stringLikeRegexp('event destination of each WhatsApp Business Account'),
    });
  });

  test('is cdk-nag AwsSolutions and cfn-lint clean, with nothing acknowledged', () => {
    const stack = newStack();
    const source = new WhatsAppEventSource(stack, 'WhatsApp', { database: importedDatabase(stack) });
    expectSourceCompliant(stack);
    expect(acknowledgements(source)).toEqual([]);
  });
});

describe('WhatsAppEventSource on an existing topic', () => {
  test('subscribes to it and creates no topic, key or output', () => {
    const stack = newStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Existing', 'arn:aws:sns:eu-west-1:111111111111:whatsapp-events');
    const source = new WhatsAppEventSource(stack, 'WhatsApp', { database: importedDatabase(stack), topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::SNS::TopicPolicy', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(template.toJSON().Outputs ?? {}).toEqual({});
    expect(source.topic).toBe(topic);
    expect(source.encryptionKey).toBeUndefined();
    template.hasResourceProperties('AWS::SNS::Subscription', { TopicArn: 'arn:aws:sns:eu-west-1:111111111111:whatsapp-events', Protocol: 'firehose' });
    expect(template.toJSON().Resources[logicalId(stack, source.role)].Properties.AssumeRolePolicyDocument.Statement[0].Condition.ArnEquals)
      .toEqual({ 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111111111111:whatsapp-events' });
    expectSourceCompliant(stack);
  });

  test('a FIFO topic is refused at synthesis, naming the construct and the fix', () => {
    const stack = newStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Existing', 'arn:aws:sns:eu-west-1:111111111111:whatsapp-events.fifo');
    expect(() => new WhatsAppEventSource(stack, 'WhatsApp', { database: importedDatabase(stack), topic }))
      .toThrow(/WhatsAppEventSource at 'WhatsApp\/WhatsApp': topic 'whatsapp-events.fifo' is a FIFO topic.*give a standard topic, or leave topic out/);
  });
});

describe('WhatsAppEventSource on the real EventsDatabase', () => {
  test('in the same stack: the role writes only to the database\'s stream, and the stack is compliant', () => {
    const stack = newStack();
    const database = new EventsDatabase(stack, 'Events');
    const source = new WhatsAppEventSource(stack, 'WhatsApp', { database });
    const streamArn = stack.resolve(database.deliveryStream.deliveryStreamArn);
    expect(policiesOf(stack, source.role).statements.map((statement: any) => statement.Resource)).toEqual([streamArn, streamArn]);
    expectSourceCompliant(stack);
  });
});

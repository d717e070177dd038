import { Aws, CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { IEventsDatabase } from '../../database/events-database-ref';
import { checkDatabaseGiven } from '../../private/rules';
import { createServiceWriterRole } from '../service-writer-role';

/** Properties of a `WhatsAppEventSource`. */
export interface WhatsAppEventSourceProps {
  /** The events database that receives the events. It may be imported from another stack. */
  readonly database: IEventsDatabase;

  /**
   * The SNS topic a WhatsApp Business Account publishes its events to: its message and event destination in
   * AWS End User Messaging Social. A standard topic (End User Messaging Social does not publish to FIFO topics)
   * whose policy, and key policy when it is encrypted, let the service principal
   * `social-messaging.amazonaws.com` publish; the construct subscribes to it and changes nothing else.
   *
   * @default - a new standard topic, encrypted with a new customer managed KMS key (rotated yearly), TLS only, to
   * which End User Messaging Social of this account and region may publish; its ARN is a stack output
   */
  readonly topic?: sns.ITopic;
}

/** The service that publishes WhatsApp events to the topic. */
const SOCIAL_MESSAGING = 'social-messaging.amazonaws.com';

/**
 * Puts the events of AWS End User Messaging Social (WhatsApp) into an events database: every message status
 * and every inbound message of the WhatsApp Business Accounts whose event destination is the topic.
 *
 * The topic's subscription of protocol `firehose` delivers each event to the database's delivery stream as it
 * was published (raw message delivery), where the record processor turns each message status and message
 * into a `_whatsapp.*` record. Set the topic (`topicArn`, a stack output when the construct creates it) as the
 * event destination of each WhatsApp Business Account in End User Messaging Social.
 */
export class WhatsAppEventSource extends Construct {
  /** The topic the WhatsApp Business Accounts publish their events to. */
  public readonly topic: sns.ITopic;
  /** The role SNS assumes to put the topic's messages into the delivery stream. */
  public readonly role: iam.IRole;
  /** The key that encrypts the topic, when this construct created the topic. */
  public readonly encryptionKey?: kms.IKey;

  /**
   * @param scope the construct to add the event source to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: WhatsAppEventSourceProps) {
    super(scope, id);
    checkDatabaseGiven(this, 'WhatsAppEventSource', props?.database);
    if (props.topic !== undefined && props.topic.fifo) {
      throw new Error(`WhatsAppEventSource at '${this.node.path}': topic '${props.topic.topicName}' is a FIFO topic, and End User Messaging `
        + 'Social publishes only to standard topics: give a standard topic, or leave topic out to have one created.');
    }
    const stack = Stack.of(this);
    if (props.topic) {
      this.topic = props.topic;
    } else {
      const created = this.createTopic(stack);
      this.topic = created.topic;
      this.encryptionKey = created.key;
      new CfnOutput(this, 'TopicArn', {
        description: 'The SNS topic to set as the event destination of each WhatsApp Business Account in AWS End User Messaging Social',
        value: this.topic.topicArn,
      });
    }

    const deliveryStream = props.database.deliveryStream;
    const { role, grant } = createServiceWriterRole(this, 'Role', {
      database: props.database,
      service: 'sns.amazonaws.com',
      sourceArn: this.topic.topicArn,
      description: 'Lets SNS put the WhatsApp events of the topic into the events database',
    });
    // SNS reads the stream's description when it delivers to it (AWS's recommended permissions for a Firehose
    // subscription); ListDeliveryStreams, also recommended, cannot be scoped to one stream and is left out.
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['firehose:DescribeDeliveryStream', 'firehose:ListTagsForDeliveryStream'],
      resources: [deliveryStream.deliveryStreamArn],
    }));
    this.role = role;

    const subscription = new sns.Subscription(this, 'Subscription', {
      topic: this.topic,
      protocol: sns.SubscriptionProtocol.FIREHOSE,
      endpoint: deliveryStream.deliveryStreamArn,
      // The event as End User Messaging Social published it, not wrapped in SNS's notification JSON: the record
      // processor recognises it by its whatsAppWebhookEntry.
      rawMessageDelivery: true,
      subscriptionRoleArn: role.roleArn,
    });
    // SNS checks the role when the subscription is created: its permissions must exist first.
    grant.applyBefore(subscription);
  }

  private createTopic(stack: Stack): { topic: sns.Topic; key: kms.Key } {
    // End User Messaging Social may publish to the topic only as itself, for this account's WhatsApp resources.
    const confusedDeputy = {
      StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'social-messaging', resource: '*' }) },
    };
    // A customer managed key: the AWS managed SNS key's policy cannot let End User Messaging Social use it.
    const key = new kms.Key(this, 'Key', {
      description: 'Encrypts the WhatsApp events topic of an events database',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(SOCIAL_MESSAGING)],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: confusedDeputy,
    }));
    const topic = new sns.Topic(this, 'Topic', {
      displayName: 'WhatsApp events for the events database',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal(SOCIAL_MESSAGING)],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: confusedDeputy,
    }));
    return { topic, key };
  }
}

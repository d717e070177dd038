import { Annotations, Aws, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pinpoint from 'aws-cdk-lib/aws-pinpoint';
import { Construct } from 'constructs';
import { EventStreamFunction } from './event-stream-function';
import { IEventsDatabase } from '../../database/events-database-ref';
import { LambdaBackedResource } from '../lambda-backed-resource';

/** Properties of a `PinpointEventStream`. */
export interface PinpointEventStreamProps {
  /** The events database that receives the project's events. It may be imported from another stack. */
  readonly database: IEventsDatabase;

  /**
   * The ID of an existing Pinpoint project whose events to stream.
   *
   * @default - a new Pinpoint project is created (with a synth-time warning: Pinpoint takes no new customers)
   */
  readonly applicationId?: string;

  /**
   * The name of the project created when no `applicationId` is given.
   *
   * @default - the construct's path in the app
   */
  readonly applicationName?: string;

  /**
   * Whether to replace an event stream the project already has to another destination. A project has only
   * one event stream; without this, deploying fails with a message naming the current destination.
   *
   * @default false
   */
  readonly replaceExistingStream?: boolean;
}

const APPLICATION_ID_PATTERN = /^[a-zA-Z0-9]{1,64}$/;

/**
 * Streams a Pinpoint project's events (messages, campaigns, journeys, app events) into an events database's
 * delivery stream. Several projects may stream to the same database.
 *
 * The stream is attached through the Pinpoint API, not `AWS::Pinpoint::EventStream`, because attaching one silently
 * replaces whatever stream the project had: this construct refuses to do that unless `replaceExistingStream` is set,
 * and on removal deletes the stream only while it still points at the database.
 *
 * Amazon Pinpoint takes no new customers since 2025-05-20 and its engagement features reached end of support on
 * 2026-10-30. For new sending, publish SES events with `SesConfigSetDestination` and SMS/voice events with
 * `SmsVoiceEventDestination`.
 */
export class PinpointEventStream extends Construct {
  /** The role Pinpoint assumes to put records into the delivery stream. */
  public readonly role: iam.IRole;
  /** The ID of the streamed project. */
  public readonly applicationId: string;
  /** The ARN of the streamed project. */
  public readonly applicationArn: string;
  /** The project, when this construct created it. */
  public readonly app?: pinpoint.CfnApp;

  /**
   * @param scope the construct to add the event stream to
   * @param id the construct ID, unique within `scope`
   * @param props the configuration
   */
  constructor(scope: Construct, id: string, props: PinpointEventStreamProps) {
    super(scope, id);

    if (props.applicationId !== undefined && !Token.isUnresolved(props.applicationId) && !APPLICATION_ID_PATTERN.test(props.applicationId)) {
      throw new Error(`PinpointEventStream: applicationId '${props.applicationId}' is invalid: a Pinpoint project ID is 1 to 64 letters and digits (the Project ID in the console).`);
    }
    if (props.applicationId !== undefined && props.applicationName !== undefined) {
      throw new Error('PinpointEventStream: applicationName names a project this construct creates; it cannot be combined with applicationId, which streams an existing project.');
    }

    if (props.applicationId === undefined) {
      Annotations.of(this).addWarningV2('cdk-engagement-events-database:pinpointEndOfSupport',
        'PinpointEventStream creates a new Amazon Pinpoint project, but Pinpoint takes no new customers since 2025-05-20 and its '
        + 'engagement features reached end of support on 2026-10-30. For new sending, publish SES events with SesConfigSetDestination '
        + '(SES configuration sets, DIRECT) and SMS/voice events with SmsVoiceEventDestination (AWS End User Messaging).');
      this.app = new pinpoint.CfnApp(this, 'App', { name: props.applicationName ?? this.node.path.replace(/\//g, '-').slice(-64) });
      this.applicationId = this.app.ref;
    } else {
      this.applicationId = props.applicationId;
    }
    this.applicationArn = `arn:${Aws.PARTITION}:mobiletargeting:${Aws.REGION}:${Aws.ACCOUNT_ID}:apps/${this.applicationId}`;

    const deliveryStreamArn = props.database.deliveryStream.deliveryStreamArn;
    const role = new iam.Role(this, 'Role', {
      description: 'Lets Pinpoint put the project\'s events into the events database',
      assumedBy: new iam.ServicePrincipal('pinpoint.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnEquals: { 'aws:SourceArn': this.applicationArn },
        },
      }),
      inlinePolicies: {
        PutEvents: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({
            actions: ['firehose:PutRecordBatch', 'firehose:DescribeDeliveryStream'],
            resources: [deliveryStreamArn],
          })],
        }),
      },
    });
    this.role = role;

    new LambdaBackedResource(this, 'EventStream', {
      createFunction: (fnScope, fnId, options) => new EventStreamFunction(fnScope, fnId, options),
      resourceType: 'Custom::PinpointEventStream',
      statements: [
        new iam.PolicyStatement({
          actions: ['mobiletargeting:GetEventStream', 'mobiletargeting:PutEventStream', 'mobiletargeting:DeleteEventStream'],
          resources: [this.applicationArn, `${this.applicationArn}/eventstream`],
        }),
        new iam.PolicyStatement({ actions: ['iam:PassRole'], resources: [role.roleArn] }),
      ],
      properties: {
        ApplicationId: this.applicationId,
        DestinationStreamArn: deliveryStreamArn,
        RoleArn: role.roleArn,
        ReplaceExistingStream: props.replaceExistingStream ?? false,
      },
    });
  }
}

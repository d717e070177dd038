import { Annotations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pinpoint from 'aws-cdk-lib/aws-pinpoint';
import { Construct } from 'constructs';
import { EventStreamFunction } from './event-stream-function';
import { checkApplicationId, pinpointApplicationArn } from './pinpoint-application';
import { IEventsDatabase } from '../../database/events-database-ref';
import { LambdaBackedResource } from '../lambda-backed-resource';
import { createServiceWriterRole } from '../service-writer-role';

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

    if (props.applicationId !== undefined) {
      checkApplicationId('PinpointEventStream: applicationId', props.applicationId);
    }
    if (props.applicationId !== undefined && props.applicationName !== undefined) {
      throw new Error('PinpointEventStream: applicationName names a project this construct creates; it cannot be combined with applicationId, which streams an existing project.');
    }

    if (props.applicationId === undefined) {
      Annotations.of(this).addWarningV2('cdk-engagement-events-database:pinpointEndOfSupport',
        'PinpointEventStream creates a new Amazon Pinpoint project, but Pinpoint takes no new customers since 2025-05-20 and its '
        + 'engagement features reached end of support on 2026-10-30. For new sending, publish SES events with SesConfigSetDestination '
        + '(SES configuration sets, straight to the database) and SMS/voice events with SmsVoiceEventDestination (AWS End User Messaging).');
      this.app = new pinpoint.CfnApp(this, 'App', { name: props.applicationName ?? this.node.path.replace(/\//g, '-').slice(-64) });
      this.applicationId = this.app.ref;
    } else {
      this.applicationId = props.applicationId;
    }
    this.applicationArn = pinpointApplicationArn(this.applicationId);

    const { role, grant } = createServiceWriterRole(this, 'Role', {
      database: props.database,
      service: 'pinpoint.amazonaws.com',
      sourceArn: this.applicationArn,
      description: 'Lets Pinpoint put the project\'s events into the events database',
    });
    // Pinpoint also reads the stream's description when the event stream is attached.
    const describe = props.database.deliveryStream.grant(role, 'firehose:DescribeDeliveryStream');
    this.role = role;

    const eventStream = new LambdaBackedResource(this, 'EventStream', {
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
        DestinationStreamArn: props.database.deliveryStream.deliveryStreamArn,
        RoleArn: role.roleArn,
        ReplaceExistingStream: props.replaceExistingStream ?? false,
      },
    });
    grant.applyBefore(eventStream.resource);
    describe.applyBefore(eventStream.resource);
  }
}

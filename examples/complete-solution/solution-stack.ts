import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import {
  AnalyticsWorkgroup, EventsDatabase, PinpointEventStream, SesConfigSetDestination, SmsVoiceEventDestination,
} from 'cdk-engagement-events-database';
import { Construct } from 'constructs';

/** The complete solution's inputs, as the implementation guide names them. */
export interface CompleteSolutionProps extends StackProps {
  /**
   * An existing Pinpoint project whose events to stream. Without it a project named `pinpointProjectName`
   * is created (Amazon Pinpoint reached end of support on 2026-10-30: prefer SES and End User Messaging).
   * @default - no Pinpoint project at all, unless `pinpointProjectName` is given
   */
  readonly pinpointProjectId?: string;
  /** Name of a Pinpoint project to create when `pinpointProjectId` is not given. */
  readonly pinpointProjectName?: string;
  /** Existing SES configuration sets whose events to publish straight to the database. */
  readonly sesConfigurationSetNames?: string[];
  /**
   * An existing End User Messaging SMS and voice configuration set; without it one is created.
   * @default - a configuration set is created
   */
  readonly smsVoiceConfigurationSetName?: string;
  /** @default 'due_eventdb' */
  readonly databaseName?: string;
}

/**
 * The whole events database of the implementation guide in one stack: the database and its views, the
 * reference analyses in an Athena workgroup, and every source the guide connects (a Pinpoint project, SES
 * configuration sets), plus End User Messaging SMS and voice, which carries SMS after Pinpoint.
 */
export class CompleteSolutionStack extends Stack {
  public readonly database: EventsDatabase;

  constructor(scope: Construct, id: string, props: CompleteSolutionProps = {}) {
    super(scope, id, props);

    this.database = new EventsDatabase(this, 'EventsDatabase', { databaseName: props.databaseName });
    new AnalyticsWorkgroup(this, 'Analytics', { database: this.database });

    // The guide's outputs, so that more projects and configuration sets can be connected later.
    new CfnOutput(this, 'EventsBucketName', { value: this.database.bucket.bucketName });
    new CfnOutput(this, 'DatabaseName', { value: this.database.databaseName });
    new CfnOutput(this, 'DeliveryStreamName', { value: this.database.deliveryStream.deliveryStreamName });

    if (props.pinpointProjectId || props.pinpointProjectName) {
      const pinpoint = new PinpointEventStream(this, 'PinpointEvents', {
        database: this.database,
        applicationId: props.pinpointProjectId,
        applicationName: props.pinpointProjectName,
      });
      new CfnOutput(this, 'PinpointProjectId', { value: pinpoint.applicationId });
      new CfnOutput(this, 'PinpointProjectArn', { value: pinpoint.applicationArn });
      new CfnOutput(this, 'PinpointStreamRoleName', { value: pinpoint.role.roleName });
    }

    for (const configurationSetName of props.sesConfigurationSetNames ?? []) {
      new SesConfigSetDestination(this, `Ses-${configurationSetName}`, { database: this.database, configurationSetName });
    }

    const sms = new SmsVoiceEventDestination(this, 'SmsVoiceEvents', {
      database: this.database,
      configurationSetName: props.smsVoiceConfigurationSetName,
    });
    new CfnOutput(this, 'SmsVoiceConfigurationSetName', { value: sms.configurationSetName });
  }
}

/** Reads the inputs from CDK context (`cdk deploy -c key=value`), the way the guide's template took parameters. */
export function propsFromContext(node: { tryGetContext(key: string): unknown }): CompleteSolutionProps {
  const text = (key: string) => {
    const value = node.tryGetContext(key);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  return {
    pinpointProjectId: text('pinpointProjectId'),
    pinpointProjectName: text('pinpointProjectName'),
    sesConfigurationSetNames: text('sesConfigurationSets')?.split(',').map(name => name.trim()).filter(Boolean),
    smsVoiceConfigurationSetName: text('smsVoiceConfigurationSet'),
    databaseName: text('databaseName'),
  };
}

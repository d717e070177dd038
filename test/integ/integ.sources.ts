/**
 * Sources connected to an events database deployed in another stack and imported by its attributes: an SES
 * configuration set created here, publishing straight to the delivery stream, an End User Messaging SMS
 * and voice configuration set created by the destination, and the SNS topic for WhatsApp events subscribed to it.
 *
 *   npx integ-runner --language typescript --app 'npx tsx {filePath}' integ.sources.ts
 *
 * Amazon Pinpoint is left out: it reached end of support on 2026-10-30 and no longer creates projects, so a
 * deployment test of PinpointEventStream would depend on a project that already exists in the account.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { EventsDatabase, SesConfigSetDestination, SesEventRoute, SmsVoiceEventDestination, WhatsAppEventSource } from '../../src';

const app = new App();

const databaseStack = new Stack(app, 'SourcesIntegDatabaseStack');
const deployed = new EventsDatabase(databaseStack, 'EventsDatabase', {
  databaseName: 'integ_sources',
  createViews: false,
  removalPolicy: RemovalPolicy.DESTROY,
});

const sourcesStack = new Stack(app, 'SourcesIntegStack');
const database = EventsDatabase.fromEventsDatabaseAttributes(sourcesStack, 'EventsDatabase', {
  databaseName: deployed.databaseName,
  bucket: deployed.bucket,
  deliveryStream: deployed.deliveryStream,
});

const configurationSet = new ses.ConfigurationSet(sourcesStack, 'EmailConfigurationSet');
const email = new SesConfigSetDestination(sourcesStack, 'EmailEvents', {
  database,
  configurationSet,
  route: SesEventRoute.direct(),
});

const sms = new SmsVoiceEventDestination(sourcesStack, 'SmsVoiceEvents', { database });

const whatsApp = new WhatsAppEventSource(sourcesStack, 'WhatsAppEvents', { database });

const integ = new IntegTest(app, 'SourcesInteg', { testCases: [sourcesStack] });

integ.assertions.awsApiCall('SESV2', 'getConfigurationSetEventDestinations', {
  ConfigurationSetName: configurationSet.configurationSetName,
}).expect(ExpectedResult.objectLike({
  EventDestinations: [{ Name: email.eventDestinationName, Enabled: true }],
}));
integ.assertions.awsApiCall('PinpointSMSVoiceV2', 'describeConfigurationSets', {
  ConfigurationSetNames: [sms.configurationSetName],
}).expect(ExpectedResult.objectLike({
  ConfigurationSets: [{ ConfigurationSetName: sms.configurationSetName }],
}));

integ.assertions.awsApiCall('SNS', 'listSubscriptionsByTopic', { TopicArn: whatsApp.topic.topicArn })
  .expect(ExpectedResult.objectLike({
    Subscriptions: [{ Protocol: 'firehose' }],
  }));

app.synth();

import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IMPORTED_STREAM_ARN, PINPOINT_APP_WARNING, expectSourceCompliant, importedEventsDatabase } from './support';
import { EventsDatabase, IEventsDatabase, PinpointEventStream, SesConfigSetDestination, SesEventRoute, SmsVoiceEventDestination } from '../../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };

/** Every source in every mode, on one database. */
function addEverySource(stack: Stack, database: IEventsDatabase) {
  const pinpoint = new PinpointEventStream(stack, 'Pinpoint', { database });
  const existingProject = new PinpointEventStream(stack, 'ExistingProject', { database, applicationId: 'abc123' });
  const email = new SesConfigSetDestination(stack, 'Email', { database, configurationSetName: 'marketing' });
  new SesConfigSetDestination(stack, 'EmailViaPinpoint', {
    database, configurationSetName: 'transactional', mode: SesEventRoute.THROUGH_PINPOINT, applicationId: pinpoint.applicationId,
  });
  const sms = new SmsVoiceEventDestination(stack, 'Sms', { database });
  const existingSet = new SmsVoiceEventDestination(stack, 'SmsExisting', { database, configurationSetName: 'notifications' });
  return [pinpoint.role, existingProject.role, email.role!, sms.role, existingSet.role];
}

/** The resources the service roles may write to, and the actions. */
function firehoseGrants(stack: Stack, roles: iam.IRole[]) {
  const resources = Template.fromStack(stack).toJSON().Resources;
  return roles.map(role => resources[stack.getLogicalId(role.node.defaultChild as any)].Properties.Policies
    .flatMap((policy: any) => policy.PolicyDocument.Statement)
    .map((statement: any) => statement.Resource));
}

describe('the sources on the real EventsDatabase', () => {
  test('in the same stack: every service role writes only to its delivery stream, and the stack is compliant', () => {
    const stack = new Stack(new App(), 'EventsAndSources', { env: ENV });
    const database = new EventsDatabase(stack, 'Events');
    const roles = addEverySource(stack, database);
    const streamArn = stack.resolve(database.deliveryStream.deliveryStreamArn);
    expect(firehoseGrants(stack, roles)).toEqual(roles.map(() => [streamArn]));
    expectSourceCompliant(stack, PINPOINT_APP_WARNING);
  });

  test('imported from another stack with fromEventsDatabaseAttributes: the same, by the stream ARN', () => {
    const stack = new Stack(new App(), 'Sources', { env: ENV });
    const database = importedEventsDatabase(stack);
    const roles = addEverySource(stack, database);
    expect(firehoseGrants(stack, roles)).toEqual(roles.map(() => [IMPORTED_STREAM_ARN]));
    // Sources add nothing to the database: no policy, no bucket, no delivery stream.
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
    expectSourceCompliant(stack, PINPOINT_APP_WARNING);
  });
});

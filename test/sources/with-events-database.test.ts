import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PINPOINT_APP_WARNING, expectSourceCompliant, policiesOf } from './support';
import {
  EventsDatabase, IEventsDatabase, PinpointEventStream, SesConfigSetDestination, SesEventRoute, SmsVoiceEventDestination, WhatsAppEventSource,
} from '../../src';
import { IMPORTED_STREAM_ARN, importedDatabase } from '../support/imported-database';

const ENV = { account: '111111111111', region: 'eu-west-1' };

/** Every source in every mode, on one database. */
function addEverySource(stack: Stack, database: IEventsDatabase) {
  const pinpoint = new PinpointEventStream(stack, 'Pinpoint', { database });
  const existingProject = new PinpointEventStream(stack, 'ExistingProject', { database, applicationId: 'abc123' });
  const email = new SesConfigSetDestination(stack, 'Email', { database, configurationSetName: 'marketing' });
  new SesConfigSetDestination(stack, 'EmailViaPinpoint', {
    database, configurationSetName: 'transactional', route: SesEventRoute.throughPinpoint(pinpoint.applicationId),
  });
  const sms = new SmsVoiceEventDestination(stack, 'Sms', { database });
  const existingSet = new SmsVoiceEventDestination(stack, 'SmsExisting', { database, configurationSetName: 'notifications' });
  const whatsApp = new WhatsAppEventSource(stack, 'WhatsApp', { database });
  return [pinpoint.role, existingProject.role, email.role!, sms.role, existingSet.role, whatsApp.role];
}

/** What each service role may do, and on what. */
function grantsOf(stack: Stack, roles: iam.IRole[]) {
  return roles.map(role => {
    const statements = policiesOf(stack, role).statements;
    return {
      actions: [...new Set(statements.flatMap((statement: any) => [].concat(statement.Action)))].sort(),
      resources: [...new Set(statements.map((statement: any) => JSON.stringify(statement.Resource)))].map(r => JSON.parse(r)),
    };
  });
}

const PUT_RECORDS = ['firehose:PutRecord', 'firehose:PutRecordBatch'];
/** Pinpoint describes the stream as well when its event stream is attached. */
const PINPOINT_ACTIONS = ['firehose:DescribeDeliveryStream', ...PUT_RECORDS];
/** SNS describes the stream and reads its tags when it delivers to it. */
const SNS_ACTIONS = ['firehose:DescribeDeliveryStream', 'firehose:ListTagsForDeliveryStream', ...PUT_RECORDS];

/** The database's grantWrite to every role, limited to its delivery stream. */
function expectedGrants(streamArn: unknown) {
  return [PINPOINT_ACTIONS, PINPOINT_ACTIONS, PUT_RECORDS, PUT_RECORDS, PUT_RECORDS, SNS_ACTIONS]
    .map(actions => ({ actions, resources: [streamArn] }));
}

describe('the sources on the real EventsDatabase', () => {
  test('in the same stack: every service role writes only to its delivery stream, and the stack is compliant', () => {
    const stack = new Stack(new App(), 'EventsAndSources', { env: ENV });
    const database = new EventsDatabase(stack, 'Events');
    const roles = addEverySource(stack, database);
    const streamArn = stack.resolve(database.deliveryStream.deliveryStreamArn);
    expect(grantsOf(stack, roles)).toEqual(expectedGrants(streamArn));
    expectSourceCompliant(stack, PINPOINT_APP_WARNING);
  });

  test('imported from another stack with fromEventsDatabaseAttributes: the same, by the stream ARN', () => {
    const stack = new Stack(new App(), 'Sources', { env: ENV });
    const database = importedDatabase(stack);
    const roles = addEverySource(stack, database);
    expect(grantsOf(stack, roles)).toEqual(expectedGrants(IMPORTED_STREAM_ARN));
    // Sources add nothing to the database: no bucket, no delivery stream, and policies on their own roles only.
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', roles.length);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 0);
    expectSourceCompliant(stack, PINPOINT_APP_WARNING);
  });
});

import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AnalyticsWorkgroup, EventViews, LegacyEventsTable, PinpointEventStream, SesConfigSetDestination, SmsVoiceEventDestination, WhatsAppEventSource,
} from '../../src';

// JavaScript and Python callers can leave out a required prop (or all props); the constructs say which, where,
// and what to pass, instead of failing with a TypeError inside.
const CONSTRUCTS: Array<[string, (scope: Construct, id: string, props: any) => unknown, Record<string, unknown>]> = [
  ['EventViews', (scope, id, props) => new EventViews(scope, id, props), {}],
  ['AnalyticsWorkgroup', (scope, id, props) => new AnalyticsWorkgroup(scope, id, props), {}],
  ['PinpointEventStream', (scope, id, props) => new PinpointEventStream(scope, id, props), { applicationId: 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6' }],
  ['SesConfigSetDestination', (scope, id, props) => new SesConfigSetDestination(scope, id, props), { configurationSetName: 'marketing' }],
  ['SmsVoiceEventDestination', (scope, id, props) => new SmsVoiceEventDestination(scope, id, props), {}],
  ['LegacyEventsTable', (scope, id, props) => new LegacyEventsTable(scope, id, props), {}],
  ['WhatsAppEventSource', (scope, id, props) => new WhatsAppEventSource(scope, id, props), {}],
];

describe.each(CONSTRUCTS)('%s without its database', (kind, create, otherProps) => {
  test.each([
    ['database: undefined', { ...otherProps, database: undefined }],
    ['database: null (None in Python)', { ...otherProps, database: null }],
    ['no props at all', undefined],
  ])('%s fails at synth, naming the construct path, the prop and the fix', (_case, props) => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => create(stack, 'Thing', props)).toThrow(new RegExp(`^${kind} Stack/Thing: database is missing: pass the `));
  });
});

/**
 * The complete solution as a CDK app. In this folder (or a copy of it, after `npm install`):
 *
 *   npx cdk synth
 *   npx cdk deploy -c pinpointProjectId=<id> -c sesConfigurationSets=marketing,transactional -c databaseName=due_eventdb
 *
 * Every input is optional; see CompleteSolutionProps.
 */
import { App } from 'aws-cdk-lib';
import { CompleteSolutionStack, propsFromContext } from './solution-stack';

const app = new App();
new CompleteSolutionStack(app, 'EngagementEventsDatabase', propsFromContext(app.node));
app.synth();

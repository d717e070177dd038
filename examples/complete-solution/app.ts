/**
 * The complete solution as a CDK app:
 *
 *   npx cdk deploy --app 'npx tsx examples/complete-solution/app.ts' \
 *     -c pinpointProjectId=<id> -c sesConfigurationSets=marketing,transactional -c databaseName=due_eventdb
 *
 * Every input is optional; see CompleteSolutionProps.
 */
import { App } from 'aws-cdk-lib';
import { CompleteSolutionStack, propsFromContext } from './solution-stack';

const app = new App();
new CompleteSolutionStack(app, 'EngagementEventsDatabase', propsFromContext(app.node));
app.synth();

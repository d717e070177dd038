import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { RecordProcessorFunction } from '../record-processor-function';

/** The function that normalizes records before Firehose converts them, with its log group and role. */
export function createRecordProcessor(scope: Construct): lambda.IFunction {
  const logGroup = new logs.LogGroup(scope, 'RecordProcessorLogs', { retention: logs.RetentionDays.ONE_YEAR });
  const role = new iam.Role(scope, 'RecordProcessorRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'Normalizes event records for the events database delivery stream',
  });
  // Only its own log group: the function calls no other service.
  logGroup.grantWrite(role);
  return new RecordProcessorFunction(scope, 'RecordProcessor', {
    description: 'Normalizes SES and End User Messaging records into the Pinpoint event record shape',
    role,
    logGroup,
    memorySize: 512,
    timeout: Duration.minutes(1),
    architecture: lambda.Architecture.ARM_64,
  });
}

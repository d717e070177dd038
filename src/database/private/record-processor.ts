import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ICEBERG_ROWS_ENV } from '../record-processing';
import { RecordProcessorFunction } from '../record-processor-function';

/** How long Firehose lets the record processor run on one buffer. */
export const RECORD_PROCESSOR_TIMEOUT = Duration.minutes(1);

/**
 * The function that normalizes records before Firehose converts them, with its log group (encrypted with
 * `logsEncryptionKey` when given) and role.
 */
export function createRecordProcessor(scope: Construct, logsEncryptionKey?: kms.IKey, icebergRows = false): lambda.Function {
  const logGroup = new logs.LogGroup(scope, 'RecordProcessorLogs', { retention: logs.RetentionDays.ONE_YEAR, encryptionKey: logsEncryptionKey });
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
    timeout: RECORD_PROCESSOR_TIMEOUT,
    architecture: lambda.Architecture.ARM_64,
    // Rows of the Iceberg table carry their arrival hour (see ProcessingOptions.icebergRows).
    environment: icebergRows ? { [ICEBERG_ROWS_ENV]: 'true' } : undefined,
  });
}

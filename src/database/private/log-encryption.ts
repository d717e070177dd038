import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The actions CloudWatch Logs takes with a key that encrypts a log group. */
const LOGS_KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/**
 * The key to encrypt the database's log groups with: the bucket's customer managed key, once its key policy lets
 * CloudWatch Logs of this account and Region use it for log groups (the condition names log groups, not one of
 * them: a log group's name is generated, and naming it in the key policy would make the key and the log group
 * depend on each other). A key this app cannot change (an imported one) is not used: the log groups keep
 * CloudWatch Logs' own encryption, and a warning says so.
 */
export function logGroupEncryptionKey(scope: Construct, key: kms.IKey | undefined): kms.IKey | undefined {
  if (!key) {
    return undefined;
  }
  const stack = Stack.of(scope);
  const logGroups = stack.formatArn({
    service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const { statementAdded } = key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'CloudWatchLogsEncryptsLogGroups',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: LOGS_KEY_ACTIONS,
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroups } },
  }));
  if (!statementAdded) {
    Annotations.of(scope).addWarningV2('cdk-engagement-events-database:logGroupsKey',
      'The log groups keep CloudWatch Logs\' own encryption: the bucket\'s key is imported, and this app cannot let CloudWatch Logs '
      + 'use it in its key policy. Create the key in this app (kms.Key) to have the log groups encrypted with it.');
    return undefined;
  }
  return key;
}

/**
 * Encrypts a log group created by another construct that takes no key (the partition registrar's), through its
 * CloudFormation resource.
 */
export function encryptLogGroup(logGroup: logs.ILogGroup, key: kms.IKey): void {
  (logGroup.node.defaultChild as logs.CfnLogGroup).kmsKeyId = key.keyArn;
}

import { Aws, Token } from 'aws-cdk-lib';

/** A Pinpoint project ID, as the console shows it. */
const APPLICATION_ID_PATTERN = /^[a-zA-Z0-9]{1,64}$/;

/** Throws `<what> '<id>' is invalid: ...` unless `applicationId` is a Pinpoint project ID (or a token). */
export function checkApplicationId(what: string, applicationId: string): void {
  if (!Token.isUnresolved(applicationId) && !APPLICATION_ID_PATTERN.test(applicationId)) {
    throw new Error(`${what} '${applicationId}' is invalid: a Pinpoint project ID is 1 to 64 letters and digits (the Project ID in the console).`);
  }
}

/** The ARN of a Pinpoint project of the stack's account and region. */
export function pinpointApplicationArn(applicationId: string): string {
  return `arn:${Aws.PARTITION}:mobiletargeting:${Aws.REGION}:${Aws.ACCOUNT_ID}:apps/${applicationId}`;
}

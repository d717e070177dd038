import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Lets `grantee` use `key` only through the given services (`kms:ViaService`), for principals that never call KMS
 * themselves: S3 decrypts the objects they read, Athena encrypts the results it writes.
 */
export function grantKeyThroughServices(grantee: iam.IGrantable, key: kms.IKey, actions: string[], services: string[]): iam.Grant {
  // The service uses the key in the key's Region.
  const viaServices = services.map(service => `${service}.${Stack.of(key).region}.amazonaws.com`);
  return iam.Grant.addToPrincipal({
    grantee,
    actions,
    resourceArns: [key.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': viaServices.length === 1 ? viaServices[0] : viaServices } },
  });
}

/**
 * Lets `grantee` read the objects under `prefix` as Athena does (list the bucket, read the objects) and, when
 * `key` encrypts them, decrypt them through S3. The key is given rather than read from the bucket, so that an
 * imported bucket given with its key (`Bucket.fromBucketName` carries none) gets it too.
 */
export function grantReadObjects(grantee: iam.IGrantable, bucket: s3.IBucket, prefix: string, key: kms.IKey | undefined): iam.Grant {
  const grant = iam.Grant.addToPrincipalOrResource({
    grantee,
    actions: ['s3:GetObject'],
    resourceArns: [bucket.arnForObjects(`${prefix}*`)],
    resource: bucket,
  });
  iam.Grant.addToPrincipalOrResource({
    grantee,
    actions: ['s3:GetBucketLocation', 's3:ListBucket'],
    resourceArns: [bucket.bucketArn],
    resource: bucket,
  });
  if (key) {
    grantKeyThroughServices(grantee, key, ['kms:Decrypt'], ['s3']);
  }
  return grant;
}

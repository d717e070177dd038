import { Aws } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IEventsDatabase } from '../database/events-database-ref';

/** What a service writes to the database, and on behalf of what. */
export interface ServiceWriterRoleProps {
  /** The database whose delivery stream the service writes to. */
  readonly database: IEventsDatabase;
  /** The service principal, e.g. `ses.amazonaws.com`. */
  readonly service: string;
  /** The resource whose events the service writes (a project, a configuration set): the role serves it alone. */
  readonly sourceArn: string;
  /** What the role is for, as IAM shows it. */
  readonly description: string;
}

/** The role, and the database's grant to it. */
export interface ServiceWriterRole {
  readonly role: iam.Role;
  /**
   * The database's `grantWrite` to the role. Whatever makes the service use the role (a destination, an event
   * stream) must be deployed after it: pass it to `grant.applyBefore`.
   */
  readonly grant: iam.Grant;
}

/**
 * A role that a service assumes to put one resource's events into the database. Its trust is limited to that
 * resource in this account (`aws:SourceAccount`, `aws:SourceArn`: no other customer can make the service use it,
 * the confused-deputy problem), and its permissions are those of the database's `grantWrite`.
 */
export function createServiceWriterRole(scope: Construct, id: string, props: ServiceWriterRoleProps): ServiceWriterRole {
  const role = new iam.Role(scope, id, {
    description: props.description,
    assumedBy: new iam.ServicePrincipal(props.service, {
      conditions: {
        StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
        ArnEquals: { 'aws:SourceArn': props.sourceArn },
      },
    }),
  });
  return { role, grant: props.database.grantWrite(role) };
}

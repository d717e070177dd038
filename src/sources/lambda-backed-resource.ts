import { CustomResource, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** How long a handler may run: enough for its retries while a new role propagates. */
const HANDLER_TIMEOUT = Duration.minutes(3);
/**
 * How long CloudFormation waits for an answer. The handler answers before its own timeout; this bounds the wait
 * when it cannot answer at all (e.g. the function fails to start), instead of CloudFormation's default hour.
 */
const SERVICE_TIMEOUT = Duration.minutes(5);

/** What a Lambda-backed custom resource needs. */
export interface LambdaBackedResourceProps {
  /** Creates the bundled handler function (a generated `*-function.ts` class) with the given options. */
  readonly createFunction: (scope: Construct, id: string, options: lambda.FunctionOptions) => lambda.Function;
  /** What the handler does in the service, and only that. */
  readonly statements: iam.PolicyStatement[];
  /** `Custom::...` */
  readonly resourceType: string;
  /** Passed to the handler as `ResourceProperties`. */
  readonly properties: Record<string, unknown>;
}

/**
 * A custom resource served directly by its own function (no provider framework): the function answers
 * CloudFormation itself, logs to its own log group, and its role holds the service statements and its log
 * writes, nothing else. Everything lives in the calling construct's scope, so the construct owns (and can explain)
 * every resource it adds; nothing is shared across the stack.
 */
export class LambdaBackedResource extends Construct {
  public readonly handler: lambda.Function;
  public readonly role: iam.Role;
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: LambdaBackedResourceProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.resourceType} custom resource handler`,
      // Inline, so that the function can do its work as soon as it exists.
      inlinePolicies: {
        Handler: new iam.PolicyDocument({
          statements: [
            ...props.statements,
            new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
          ],
        }),
      },
    });
    this.handler = props.createFunction(this, 'Handler', {
      role: this.role,
      logGroup,
      timeout: HANDLER_TIMEOUT,
      memorySize: 256,
      architecture: lambda.Architecture.ARM_64,
      description: `Creates, updates and deletes ${props.resourceType}`,
    });
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.handler.functionArn,
      serviceTimeout: SERVICE_TIMEOUT,
      resourceType: props.resourceType,
      properties: props.properties,
    });
  }
}

import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';

/** What a custom-resource operation returns to CloudFormation. */
export interface CustomResourceResult {
  readonly physicalResourceId: string;
  readonly data?: Record<string, string>;
}

/** The part of CloudFormation's request every operation reads. */
export type CustomResourceEvent = CloudFormationCustomResourceEvent;

/**
 * The physical ID reported for a Create that failed. CloudFormation sends a Delete for it while rolling back;
 * that Delete must not touch anything, because the failed Create made nothing (and what exists belongs to
 * someone else, e.g. an event stream we refused to replace).
 */
export const CREATE_FAILED_PREFIX = 'create-failed:';

/** True when a Delete is the rollback of a Create that failed and so has nothing to remove. */
export function isRollbackOfFailedCreate(event: CustomResourceEvent): boolean {
  return event.RequestType === 'Delete' && event.PhysicalResourceId.startsWith(CREATE_FAILED_PREFIX);
}

/**
 * What a custom resource does in the service, request by request. The dispatch between them, which is the same
 * for every resource, is `applyLifecycle`'s.
 */
export interface ResourceLifecycle<P> {
  /** The resource's properties, read and checked from what CloudFormation passed. */
  propertiesOf(raw: Record<string, unknown>): P;
  /** The physical ID: properties with another ID describe another resource, so an update to them is a replacement. */
  physicalIdOf(props: P): string;
  /** Makes the resource. */
  create(props: P): Promise<void>;
  /** Changes the resource in place; `previous` are its properties before the update (same physical ID). */
  update(props: P, previous: P): Promise<void>;
  /** Removes what `create` made. */
  delete(props: P): Promise<void>;
}

/**
 * Serves one CloudFormation request with a resource's lifecycle. An update to another physical ID creates the new
 * resource, and CloudFormation then deletes the previous one with its own request. A Delete that rolls back a
 * failed Create touches nothing.
 */
export async function applyLifecycle<P>(event: CustomResourceEvent, lifecycle: ResourceLifecycle<P>): Promise<CustomResourceResult> {
  const props = lifecycle.propertiesOf(event.ResourceProperties);
  switch (event.RequestType) {
    case 'Create':
      await lifecycle.create(props);
      return { physicalResourceId: lifecycle.physicalIdOf(props) };
    case 'Update': {
      const previous = lifecycle.propertiesOf(event.OldResourceProperties);
      if (lifecycle.physicalIdOf(previous) === lifecycle.physicalIdOf(props)) {
        await lifecycle.update(props, previous);
      } else {
        await lifecycle.create(props);
      }
      return { physicalResourceId: lifecycle.physicalIdOf(props) };
    }
    case 'Delete':
      if (!isRollbackOfFailedCreate(event)) {
        await lifecycle.delete(props);
      }
      return { physicalResourceId: event.PhysicalResourceId };
  }
}

/** One structured log line. */
export function log(message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ message, ...fields }));
}

/** The error's name as the AWS SDK v3 reports it. */
export function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? '';
}

/** Options of `retryWhileRolePropagates`. */
export interface RetryOptions {
  /** How many attempts in all. */
  readonly attempts: number;
  /** Delay before the second attempt; doubled for each following one. */
  readonly firstDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 6, firstDelayMs: 2_000 };

/**
 * Runs `operation`, retrying while the service reports that it cannot use the role: a role created in the same
 * deployment takes a few seconds to become assumable everywhere, and services check it when a destination is
 * attached.
 */
export async function retryWhileRolePropagates<T>(operation: () => Promise<T>, options: RetryOptions = DEFAULT_RETRY): Promise<T> {
  let delay = options.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const message = (error as Error)?.message ?? '';
      // A denial names the caller's assumed role too, but retrying cannot fix it.
      const denied = /AccessDenied|Forbidden|Unauthorized/i.test(errorName(error)) || /not authorized/i.test(message);
      const aboutRole = /\brole\b|assume/i.test(message);
      if (denied || !aboutRole || attempt >= options.attempts) {
        throw error;
      }
      log('The service cannot use the role yet; retrying', { attempt, delayMs: delay, error: message });
      await new Promise(resolve => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

/** The body CloudFormation expects at the pre-signed response URL. */
export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** CloudFormation rejects responses over 4096 bytes; keep the reason well under that. */
const MAX_REASON_LENGTH = 1_000;

/** Puts the response to the pre-signed URL CloudFormation gave. */
export async function sendResponse(responseUrl: string, response: CustomResourceResponse): Promise<void> {
  const body = JSON.stringify(response);
  const url = new URL(responseUrl);
  const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
  await new Promise<void>((resolve, reject) => {
    const outgoing = request(url, {
      method: 'PUT',
      // The pre-signed URL is signed for an empty content type.
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
    }, incoming => {
      incoming.resume();
      incoming.on('end', () => (incoming.statusCode !== undefined && incoming.statusCode < 300
        ? resolve()
        : reject(new Error(`CloudFormation answered the response with HTTP ${incoming.statusCode}`))));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Time kept back from the Lambda timeout to report a failure before the function is stopped. */
const RESPONSE_MARGIN_MS = 10_000;

/**
 * Turns an operation into a Lambda handler for a Lambda-backed custom resource: it always answers CloudFormation,
 * with the operation's result, with its error as the reason, or with a timeout failure before Lambda stops the
 * function (an unanswered request leaves the stack waiting for an hour).
 */
export function customResourceHandler(operation: (event: CustomResourceEvent) => Promise<CustomResourceResult>) {
  return async (event: CustomResourceEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<CustomResourceResponse> => {
    log('Request', { requestType: event.RequestType, logicalResourceId: event.LogicalResourceId, properties: event.ResourceProperties });
    const previousId = event.RequestType === 'Create' ? undefined : event.PhysicalResourceId;
    const failedId = previousId ?? `${CREATE_FAILED_PREFIX}${event.RequestId}`;
    let timer: NodeJS.Timeout | undefined;
    const budget = context ? context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS : undefined;
    const timeout = new Promise<never>((_, reject) => {
      if (budget !== undefined) {
        timer = setTimeout(() => reject(new Error(`${event.RequestType} did not finish in time`)), Math.max(budget, 0));
      }
    });
    let response: CustomResourceResponse;
    try {
      const result = await Promise.race([operation(event), timeout]);
      response = {
        Status: 'SUCCESS',
        PhysicalResourceId: result.physicalResourceId,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
        Data: result.data,
      };
    } catch (error) {
      const reason = `${errorName(error) || 'Error'}: ${(error as Error)?.message ?? String(error)}`;
      log('Failed', { requestType: event.RequestType, reason });
      response = {
        Status: 'FAILED',
        Reason: reason.slice(0, MAX_REASON_LENGTH),
        PhysicalResourceId: failedId,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
      };
    } finally {
      clearTimeout(timer);
    }
    log('Response', { status: response.Status, physicalResourceId: response.PhysicalResourceId, reason: response.Reason });
    await sendResponse(event.ResponseURL, response);
    return response;
  };
}

/** A resource property CloudFormation passed as a string, required. */
export function requiredProperty(properties: Record<string, unknown>, name: string): string {
  const value = properties[name];
  if (typeof value !== 'string' || value === '') {
    throw new Error(`The custom resource property ${name} is missing`);
  }
  return value;
}

/** A list property, which CloudFormation passes as an array of strings. */
export function listProperty(properties: Record<string, unknown>, name: string): string[] {
  const value = properties[name];
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error(`The custom resource property ${name} must be a non-empty list`);
  }
  return value.map(String);
}

/** A boolean property: CloudFormation turns booleans into the strings 'true' and 'false'. */
export function booleanProperty(properties: Record<string, unknown>, name: string): boolean {
  const value = properties[name];
  return value === true || value === 'true';
}

import { existsSync } from 'fs';
import { createServer, IncomingHttpHeaders, Server } from 'http';
import { AddressInfo } from 'net';
import { join } from 'path';
import { CreateAppCommand, GetEventStreamCommand, PinpointClient } from '@aws-sdk/client-pinpoint';
import { createRequest, deleteRequest, updateRequest } from './cfn-events';
import { motoClientConfig } from './support';
import { awsEnvironment, startMoto } from '../../fixtures/moto';
import { customResourceHandler } from '../../src/sources/custom-resource.lambda-shared';

/** Stands in for CloudFormation's pre-signed response URL and keeps what it receives. */
class ResponseCollector {
  public readonly received: Array<{ method?: string; headers: IncomingHttpHeaders; body: any }> = [];
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', chunk => { body += chunk; });
      request.on('end', () => {
        this.received.push({ method: request.method, headers: request.headers, body: JSON.parse(body) });
        response.end();
      });
    });
  }

  public async start(): Promise<string> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/response?signature=abc`;
  }

  public async stop(): Promise<void> {
    await new Promise(resolve => this.server.close(resolve));
  }
}

let collector: ResponseCollector;
let responseUrl: string;

beforeAll(async () => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  collector = new ResponseCollector();
  responseUrl = await collector.start();
});
afterAll(async () => collector.stop());

function at<T extends { ResponseURL: string }>(request: T): T {
  return { ...request, ResponseURL: responseUrl };
}

describe('answering CloudFormation', () => {
  test('a successful operation is answered SUCCESS with its physical ID and data, by PUT with an empty content type', async () => {
    const handler = customResourceHandler(async () => ({ physicalResourceId: 'thing:1', data: { Name: 'one' } }));
    const request = at(createRequest({ A: 'b' }));
    await handler(request);
    const answer = collector.received.at(-1)!;
    expect(answer.method).toBe('PUT');
    expect(answer.headers['content-type']).toBe('');
    expect(answer.body).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'thing:1',
      Data: { Name: 'one' },
      StackId: request.StackId,
      RequestId: request.RequestId,
      LogicalResourceId: request.LogicalResourceId,
    });
  });

  test('a failed Create is answered FAILED with the error as reason and a physical ID its rollback Delete recognises', async () => {
    const handler = customResourceHandler(async () => {
      throw new Error('the project already streams elsewhere');
    });
    const request = at(createRequest({}));
    await handler(request);
    const answer = collector.received.at(-1)!.body;
    expect(answer.Status).toBe('FAILED');
    expect(answer.Reason).toBe('Error: the project already streams elsewhere');
    expect(answer.PhysicalResourceId).toBe(`create-failed:${request.RequestId}`);
  });

  test('a failed Update or Delete keeps the resource\'s physical ID', async () => {
    const handler = customResourceHandler(async () => {
      throw new Error('denied');
    });
    await handler(at(updateRequest('thing:7', {}, {})));
    expect(collector.received.at(-1)!.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'thing:7' });
    await handler(at(deleteRequest('thing:8', {})));
    expect(collector.received.at(-1)!.body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: 'thing:8' });
  });

  test('an operation that would outlive the function is answered FAILED before Lambda stops it', async () => {
    const handler = customResourceHandler(() => new Promise(() => undefined));
    const started = Date.now();
    await handler(at(createRequest({})), { getRemainingTimeInMillis: () => 10_100 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(collector.received.at(-1)!.body).toMatchObject({ Status: 'FAILED', Reason: 'Error: Create did not finish in time' });
  });

  test('a reason longer than CloudFormation accepts is cut short', async () => {
    const handler = customResourceHandler(async () => {
      throw new Error('x'.repeat(10_000));
    });
    await handler(at(createRequest({})));
    expect(collector.received.at(-1)!.body.Reason.length).toBeLessThanOrEqual(1_000);
  });

  test('an unreachable response URL fails the invocation, so Lambda logs it', async () => {
    const handler = customResourceHandler(async () => ({ physicalResourceId: 'x' }));
    await expect(handler(createRequest({}, 'http://127.0.0.1:9/unreachable'))).rejects.toThrow();
  });
});

describe('the bundled Pinpoint event stream handler', () => {
  const asset = join(__dirname, '..', '..', 'assets', 'sources', 'pinpoint', 'event-stream.lambda', 'index.js');

  test('answers a Create from CloudFormation after putting the stream (against moto)', async () => {
    if (!existsSync(asset)) {
      throw new Error(`${asset} is missing: bundle the handlers first with \`npx projen bundle\` (\`npx projen build\` does it).`);
    }
    const moto = await startMoto();
    const saved = { ...process.env };
    try {
      Object.assign(process.env, awsEnvironment(moto.endpoint));
      const pinpoint = new PinpointClient({ ...motoClientConfig(moto.endpoint), region: process.env.AWS_REGION });
      const app = (await pinpoint.send(new CreateAppCommand({ CreateApplicationRequest: { Name: 'bundled' } }))).ApplicationResponse!.Id!;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { handler } = require(asset);
      const stream = 'arn:aws:firehose:us-east-1:123456789012:deliverystream/engagement-events';
      await handler(createRequest({
        ApplicationId: app, DestinationStreamArn: stream, RoleArn: 'arn:aws:iam::123456789012:role/r', ReplaceExistingStream: 'false',
      }, responseUrl), { getRemainingTimeInMillis: () => 180_000 });
      expect(collector.received.at(-1)!.body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: `eventstream:${app}` });
      const current = await pinpoint.send(new GetEventStreamCommand({ ApplicationId: app }));
      expect(current.EventStream?.DestinationStreamArn).toBe(stream);
      pinpoint.destroy();
    } finally {
      process.env = saved;
      await moto.stop();
    }
  });
});

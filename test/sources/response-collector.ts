import { createServer, IncomingHttpHeaders, Server } from 'http';
import { AddressInfo } from 'net';

/** One answer a handler sent to the pre-signed response URL. */
export interface ReceivedResponse {
  readonly method?: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: any;
}

/** Stands in for CloudFormation's pre-signed response URL and keeps what it receives. */
export class ResponseCollector {
  public readonly received: ReceivedResponse[] = [];
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

  /** Listens on the loopback interface and returns the URL to answer to. */
  public async start(): Promise<string> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/response?signature=abc`;
  }

  public async stop(): Promise<void> {
    await new Promise(resolve => this.server.close(resolve));
  }
}

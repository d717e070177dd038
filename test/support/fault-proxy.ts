import { createServer, IncomingMessage, request, Server, ServerResponse } from 'http';
import { AddressInfo } from 'net';

/** One AWS JSON-protocol call that went through the proxy. */
export interface RecordedCall {
  /** The operation, from `X-Amz-Target` without its service prefix (e.g. `BatchCreatePartition`). */
  readonly operation: string;
  readonly body: any;
  /** What the client was answered: the status and, for JSON answers, the parsed body. */
  status?: number;
  response?: any;
}

/** An answer made up by the proxy instead of the emulator's. */
export interface FakeAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** What to do with one call: answer it, or forward it (its request or answer optionally rewritten). */
export type Interception =
  | { readonly answer: FakeAnswer }
  | { readonly rewriteRequest?: (body: any) => any; readonly rewriteResponse?: (body: any, request: any) => any };

export type Interceptor = (call: RecordedCall) => Interception | undefined;

/** An AWS JSON error answer, as Glue sends it. */
export function awsError(code: string, message: string, status = 400): FakeAnswer {
  return { status, body: { __type: code, message } };
}

/**
 * A local HTTP proxy in front of an emulator that records every AWS JSON-protocol call and lets a test answer
 * chosen calls itself (throttling, access denied) or rewrite them (partial batch errors).
 */
export class FaultProxy {
  static async start(target: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(target);
    await new Promise<void>(resolve => proxy.server.listen(0, '127.0.0.1', () => resolve()));
    return proxy;
  }

  readonly calls: RecordedCall[] = [];
  private interceptors: Interceptor[] = [];
  private readonly server: Server;

  private constructor(private readonly target: string) {
    this.server = createServer((req, res) => { void this.handle(req, res); });
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Adds an interceptor; the first one that returns an interception decides. */
  intercept(interceptor: Interceptor): void {
    this.interceptors.push(interceptor);
  }

  /** Intercepts the next `times` calls of `operation` with `interception`, then lets them through. */
  interceptNext(operation: string, times: number, interception: Interception): void {
    let left = times;
    this.intercept(call => (call.operation === operation && left-- > 0 ? interception : undefined));
  }

  /** Forgets recorded calls and interceptors. */
  clear(): void {
    this.calls.length = 0;
    this.interceptors = [];
  }

  callsOf(operation: string): RecordedCall[] {
    return this.calls.filter(call => call.operation === operation);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readAll(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    let body: any;
    try {
      body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : undefined;
    } catch {
      body = undefined;
    }
    const call: RecordedCall = { operation: target.split('.').pop() ?? '', body };
    this.calls.push(call);
    const interception = this.interceptors.map(interceptor => interceptor(call)).find(found => found !== undefined);

    if (interception && 'answer' in interception) {
      call.status = interception.answer.status;
      call.response = interception.answer.body;
      const payload = JSON.stringify(interception.answer.body);
      const type = (interception.answer.body as { __type?: string }).__type;
      res.writeHead(interception.answer.status, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': Buffer.byteLength(payload),
        ...(type ? { 'x-amzn-errortype': type } : {}),
      });
      res.end(payload);
      return;
    }

    const rewriteRequest = interception?.rewriteRequest;
    const rewriteResponse = interception?.rewriteResponse;
    const forwardedBody = rewriteRequest ? Buffer.from(JSON.stringify(rewriteRequest(body))) : raw;
    const headers = { ...req.headers, 'content-length': String(forwardedBody.length) };
    const upstream = new URL(req.url ?? '/', this.target);
    const answer = await new Promise<{ status: number; headers: Record<string, any>; body: Buffer }>((resolve, reject) => {
      const forward = request(upstream, { method: req.method, headers }, upstreamRes => {
        readAll(upstreamRes).then(data => resolve({ status: upstreamRes.statusCode ?? 502, headers: upstreamRes.headers, body: data }), reject);
      });
      forward.on('error', reject);
      forward.end(forwardedBody);
    });
    let out = answer.body;
    let parsed: any;
    try {
      parsed = JSON.parse(answer.body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (rewriteResponse && parsed !== undefined) {
      parsed = rewriteResponse(parsed, body);
      out = Buffer.from(JSON.stringify(parsed));
    }
    call.status = answer.status;
    call.response = parsed;
    const responseHeaders: Record<string, any> = { ...answer.headers, 'content-length': String(out.length) };
    delete responseHeaders['transfer-encoding'];
    res.writeHead(answer.status, responseHeaders);
    res.end(out);
  }
}

function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', chunk => chunks.push(Buffer.from(chunk)));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

import { ChildProcess, spawn } from 'child_process';
import { existsSync } from 'fs';
import { request } from 'http';
import { delimiter, join } from 'path';
import { freePort } from './free-port';

/** A moto_server process listening on 127.0.0.1, owned by the test that started it. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`, for `AWS_ENDPOINT_URL` or a client's `endpoint`. */
  readonly endpoint: string;
  readonly port: number;
  /** Forgets every resource created so far (moto's reset API). */
  reset(): Promise<void>;
  /** Stops the process and waits for it to exit. */
  stop(): Promise<void>;
}

/** Environment that points the AWS SDK at `endpoint` with dummy credentials. */
export function awsEnvironment(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function onPath(tool: string): string | undefined {
  return (process.env.PATH ?? '').split(delimiter).filter(Boolean).map(dir => join(dir, tool)).find(candidate => existsSync(candidate));
}

function httpCall(url: string, method: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, res => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Starts `moto_server -H 127.0.0.1 -p <free port>` and waits until it answers. Fails, naming how to install it,
 * when moto_server is not on PATH.
 */
export async function startMoto(timeoutMillis = 30_000): Promise<MotoServer> {
  const executable = onPath('moto_server');
  if (!executable) {
    throw new Error('moto_server is not on PATH: install with scripts/run test (requirements-dev.txt), '
      + 'or `pip install -r requirements-dev.txt` and put its bin directory on PATH.');
  }
  const port = await freePort();
  const child: ChildProcess = spawn(executable, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', chunk => { stderr = (stderr + String(chunk)).slice(-4000); });
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
  const endpoint = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + timeoutMillis;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`moto_server exited with code ${child.exitCode} before answering: ${stderr}`);
    }
    try {
      await httpCall(`${endpoint}/moto-api/`, 'GET');
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMillis} ms: ${stderr}`);
      }
      await new Promise(resolve => setTimeout(resolve, 100));
    }
  }

  return {
    endpoint,
    port,
    reset: async () => {
      const status = await httpCall(`${endpoint}/moto-api/reset`, 'POST');
      if (status !== 200) {
        throw new Error(`moto reset answered HTTP ${status}`);
      }
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

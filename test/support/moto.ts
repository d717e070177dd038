import { ChildProcess, spawn, spawnSync } from 'child_process';
import { createServer } from 'net';

/** A moto server on the loopback interface, for clients to talk to instead of AWS. */
export interface MotoServer {
  /** e.g. `http://127.0.0.1:51234` */
  readonly endpoint: string;
  /** Client options that point an AWS SDK v3 client at this server. */
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /** Stops the server. */
  stop(): Promise<void>;
}

const INSTALL_HINT = 'moto_server is not installed or not on PATH. Install the development tools with `scripts/run test` '
  + '(it creates .tools/venv from requirements-dev.txt and puts it on PATH), or `pip install -r requirements-dev.txt`.';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(`${endpoint}/moto-api/`);
    return response.status < 500;
  } catch {
    return false;
  }
}

/**
 * Starts `moto_server` on 127.0.0.1 with a free port and waits until it answers. Fails with an install hint when
 * moto is missing: a test that needs it must not silently pass without it.
 */
export async function startMotoServer(region = 'eu-west-1', timeoutMs = 30_000, command = 'moto_server'): Promise<MotoServer> {
  const check = spawnSync(command, ['--help'], { encoding: 'utf8' });
  if (check.error || check.status !== 0) {
    throw new Error(INSTALL_HINT);
  }
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr?.on('data', chunk => { output = (output + String(chunk)).slice(-4_000); });
  let exited = false;
  child.once('exit', () => { exited = true; });

  const deadline = Date.now() + timeoutMs;
  while (!(await answers(endpoint))) {
    if (exited || Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not start on ${endpoint}: ${output}`);
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }

  return {
    endpoint,
    clientConfig: { endpoint, region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } },
    stop: () => new Promise<void>(resolve => {
      if (exited) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill();
    }),
  };
}

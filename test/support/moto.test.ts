import { startMotoServer } from './moto';

describe('startMotoServer', () => {
  test('starts a server on the loopback interface that answers, and stops it', async () => {
    const moto = await startMotoServer();
    expect(moto.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${moto.endpoint}/moto-api/`)).status).toBeLessThan(500);
    await moto.stop();
    await expect(fetch(`${moto.endpoint}/moto-api/`)).rejects.toThrow();
  });

  test('fails with an install hint when moto_server is not on PATH', async () => {
    await expect(startMotoServer('eu-west-1', 1_000, 'moto_server_not_installed')).rejects.toThrow(/moto_server is not installed.*scripts\/run test/);
  });
});

import { startMoto } from '../../fixtures/moto';

describe('startMoto', () => {
  test('starts moto_server on 127.0.0.1, which answers until stopped', async () => {
    const moto = await startMoto();
    try {
      expect(moto.endpoint).toBe(`http://127.0.0.1:${moto.port}`);
      expect((await fetch(`${moto.endpoint}/moto-api/`)).ok).toBe(true);
      await moto.reset();
    } finally {
      await moto.stop();
    }
    await expect(fetch(`${moto.endpoint}/moto-api/`)).rejects.toThrow();
  });

  test('fails naming how to install it when moto_server is not on PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startMoto()).rejects.toThrow(/moto_server is not on PATH: install with scripts\/run test \(requirements-dev\.txt\)/);
    } finally {
      process.env.PATH = path;
    }
  });
});

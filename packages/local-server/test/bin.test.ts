import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildServer, startChildServer } from './helpers/child-server.ts';
import { cleanEnv } from './helpers/clean-env.ts';
import { send } from './helpers/jss-client.ts';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'dist', 'bin', 'jss-local-server.js');

describe('jss-local-server', () => {
  beforeAll(buildServer, 120_000);

  it('prints its endpoint when ready, serves, and stops cleanly on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'jss-bin-'));
    const server = await startChildServer(dataDir);
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await send(server.endpoint, { method: 'GET' })).status).toBe(200);
    const exit = new Promise<number | null>((resolve) => server.process.once('exit', resolve));
    server.process.kill('SIGTERM');
    expect(await exit).toBe(0);
    await rm(dataDir, { recursive: true, force: true });
  });

  it.each([
    [['--port', 'x'], 2, '--port must be'],
    [['--bogus'], 2, "Unknown option '--bogus'"],
    [['--access-key', 'AK'], 2, 'go together'],
    [['--idle-timeout-ms', 'abc'], 2, '--idle-timeout-ms must be a whole number of milliseconds'],
    [['--body-timeout-ms', '1.5'], 2, '--body-timeout-ms must be a whole number of milliseconds'],
    [['--host', '0.0.0.0', '--port', '0'], 1, 'LOCAL_SERVER_INSECURE_BIND'],
  ])('refuses %j with exit code %i', async (args, code, message) => {
    const failure = await run(process.execPath, [bin, ...args], { env: cleanEnv() }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code, stderr: expect.stringContaining(message) });
  });

  it('lists every option in its usage line', async () => {
    const { stdout } = await run(process.execPath, [bin, '--help'], { env: cleanEnv() });
    const [usage = ''] = stdout.split('\n\n');
    for (const option of stdout.matchAll(/^ {2}(--[a-z-]+)/gm))
      expect(usage).toMatch(new RegExp(`${option[1]}\\b`));
  });
});

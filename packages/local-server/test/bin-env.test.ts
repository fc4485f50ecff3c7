// jss-local-server takes its key pair from the environment, as the `jss` CLI does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type ChildServer, startChildServer } from './helpers/child-server.ts';
import { send, TEST_CREDENTIALS } from './helpers/jss-client.ts';

const KEYS = { accessKeyId: 'envAccessKey0001', secretAccessKey: 'env-secret-key-of-forty-characters-00001' };
let dataDir: string;
let server: ChildServer | undefined;

beforeAll(async () => {
  buildServer();
  dataDir = await mkdtemp(join(tmpdir(), 'jss-bin-env-'));
}, 120_000);

afterAll(async () => {
  await server?.kill();
  await rm(dataDir, { recursive: true, force: true });
});

describe('jss-local-server', () => {
  it('serves with the key pair of JSS_ACCESS_KEY and JSS_SECRET_KEY when both are exported', async () => {
    server = await startChildServer(dataDir, {
      env: { JSS_ACCESS_KEY: KEYS.accessKeyId, JSS_SECRET_KEY: KEYS.secretAccessKey },
    });
    expect((await send(server.endpoint, { method: 'GET', credentials: KEYS })).status).toBe(200);
    expect((await send(server.endpoint, { method: 'GET', credentials: TEST_CREDENTIALS })).status).toBe(403);
  });
});

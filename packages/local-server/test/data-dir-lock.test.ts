import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalServerError, readDataDirLock, startLocalServer } from '../src/index.ts';
import { buildServer, startChildServer } from './helpers/child-server.ts';
import { send } from './helpers/jss-client.ts';

const directories: string[] = [];

async function freshDataDir(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'jss-lock-'));
  directories.push(directory);
  return directory;
}

/** The pid of a process that has exited (so it is free on this host, at least for a while). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

beforeAll(buildServer, 120_000);
afterAll(() => Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true }))));

describe('the data directory lock', () => {
  it('refuses a second server on a directory another process serves, naming it, and leaves its upload alone', async () => {
    const dataDir = await freshDataDir();
    const first = await startChildServer(dataDir);
    try {
      await send(first.endpoint, { method: 'PUT', bucket: 'locked' });
      const initiated = await send(first.endpoint, {
        method: 'POST',
        bucket: 'locked',
        key: 'k',
        query: 'uploads',
      });
      const uploadId = String(initiated.json().UploadId);
      const query = `uploadId=${uploadId}&partNumber=1`;
      await send(first.endpoint, { method: 'PUT', bucket: 'locked', key: 'k', query, body: 'part one' });
      // Stands for a body being received right now, which start-up cleanup (emptying tmp/) would delete.
      await writeFile(join(dataDir, 'tmp', 'body-in-flight'), 'half a part');

      const second = await startLocalServer({ dataDir }).catch((error: unknown) => error);
      expect(LocalServerError.isInstance(second)).toBe(true);
      expect(second).toMatchObject({
        code: 'LOCAL_SERVER_DATA_DIR_LOCKED',
        message: expect.stringContaining(`process ${first.process.pid}`),
        holder: { pid: first.process.pid, hostname: hostname(), endpoint: first.endpoint },
      });
      expect(await readdir(join(dataDir, 'tmp'))).toEqual(['body-in-flight']);
      const parts = await send(first.endpoint, {
        method: 'GET',
        bucket: 'locked',
        key: 'k',
        query: `uploadId=${uploadId}`,
      });
      expect(parts.json().Part).toHaveLength(1);
    } finally {
      await first.kill();
    }
  });

  it('is taken over from a process that died (kill -9), and released on close', async () => {
    const dataDir = await freshDataDir();
    const first = await startChildServer(dataDir);
    await send(first.endpoint, { method: 'PUT', bucket: 'survives' });
    await first.kill();
    expect((await readDataDirLock(dataDir))?.pid).toBe(first.process.pid);

    const second = await startLocalServer({ dataDir });
    expect(await readDataDirLock(dataDir)).toMatchObject({ pid: process.pid, endpoint: second.endpoint });
    expect((await send(second.endpoint, { method: 'HEAD', bucket: 'survives' })).status).toBe(200);
    await second.close();
    expect(await readDataDirLock(dataDir)).toBeUndefined();
  });

  it('takes over a dead holder once when several start at the same time', async () => {
    const dataDir = await freshDataDir();
    const dead = { pid: await deadPid(), hostname: hostname(), startedAt: new Date().toISOString() };
    await writeFile(join(dataDir, 'lock.json'), JSON.stringify(dead));
    const starts = await Promise.allSettled(Array.from({ length: 4 }, () => startChildServer(dataDir)));
    const running = starts.flatMap((start) => (start.status === 'fulfilled' ? [start.value] : []));
    try {
      expect(running).toHaveLength(1);
      expect(JSON.parse(await readFile(join(dataDir, 'lock.json'), 'utf8')).pid).toBe(
        running[0]?.process.pid,
      );
    } finally {
      await Promise.all(running.map((server) => server.kill()));
    }
  });
});

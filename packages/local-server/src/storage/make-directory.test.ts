import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalServer } from '../start-local-server.ts';
import { makeDirectory } from './make-directory.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'jss-mkdir-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

// Node's mkdir(path, { recursive: true }) never settles under /proc (it spins in the thread pool): that test
// times out with it. The others pin down the errors of ordinary bad paths.
describe('makeDirectory', () => {
  it('creates missing parents and accepts a directory that exists', async () => {
    const path = join(root, 'a', 'b', 'c');
    await makeDirectory(path);
    await makeDirectory(path);
    expect((await stat(path)).isDirectory()).toBe(true);
  });

  it('fails at once under a dangling symlink', async () => {
    await symlink(join(root, 'nowhere'), join(root, 'dangling'));
    await expect(makeDirectory(join(root, 'dangling', 'data'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(makeDirectory(join(root, 'dangling'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('fails at once under a regular file', async () => {
    await writeFile(join(root, 'file'), '');
    await expect(makeDirectory(join(root, 'file', 'data'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    await expect(makeDirectory(join(root, 'file'))).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it.runIf(existsSync('/proc/self'))(
    'fails at once under /proc, which answers ENOENT to any new name',
    async () => {
      await expect(makeDirectory('/proc/jsskit-not-here/data')).rejects.toMatchObject({ code: 'ENOENT' });
    },
  );

  it.runIf(existsSync('/proc/self'))(
    'makes startLocalServer refuse a data directory under /proc',
    async () => {
      await expect(startLocalServer({ dataDir: '/proc/jsskit-not-here' })).rejects.toMatchObject({
        code: 'LOCAL_SERVER_DATA_DIR',
        message: expect.stringContaining('ENOENT'),
      });
    },
  );

  it('says why startLocalServer cannot open a data directory behind a dangling symlink', async () => {
    await symlink(join(root, 'unmounted'), join(root, 'data'));
    await expect(startLocalServer({ dataDir: join(root, 'data') })).rejects.toMatchObject({
      code: 'LOCAL_SERVER_DATA_DIR',
      message: expect.stringMatching(/data: ENOENT/),
    });
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MultipartError } from '../errors.ts';
import { FileCheckpointStore } from './file-checkpoint-store.ts';
import { IndexedDbCheckpointStore } from './indexeddb-checkpoint-store.ts';
import { MemoryCheckpointStore } from './memory-checkpoint-store.ts';
import type { UploadState } from './upload-state.ts';

const state: UploadState = {
  version: 1,
  bucket: 'b',
  key: 'k',
  uploadId: 'U1',
  partSize: 8,
  layout: 'fixed',
  size: 20,
  fingerprint: { size: 20, sampleMd5: 'x' },
  parts: [{ partNumber: 1, size: 8, md5: '0'.repeat(32) }],
  initiatedAt: '2026-11-25T00:00:00.000Z',
};

const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

async function fileStore() {
  const directory = await mkdtemp(join(tmpdir(), 'jsskit-checkpoints-'));
  directories.push(directory);
  return { directory, store: new FileCheckpointStore(join(directory, 'nested')) };
}

describe.each([
  ['memory', async () => ({ store: new MemoryCheckpointStore() })],
  ['file', fileStore],
])('%s checkpoint store', (_name, make) => {
  it('saves, loads and removes a state', async () => {
    const { store } = await make();
    expect(await store.load('a')).toBeUndefined();
    await store.save('a', state);
    expect(await store.load('a')).toEqual(state);
    await store.remove('a');
    expect(await store.load('a')).toBeUndefined();
  });

  it('lists the ids of saved checkpoints, and nothing before the first save', async () => {
    const { store } = await make();
    expect(await store.list()).toEqual([]);
    await store.save('a', state);
    await store.save('b.2', state);
    await store.lock('c');
    expect((await store.list()).sort()).toEqual(['a', 'b.2']);
    await store.remove('a');
    expect(await store.list()).toEqual(['b.2']);
  });

  it('locks a checkpoint exclusively until released', async () => {
    const { store } = await make();
    const release = await store.lock('a');
    await expect(store.lock('a')).rejects.toSatisfy(
      (error) => MultipartError.isInstance(error) && error.code === 'MULTIPART_LOCKED',
    );
    await release();
    await (await store.lock('a'))();
  });
});

describe('FileCheckpointStore', () => {
  it('leaves no temporary files and ignores a corrupt checkpoint', async () => {
    const { directory, store } = await fileStore();
    await store.save('a', state);
    await store.save('a', { ...state, parts: [] });
    expect(await readdir(join(directory, 'nested'))).toEqual(['a.json']);
    await writeFile(join(directory, 'nested', 'a.json'), '{"version":1,');
    expect(await store.load('a')).toBeUndefined();
  });

  it('takes over a lock left by a dead process, not one held by a live one', async () => {
    const { directory, store } = await fileStore();
    const dead = spawnSync(process.execPath, [
      '-e',
      'process.stdout.write(String(process.pid))',
    ]).stdout.toString();
    await store.save('a', state);
    const { hostname } = await import('node:os');
    await writeFile(
      join(directory, 'nested', 'a.lock'),
      JSON.stringify({ pid: Number(dead), host: hostname() }),
    );
    await (await store.lock('a'))();
    await writeFile(
      join(directory, 'nested', 'b.lock'),
      JSON.stringify({ pid: process.ppid, host: hostname() }),
    );
    await expect(store.lock('b')).rejects.toThrow(/locked by process/);
  });

  it('refuses ids that could leave its directory', async () => {
    const { store } = await fileStore();
    await expect(store.save('../escape', state)).rejects.toThrow(MultipartError);
  });

  // Node's mkdir(path, { recursive: true }) never settles under /proc (it spins in the thread pool).
  it.runIf(existsSync('/proc/self'))('fails at once for a directory that cannot be made', async () => {
    const store = new FileCheckpointStore('/proc/jsskit-not-here/checkpoints');
    await expect(store.save('a', state)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(store.lock('a')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

// Its behaviour in a browser is tested in Chromium (tests/e2e, multipart-browser-resume); Node has no IndexedDB.
describe('IndexedDbCheckpointStore', () => {
  it('refuses a runtime without IndexedDB, and names what is missing', () => {
    expect(() => new IndexedDbCheckpointStore()).toThrow(
      expect.objectContaining({
        code: 'MULTIPART_INVALID_OPTIONS',
        message: expect.stringContaining('IndexedDB'),
      }),
    );
  });
});

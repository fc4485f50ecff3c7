// Paths that two things would share: download working files, symlinked directories, the state directory,
// a local directory where an object must be a file, a key that is also a folder. Real server, real files.
import { mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from '../test/sync-fixture.ts';
import type { SyncError } from './errors.ts';
import { syncFromBucket } from './sync-from-bucket.ts';
import { syncToBucket } from './sync-to-bucket.ts';

let fixture: SyncFixture;
beforeEach(async () => {
  fixture = await createSyncFixture();
});
afterEach(async () => {
  await fixture.close();
});

async function put(objects: Record<string, string | Uint8Array>): Promise<void> {
  for (const [key, body] of Object.entries(objects))
    await fixture.client.putObject({ bucket: fixture.bucket, key, body });
}

const codes = (failures: readonly { readonly error?: unknown }[]) =>
  failures.map((failure) => (failure.error as SyncError).code);

describe('download working files', () => {
  it('refuses objects named like a working file and never lets them overwrite the real one', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024, 7);
    await put({
      'p/x': content,
      'p/x.jss-partial': 'not x',
      'p/y.jss-partial.json': '{}',
      'p/z.jss-partial/q': 'q',
    });
    const to = join(fixture.root, 'to');
    const { client, bucket } = fixture;
    const result = await syncFromBucket({
      client,
      bucket,
      prefix: 'p',
      to,
      concurrency: 8,
      partSize: 1 << 20,
    });
    expect(result).toMatchObject({ downloaded: 1, failed: 3 });
    expect(codes(result.failures)).toEqual(['SYNC_UNSAFE_KEY', 'SYNC_UNSAFE_KEY', 'SYNC_UNSAFE_KEY']);
    expect((await readFile(join(to, 'x'))).equals(content)).toBe(true);
    expect(await readdir(to)).toEqual(['x']);
  });

  it('never uploads local working files, nor deletes objects of that name', async () => {
    const from = await fixture.directory('source');
    await fixture.writeTree(from, {
      'a.txt': 'a',
      'a.txt.jss-partial': 'half',
      'a.txt.jss-partial.json': '{}',
    });
    await put({ 'p/b.jss-partial': 'someone else' });
    const { client, bucket } = fixture;
    const result = await syncToBucket({ client, bucket, prefix: 'p', from, delete: true });
    expect(result).toMatchObject({ uploaded: 1, deleted: 0, failed: 0 });
    expect(await fixture.keys()).toEqual(['p/a.txt', 'p/b.jss-partial']);
  });
});

describe('symlinked directories', () => {
  it('lets the real path win over a symlink to the same directory, and deletes nothing for it', async () => {
    const from = await fixture.directory('source');
    await fixture.writeTree(from, { 'd/e/real/r.txt': 'r' });
    await symlink(join(from, 'd', 'e', 'real'), join(from, 'alias')); // met before the real path
    const { client, bucket } = fixture;
    await syncToBucket({ client, bucket, prefix: 'p', from });
    const actions: string[] = [];
    const result = await syncToBucket({
      client,
      bucket,
      prefix: 'p',
      from,
      followSymlinks: true,
      delete: true,
      onAction: (action) => actions.push(`${action.kind} ${action.key}`),
    });
    expect(result).toMatchObject({ deleted: 0, uploaded: 0, failed: 0 });
    expect(actions.sort()).toEqual(['skip p/alias/', 'skip p/d/e/real/r.txt']);
    expect(await fixture.keys()).toEqual(['p/d/e/real/r.txt']);
  });
});

describe('state directory inside the tree', () => {
  it('is never uploaded, and objects below its path are not deleted', async () => {
    const from = await fixture.directory('source');
    await fixture.writeTree(from, { 'a.txt': 'a' });
    await put({ 'p/.state/kept': 'k' });
    const stateDirectory = join(from, '.state');
    const { client, bucket } = fixture;
    for (let run = 0; run < 2; run++)
      await syncToBucket({ client, bucket, prefix: 'p', from, stateDirectory, delete: true });
    expect(await fixture.keys()).toEqual(['p/.state/kept', 'p/a.txt']);
  });

  it('is never deleted nor written by a download', async () => {
    await put({ 'p/a.txt': 'a', 'p/.state/hash-cache.json': 'evil' });
    const to = await fixture.directory('to');
    const stateDirectory = join(to, '.state');
    const { client, bucket } = fixture;
    for (let run = 0; run < 2; run++) {
      const result = await syncFromBucket({ client, bucket, prefix: 'p', to, stateDirectory, delete: true });
      expect(result).toMatchObject({ deleted: 0, failed: 1 });
      expect(codes(result.failures)).toEqual(['SYNC_UNSAFE_KEY']);
    }
    expect(JSON.parse(await readFile(join(stateDirectory, 'hash-cache.json'), 'utf8'))).toMatchObject({
      version: 1,
    });
  });
});

describe('a file and a directory at one path', () => {
  it('refuses an object where a local directory stands, before downloading anything', async () => {
    await put({ 'p/a': 'a', 'p/b': 'b' });
    const to = await fixture.directory('to');
    await mkdir(join(to, 'a'));
    fixture.requests.length = 0;
    const { client, bucket } = fixture;
    const result = await syncFromBucket({ client, bucket, prefix: 'p', to });
    expect(result).toMatchObject({ downloaded: 1, failed: 1 });
    expect(codes(result.failures)).toEqual(['SYNC_LOCAL_FAILED']);
    expect(result.failures[0]?.error?.message).toContain('is a directory');
    expect(fixture.count('GetObject')).toBe(1);
    expect((await readdir(to)).sort()).toEqual(['a', 'b']);
  });

  it('refuses a key that is also a folder of other keys; the folder wins', async () => {
    await put({ 'p/a': 'file', 'p/a/b': 'below' });
    const to = join(fixture.root, 'to');
    const { client, bucket } = fixture;
    const result = await syncFromBucket({ client, bucket, prefix: 'p', to });
    expect(result).toMatchObject({ downloaded: 1, failed: 1 });
    expect(result.failures[0]?.key).toBe('p/a');
    expect(codes(result.failures)).toEqual(['SYNC_UNSAFE_KEY']);
    expect(await readFile(join(to, 'a', 'b'), 'utf8')).toBe('below');
    expect(await readdir(to)).toEqual(['a']); // no working file left behind
  });
});

describe('folder markers', () => {
  it('are never deleted by an upload with delete', async () => {
    const from = await fixture.directory('source');
    await fixture.writeTree(from, { 'a.txt': 'a' });
    await put({ 'p/': '', 'p/empty/': '', 'p/gone.txt': 'g' });
    const { client, bucket } = fixture;
    const result = await syncToBucket({ client, bucket, prefix: 'p', from, delete: true });
    expect(result).toMatchObject({ deleted: 1 });
    expect(await fixture.keys()).toEqual(['p/', 'p/a.txt', 'p/empty/']);
  });
});

describe('a download target with a symlink to a directory outside it', () => {
  it('neither writes nor deletes through the link, even with followSymlinks', async () => {
    const outside = await fixture.directory('outside');
    await fixture.writeTree(outside, { 'keep.txt': 'mine' });
    const to = await fixture.directory('target');
    await symlink(outside, join(to, 'link'));
    await put({ 'p/link/new.txt': 'through the link', 'p/plain.txt': 'plain' });
    const { client, bucket } = fixture;
    const result = await syncFromBucket({
      client,
      bucket,
      prefix: 'p',
      to,
      delete: true,
      followSymlinks: true,
    });
    expect(result).toMatchObject({ downloaded: 1, deleted: 0, failed: 1 });
    expect(codes(result.failures)).toEqual(['SYNC_UNSAFE_KEY']);
    expect((await readdir(outside)).sort()).toEqual(['keep.txt']);
    expect(await readFile(join(outside, 'keep.txt'), 'utf8')).toBe('mine');
  });
});

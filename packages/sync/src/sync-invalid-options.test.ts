// Options refused up front: SYNC_INVALID_OPTIONS before any request, nothing changed anywhere.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from '../test/sync-fixture.ts';
import { deletePrefix } from './delete-prefix.ts';
import { SyncError } from './errors.ts';
import { syncFromBucket } from './sync-from-bucket.ts';
import type { SyncOptions } from './sync-options.ts';
import { syncToBucket } from './sync-to-bucket.ts';

let fixture: SyncFixture;
beforeEach(async () => {
  fixture = await createSyncFixture();
});
afterEach(async () => {
  await fixture.close();
});

async function codeOf(run: Promise<unknown>): Promise<string | undefined> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return SyncError.isInstance(error) ? error.code : String(error);
}

describe('options refused before any request', () => {
  it('refuses a prefix with ".", ".." or empty segments in every entry point', async () => {
    const from = await fixture.directory('source');
    await fixture.writeTree(from, { 'a.txt': 'a' });
    const to = join(fixture.root, 'to');
    const { client, bucket } = fixture;
    fixture.requests.length = 0;
    for (const prefix of ['../x', 'a/./b', '/x', 'a//b', 'a/..']) {
      expect(await codeOf(syncToBucket({ client, bucket, from, prefix }))).toBe('SYNC_INVALID_OPTIONS');
      expect(await codeOf(syncFromBucket({ client, bucket, to, prefix }))).toBe('SYNC_INVALID_OPTIONS');
      expect(await codeOf(deletePrefix({ client, bucket, prefix }))).toBe('SYNC_INVALID_OPTIONS');
    }
    expect(fixture.requests).toEqual([]);
    expect(await readdir(fixture.root)).toEqual(['source']);
  });

  const bad: [string, Partial<SyncOptions>][] = [
    ['a rateLimit without take', { rateLimit: {} as never }],
    ['a number as rateLimit', { rateLimit: 5 as never }],
    ['a memoryBudget without acquire', { memoryBudget: { limitBytes: 1 } as never }],
    ['a string as memoryBudget', { memoryBudget: 'big' as never }],
    ['a regular file as stateDirectory', { stateDirectory: 'FILE' }],
  ];
  it.each(bad)('refuses %s in both directions', async (_name, given) => {
    const from = await fixture.directory('source');
    await fixture.writeTree(from, { 'a.txt': 'a' });
    const file = join(fixture.root, 'file');
    await writeFile(file, 'x');
    const options = given.stateDirectory === 'FILE' ? { stateDirectory: file } : given;
    const { client, bucket } = fixture;
    fixture.requests.length = 0;
    expect(await codeOf(syncToBucket({ client, bucket, from, ...options }))).toBe('SYNC_INVALID_OPTIONS');
    const to = join(fixture.root, 'to');
    expect(await codeOf(syncFromBucket({ client, bucket, to, ...options }))).toBe('SYNC_INVALID_OPTIONS');
    expect(fixture.requests).toEqual([]);
    expect((await readdir(fixture.root)).sort()).toEqual(['file', 'source']);
  });

  it('refuses a state directory that is the tree or holds it', async () => {
    const from = await fixture.directory('source');
    await fixture.writeTree(from, { 'a.txt': 'a' });
    const { client, bucket } = fixture;
    fixture.requests.length = 0;
    for (const stateDirectory of [from, fixture.root]) {
      expect(await codeOf(syncToBucket({ client, bucket, from, stateDirectory }))).toBe(
        'SYNC_INVALID_OPTIONS',
      );
      expect(await codeOf(syncFromBucket({ client, bucket, to: from, stateDirectory }))).toBe(
        'SYNC_INVALID_OPTIONS',
      );
    }
    expect(fixture.requests).toEqual([]);
  });

  it('refuses a target below a regular file', async () => {
    const file = join(fixture.root, 'file');
    await writeFile(file, 'x');
    const { client, bucket } = fixture;
    fixture.requests.length = 0;
    expect(await codeOf(syncFromBucket({ client, bucket, to: join(file, 'to') }))).toBe(
      'SYNC_INVALID_OPTIONS',
    );
    expect(fixture.requests).toEqual([]);
  });
});

import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from '../test/sync-fixture.ts';
import type { SyncError } from './errors.ts';
import { hashingCounter } from './internal/local-etags.ts';
import { syncFromBucket } from './sync-from-bucket.ts';
import type { SyncAction, SyncProgress } from './sync-options.ts';

let fixture: SyncFixture;
beforeEach(async () => {
  fixture = await createSyncFixture();
});
afterEach(async () => {
  await fixture.close();
});

async function putAll(objects: Record<string, string | Uint8Array>): Promise<void> {
  for (const [key, body] of Object.entries(objects))
    await fixture.client.putObject({ bucket: fixture.bucket, key, body });
}

async function listTree(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1))
    .sort();
}

describe('syncFromBucket', () => {
  it('downloads a folder into a new directory, then skips it by content', async () => {
    await putAll({ 'p/x.txt': 'x', 'p/d/y.txt': 'yy', 'q/other.txt': 'o' });
    const to = join(fixture.root, 'fresh', 'to');
    const { client, bucket } = fixture;
    const first = await syncFromBucket({ client, bucket, prefix: 'p', to });
    expect(first).toMatchObject({ downloaded: 2, failed: 0, bytes: 3 });
    expect(await listTree(to)).toEqual(['d/y.txt', 'x.txt']);
    expect(await readFile(join(to, 'd', 'y.txt'), 'utf8')).toBe('yy');
    fixture.requests.length = 0;
    expect(await syncFromBucket({ client, bucket, prefix: 'p/', to })).toMatchObject({
      downloaded: 0,
      skipped: 2,
    });
    expect(fixture.count('GetObject')).toBe(0);
  });

  it('downloads exactly the file whose local copy changed at the same size', async () => {
    await putAll({ 'one.txt': 'aaaa', 'two.txt': 'bbbb', 'three.txt': 'cccc' });
    const to = await fixture.directory('to');
    const { client, bucket } = fixture;
    await syncFromBucket({ client, bucket, to });
    await writeFile(join(to, 'two.txt'), 'bbbX');
    fixture.requests.length = 0;
    const actions: SyncAction[] = [];
    const result = await syncFromBucket({ client, bucket, to, onAction: (action) => actions.push(action) });
    expect(result).toMatchObject({ downloaded: 1, skipped: 2 });
    expect(actions.filter((action) => action.kind === 'download').map((action) => action.key)).toEqual([
      'two.txt',
    ]);
    expect(fixture.count('GetObject')).toBe(1);
    expect(await readFile(join(to, 'two.txt'), 'utf8')).toBe('bbbb');
  });

  it('with a state directory, a re-sync of what it downloaded hashes nothing', async () => {
    await putAll({ 'a.txt': 'a', 'b.txt': 'b' });
    const to = await fixture.directory('to');
    const stateDirectory = await fixture.directory('state');
    const { client, bucket } = fixture;
    await syncFromBucket({ client, bucket, to, stateDirectory });
    const hashedBefore = hashingCounter.files;
    expect(await syncFromBucket({ client, bucket, to, stateDirectory })).toMatchObject({ skipped: 2 });
    expect(hashingCounter.files - hashedBefore).toBe(0);
  });

  it('with delete removes local files the folder lacks (within the filters), and leaves partial downloads', async () => {
    await putAll({ 'keep.txt': 'k' });
    const to = await fixture.directory('to');
    await fixture.writeTree(to, {
      'keep.txt': 'old!',
      'gone.txt': 'g',
      'sub/gone.txt': 'g',
      'notes.log': 'l',
      'x.jss-partial': 'p',
    });
    const { client, bucket } = fixture;
    const result = await syncFromBucket({ client, bucket, to, delete: true, exclude: ['*.log'] });
    expect(result).toMatchObject({ downloaded: 1, deleted: 2 });
    expect(await listTree(to)).toEqual(['keep.txt', 'notes.log', 'x.jss-partial']);
  });

  it('in a dry run writes nothing, not even the target directory', async () => {
    await putAll({ 'a.txt': 'a' });
    const to = join(fixture.root, 'never');
    const { client, bucket } = fixture;
    const result = await syncFromBucket({ client, bucket, to, dryRun: true });
    expect(result).toMatchObject({ downloaded: 1, bytes: 0 });
    await expect(readdir(to)).rejects.toThrow(/ENOENT/);
  });

  it('refuses keys that would land outside the directory, skips folder markers, downloads the rest', async () => {
    await putAll({
      'p/a//b.txt': 'empty segment',
      'p//root.txt': 'leading slash',
      'p/dir/': '',
      'p/ok.txt': 'ok',
    });
    const to = await fixture.directory('to');
    const { client, bucket } = fixture;
    const result = await syncFromBucket({ client, bucket, prefix: 'p', to });
    expect(result).toMatchObject({ downloaded: 1, skipped: 1, failed: 2 });
    expect(result.failures.map((failure) => (failure.error as SyncError).code)).toEqual([
      'SYNC_UNSAFE_KEY',
      'SYNC_UNSAFE_KEY',
    ]);
    expect(await listTree(fixture.root)).toEqual(['to/ok.txt']);
  });

  it('never writes through a symlink of the target (it is skipped, and a path through it refused)', async () => {
    await putAll({ 'link.txt': 'new', 'linked/inside.txt': 'in', 'plain.txt': 'p' });
    const to = await fixture.directory('to');
    const outside = await fixture.directory('outside');
    await writeFile(join(outside, 'target.txt'), 'old');
    await symlink(join(outside, 'target.txt'), join(to, 'link.txt'));
    await symlink(outside, join(to, 'linked'));
    const { client, bucket } = fixture;
    const actions: SyncAction[] = [];
    const result = await syncFromBucket({ client, bucket, to, onAction: (action) => actions.push(action) });
    expect(result).toMatchObject({ downloaded: 1, skipped: 1, failed: 1 });
    expect(actions.find((action) => action.key === 'link.txt')).toMatchObject({
      kind: 'skip',
      reason: 'symlink',
    });
    expect((result.failures[0]?.error as SyncError | undefined)?.code).toBe('SYNC_UNSAFE_KEY');
    expect(await listTree(outside)).toEqual(['target.txt']);
    expect(await readFile(join(outside, 'target.txt'), 'utf8')).toBe('old');
  });

  it('stops on abort mid-download, and a rerun resumes from the .jss-partial file', async () => {
    const MiB = 1024 * 1024;
    const big = randomBytes(4 * MiB);
    await putAll({ 'big.bin': big });
    const to = await fixture.directory('to');
    const { client, bucket } = fixture;
    // Half the body, then a stall far beyond the test's timeout: only the abort can end the run.
    fixture.server.faults.add({
      operation: 'GetObject',
      action: { type: 'stall', ms: 120_000, phase: 'during-response' },
    });
    const controller = new AbortController();
    const onProgress = (progress: SyncProgress) => {
      if (progress.bytesDone >= MiB) controller.abort();
    };
    const stopped = await syncFromBucket({ client, bucket, to, signal: controller.signal, onProgress }).catch(
      (error: SyncError) => error,
    );
    expect(stopped).toMatchObject({ code: 'SYNC_ABORTED' });
    expect((await stat(join(to, 'big.bin.jss-partial'))).size).toBeGreaterThanOrEqual(MiB);
    fixture.server.faults.clear();
    const rerun = await syncFromBucket({ client, bucket, to });
    expect(rerun).toMatchObject({ downloaded: 1, failed: 0 });
    expect(rerun.bytes).toBeLessThanOrEqual(3 * MiB);
    expect((await readFile(join(to, 'big.bin'))).equals(big)).toBe(true);
    expect(await listTree(to)).toEqual(['big.bin']);
  });

  it('reports a file that cannot be written while the others are downloaded', async () => {
    await putAll({ 'a.txt': 'a', 'blocked/b.txt': 'b', 'c.txt': 'c' });
    const to = await fixture.directory('to');
    await writeFile(join(to, 'blocked'), 'a file where a directory is needed');
    const { client, bucket } = fixture;
    const result = await syncFromBucket({ client, bucket, to });
    expect(result).toMatchObject({ downloaded: 2, failed: 1 });
    expect(result.failures[0]).toMatchObject({ key: 'blocked/b.txt', kind: 'fail' });
    expect((result.failures[0]?.error as SyncError | undefined)?.code).toBe('SYNC_LOCAL_FAILED');
  });

  it('says SYNC_SOURCE_NOT_FOUND for a missing bucket and SYNC_INVALID_OPTIONS for a file as target', async () => {
    const to = await fixture.directory('to');
    const { client } = fixture;
    await expect(syncFromBucket({ client, bucket: 'no-such-bucket', to })).rejects.toMatchObject({
      code: 'SYNC_SOURCE_NOT_FOUND',
    });
    await mkdir(join(to, 'd'));
    await writeFile(join(to, 'file'), 'f');
    fixture.requests.length = 0;
    await expect(
      syncFromBucket({ client, bucket: fixture.bucket, to: join(to, 'file') }),
    ).rejects.toMatchObject({
      code: 'SYNC_INVALID_OPTIONS',
    });
    expect(fixture.requests).toEqual([]);
  });
});

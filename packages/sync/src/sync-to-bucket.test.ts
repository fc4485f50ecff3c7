import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from '../test/sync-fixture.ts';
import { hashingCounter } from './internal/local-etags.ts';
import type { SyncAction, SyncProgress } from './sync-options.ts';
import { syncToBucket } from './sync-to-bucket.ts';

let fixture: SyncFixture;
beforeEach(async () => {
  fixture = await createSyncFixture();
});
afterEach(async () => {
  await fixture.close();
});

describe('syncToBucket', () => {
  it('uploads a tree under the folder prefix (`a` means `a/`), then skips it by content', async () => {
    const from = await fixture.sourceTree({ 'x.txt': 'x', 'd/y.txt': 'yy', 'd/e/z.txt': 'zzz' });
    const { client, bucket } = fixture;
    const first = await syncToBucket({ client, bucket, from, prefix: 'a' });
    expect(first).toMatchObject({ uploaded: 3, skipped: 0, failed: 0, bytes: 6 });
    expect(await fixture.keys()).toEqual(['a/d/e/z.txt', 'a/d/y.txt', 'a/x.txt']);
    expect((await fixture.read('a/d/e/z.txt')).toString()).toBe('zzz');
    fixture.requests.length = 0;
    const second = await syncToBucket({ client, bucket, from, prefix: 'a/' });
    expect(second).toMatchObject({ uploaded: 0, skipped: 3 });
    expect(fixture.count('PutObject')).toBe(0);
  });

  it('uploads exactly the file whose content changed at the same size (and mtime)', async () => {
    const from = await fixture.sourceTree({ 'one.txt': 'aaaa', 'two.txt': 'bbbb', 'three.txt': 'cccc' });
    const { client, bucket } = fixture;
    await syncToBucket({ client, bucket, from });
    await writeFile(join(from, 'two.txt'), 'bbbX');
    fixture.requests.length = 0;
    const actions: SyncAction[] = [];
    const result = await syncToBucket({ client, bucket, from, onAction: (action) => actions.push(action) });
    expect(result).toMatchObject({ uploaded: 1, skipped: 2 });
    expect(actions.filter((action) => action.kind === 'upload').map((action) => action.key)).toEqual([
      'two.txt',
    ]);
    expect(fixture.count('PutObject')).toBe(1);
    expect((await fixture.read('two.txt')).toString()).toBe('bbbX');
  });

  it('re-syncs an unchanged tree with no PUT and, with a state directory, no hashing', async () => {
    const from = await fixture.sourceTree(
      Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`f${index}.txt`, `${index}`])),
    );
    const stateDirectory = await fixture.directory('state');
    const { client, bucket } = fixture;
    await syncToBucket({ client, bucket, from, stateDirectory });
    fixture.requests.length = 0;
    const hashedBefore = hashingCounter.files;
    const again = await syncToBucket({ client, bucket, from, stateDirectory });
    expect(again).toMatchObject({ uploaded: 0, skipped: 20 });
    expect(fixture.count('PutObject')).toBe(0);
    expect(hashingCounter.files - hashedBefore).toBe(0);
    // A file that is gone leaves the cache.
    await rm(join(from, 'f0.txt'));
    await syncToBucket({ client, bucket, from, stateDirectory });
    const cached = JSON.parse(await readFile(join(stateDirectory, 'hash-cache.json'), 'utf8'));
    expect(Object.keys(cached.entries)).toHaveLength(19);
    expect(Object.keys(cached.entries)).not.toContain(join(from, 'f0.txt'));
    // Without the cache the same run hashes every file (what the cache saves).
    await syncToBucket({ client, bucket, from });
    expect(hashingCounter.files - hashedBefore).toBe(19);
  });

  it('with delete removes what the directory lacks, but not what the filters leave out', async () => {
    const from = await fixture.sourceTree({ 'keep.txt': 'k' });
    const { client, bucket } = fixture;
    for (const key of ['p/keep.txt', 'p/gone.txt', 'p/sub/gone.txt', 'p/notes.log', 'other/x.txt'])
      await client.putObject({ bucket, key, body: key });
    const result = await syncToBucket({
      client,
      bucket,
      from,
      prefix: 'p',
      delete: true,
      exclude: ['*.log'],
    });
    expect(result).toMatchObject({ uploaded: 1, deleted: 2 });
    expect(await fixture.keys()).toEqual(['other/x.txt', 'p/keep.txt', 'p/notes.log']);
  });

  it('sends only what include selects and exclude does not', async () => {
    const from = await fixture.sourceTree({
      'a.jpg': '1',
      'b.txt': '2',
      'sub/c.jpg': '3',
      'sub/skip/d.jpg': '4',
      '.hidden.jpg': '5',
    });
    const { client, bucket } = fixture;
    await syncToBucket({ client, bucket, from, include: ['**/*.jpg'], exclude: ['sub/skip/**'] });
    expect(await fixture.keys()).toEqual(['.hidden.jpg', 'a.jpg', 'sub/c.jpg']);
  });

  it('in a dry run reports the actions and changes nothing', async () => {
    const from = await fixture.sourceTree({ 'new.txt': 'n', 'same.txt': 's' });
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'same.txt', body: 's' });
    await client.putObject({ bucket, key: 'extra.txt', body: 'e' });
    fixture.requests.length = 0;
    const actions: SyncAction[] = [];
    const result = await syncToBucket({
      client,
      bucket,
      from,
      delete: true,
      dryRun: true,
      onAction: (a) => actions.push(a),
    });
    expect(result).toMatchObject({ uploaded: 1, skipped: 1, deleted: 1, bytes: 0 });
    expect(actions.map((action) => `${action.kind} ${action.key}`).sort()).toEqual([
      'delete extra.txt',
      'skip same.txt',
      'upload new.txt',
    ]);
    expect(fixture.requests.map((entry) => entry.operation)).toEqual(['GetBucket']);
    expect(await fixture.keys()).toEqual(['extra.txt', 'same.txt']);
  });

  it('skips a symlink by default and follows it when asked', async () => {
    const from = await fixture.sourceTree({ 'real.txt': 'r' });
    const elsewhere = await fixture.directory('elsewhere');
    await writeFile(join(elsewhere, 'target.txt'), 't');
    await symlink(join(elsewhere, 'target.txt'), join(from, 'link.txt'));
    const { client, bucket } = fixture;
    const actions: SyncAction[] = [];
    await syncToBucket({ client, bucket, from, onAction: (action) => actions.push(action) });
    expect(actions.find((action) => action.key === 'link.txt')).toMatchObject({
      kind: 'skip',
      reason: 'symlink',
    });
    expect(await fixture.keys()).toEqual(['real.txt']);
    await syncToBucket({ client, bucket, from, followSymlinks: true });
    expect((await fixture.read('link.txt')).toString()).toBe('t');
  });

  it('reports progress for the whole run and times it with the given clock', async () => {
    const from = await fixture.sourceTree({ 'a.txt': 'aa', 'b.txt': 'bbb', 'c/d.txt': 'dddd' });
    await symlink(join(from, 'a.txt'), join(from, 'link.txt'));
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'a.txt', body: 'aa' });
    await client.putObject({ bucket, key: 'extra.txt', body: 'e' });
    let now = 1000;
    const progress: SyncProgress[] = [];
    const result = await syncToBucket({
      client,
      bucket,
      from,
      concurrency: 1,
      delete: true,
      clock: () => now,
      onAction: () => {
        now += 500;
      },
      onProgress: (update) => progress.push(update),
    });
    expect(result).toMatchObject({ uploaded: 2, skipped: 2, deleted: 1, bytes: 7, seconds: 2.5 });
    const last = { filesDone: 5, filesTotal: 5, bytesDone: 9, bytesTotal: 9, bytesPerSecond: 7 / 2.5 };
    expect(progress.at(-1)).toEqual(last);
    expect(progress.every((update) => update.filesDone <= update.filesTotal)).toBe(true);
    const done = progress.map((update) => update.bytesDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
  });

  it("with compare: 'none' sends every file, same content or not", async () => {
    const from = await fixture.sourceTree({ 'a.txt': 'a', 'b.txt': 'b' });
    const { client, bucket } = fixture;
    await syncToBucket({ client, bucket, from });
    fixture.requests.length = 0;
    expect(await syncToBucket({ client, bucket, from, compare: 'none' })).toMatchObject({
      uploaded: 2,
      skipped: 0,
    });
    expect(fixture.count('PutObject')).toBe(2);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from '../test/sync-fixture.ts';
import { deletePrefix } from './delete-prefix.ts';
import type { SyncAction } from './sync-options.ts';

let fixture: SyncFixture;
beforeEach(async () => {
  fixture = await createSyncFixture();
});
afterEach(async () => {
  await fixture.close();
});

describe('deletePrefix', () => {
  it('deletes 1205 keys across listing pages, after a dry run that deleted none', async () => {
    const { client, bucket } = fixture;
    const keys = Array.from({ length: 1205 }, (_, index) => `logs/${String(index).padStart(4, '0')}.txt`);
    const queue = [...keys, 'logs-other/keep.txt', 'keep.txt'];
    const putNext = async (): Promise<void> => {
      for (let key = queue.pop(); key !== undefined; key = queue.pop())
        await client.putObject({ bucket, key, body: 'x' });
    };
    await Promise.all(Array.from({ length: 8 }, putNext));
    fixture.requests.length = 0;
    const planned: SyncAction[] = [];
    const dry = await deletePrefix({
      client,
      bucket,
      prefix: 'logs',
      dryRun: true,
      onAction: (a) => planned.push(a),
    });
    expect(dry).toMatchObject({ deleted: 1205, failed: 0 });
    expect(planned.map((action) => action.key).sort()).toEqual(keys);
    expect(fixture.count('DeleteObject')).toBe(0);
    expect(fixture.count('GetBucket')).toBeGreaterThan(1);
    expect((await fixture.keys()).length).toBe(1207);
    const real = await deletePrefix({ client, bucket, prefix: 'logs/', concurrency: 16 });
    expect(real).toMatchObject({ deleted: 1205, failed: 0 });
    expect(await fixture.keys()).toEqual(['keep.txt', 'logs-other/keep.txt']);
  });

  it('lists a failed delete with its typed error and deletes the rest', async () => {
    const { client, bucket } = fixture;
    for (const key of ['d/a', 'd/b', 'd/c']) await client.putObject({ bucket, key, body: key });
    fixture.server.faults.add({
      operation: 'DeleteObject',
      key: 'd/b',
      action: { type: 'error', status: 403, code: 'AccessDenied' },
    });
    const result = await deletePrefix({ client, bucket, prefix: 'd' });
    expect(result).toMatchObject({ deleted: 2, failed: 1 });
    expect(result.failures[0]).toMatchObject({ key: 'd/b', error: { code: 'SYNC_DELETE_FAILED' } });
    expect(await fixture.keys()).toEqual(['d/b']);
  });

  it('refuses a bad bucket or concurrency before any request', async () => {
    const { client } = fixture;
    fixture.requests.length = 0;
    await expect(deletePrefix({ client, bucket: 'x', prefix: 'a' })).rejects.toMatchObject({
      code: 'SYNC_INVALID_OPTIONS',
    });
    await expect(
      deletePrefix({ client, bucket: fixture.bucket, prefix: 'a', concurrency: 0 }),
    ).rejects.toMatchObject({
      code: 'SYNC_INVALID_OPTIONS',
    });
    expect(fixture.requests).toEqual([]);
  });
});

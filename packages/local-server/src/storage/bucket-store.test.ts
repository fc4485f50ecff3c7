import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BucketStore } from './bucket-store.ts';
import { Layout } from './layout.ts';

const now = new Date('2026-11-25T00:00:00Z');
const nothingLeft = () => undefined;
let root: string;

async function storeWithBucket(): Promise<{ buckets: BucketStore; layout: Layout }> {
  root = await mkdtemp(join(tmpdir(), 'jss-buckets-'));
  const layout = new Layout(root);
  await mkdir(layout.buckets);
  await mkdir(layout.objects);
  const buckets = new BucketStore(layout);
  await buckets.create('bucket', now);
  return { buckets, layout };
}

afterEach(() => rm(root, { recursive: true, force: true }));

describe('BucketStore', () => {
  it('refuses to delete a bucket while a write holds it, and deletes it once the write is done', async () => {
    const { buckets } = await storeWithBucket();
    const release = buckets.beginWrite('bucket');

    await expect(buckets.delete('bucket', nothingLeft)).rejects.toMatchObject({ code: 'BucketNotEmpty' });
    release();
    await buckets.delete('bucket', nothingLeft);

    expect(buckets.get('bucket')).toBeUndefined();
  });

  it('creates a bucket asked for while its namesake is being deleted only after the delete, keeping its file', async () => {
    const { buckets, layout } = await storeWithBucket();

    const deleting = buckets.delete('bucket', nothingLeft);
    const creating = buckets.create('bucket', now);
    await Promise.all([deleting, creating]);

    expect(buckets.get('bucket')).toBeDefined();
    expect((await stat(layout.bucketFile('bucket'))).isFile()).toBe(true);
  });

  it('answers BucketAlreadyOwnedByYou to the second of two creates of one name', async () => {
    const { buckets } = await storeWithBucket();

    const results = await Promise.allSettled([buckets.create('twin', now), buckets.create('twin', now)]);

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
  });

  it('keeps referer rules in the bucket file, read back by a new store', async () => {
    const { buckets, layout } = await storeWithBucket();
    const referer = { AllowNull: true, Effect: 'DENIED' as const, Value: ['www.*.com'] };

    await buckets.setReferer('bucket', referer);
    const reloaded = new BucketStore(layout);
    await reloaded.load();

    expect(reloaded.get('bucket')).toMatchObject({ name: 'bucket', createdAt: now.toISOString(), referer });
  });

  it('answers NoSuchBucket to referer rules for a bucket deleted first', async () => {
    const { buckets } = await storeWithBucket();
    const referer = { AllowNull: false, Effect: 'ALLOW' as const, Value: [] };

    const deleting = buckets.delete('bucket', nothingLeft);
    const setting = buckets.setReferer('bucket', referer);

    await deleting;
    await expect(setting).rejects.toMatchObject({ code: 'NoSuchBucket' });
    expect(buckets.get('bucket')).toBeUndefined();
  });
});

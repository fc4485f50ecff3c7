import { describe, expect, it } from 'vitest';
import { ClientError, isAlreadyExists, isNotFound } from '../src/index.ts';
import { createClientFixture } from './helpers/client-fixture.ts';

describe('bucket operations', () => {
  it('lists the buckets with their creation dates as Dates', async () => {
    await using fixture = await createClientFixture();
    const buckets = await fixture.client.listBuckets();
    expect(buckets.map((bucket) => bucket.name)).toEqual([fixture.bucket]);
    expect(buckets[0]?.creationDate).toBeInstanceOf(Date);
  });

  it('heads an existing bucket and says NotFound for a deleted one', async () => {
    await using fixture = await createClientFixture();
    await fixture.client.headBucket({ bucket: fixture.bucket });
    await fixture.client.deleteBucket({ bucket: fixture.bucket });
    const error = await fixture.client.headBucket({ bucket: fixture.bucket }).catch((caught) => caught);
    expect(isNotFound(error)).toBe(true);
    expect(String(error.message)).toMatch(/^HeadBucket: /);
  });

  it('says AlreadyExists when the bucket is created twice', async () => {
    await using fixture = await createClientFixture();
    const error = await fixture.client.createBucket({ bucket: fixture.bucket }).catch((caught) => caught);
    expect(isAlreadyExists(error)).toBe(true);
    expect(isNotFound(error)).toBe(false);
  });

  it('refuses an invalid bucket name before sending', async () => {
    await using fixture = await createClientFixture();
    const error = await fixture.client.createBucket({ bucket: 'No_Such' }).catch((caught) => caught);
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_INVALID_OPTIONS');
  });
});

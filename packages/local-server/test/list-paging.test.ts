// GetBucket paging (§7.3): a client that follows NextMarker while HasNext is true must get every key once.
import { describe, expect, it } from 'vitest';
import { createServerFixture } from './helpers/server-fixture.ts';

describe('getBucket', () => {
  it('reads maxKeys=0 as the default page size, so HasNext never comes without a NextMarker', async () => {
    await using fixture = await createServerFixture();
    for (const key of ['a', 'b', 'c']) {
      await fixture.call({ method: 'PUT', bucket: fixture.bucket, key, body: key });
    }

    const page = (await fixture.call({ method: 'GET', bucket: fixture.bucket, query: 'maxKeys=0' })).json();

    expect(page).toMatchObject({ MaxKeys: 1000, HasNext: false, NextMarker: null });
    expect((page.Contents as Array<{ Key: string }>).map((entry) => entry.Key)).toEqual(['a', 'b', 'c']);
  });
});

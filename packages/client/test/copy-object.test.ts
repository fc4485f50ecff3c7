import { describe, expect, it } from 'vitest';
import { isNotFound } from '../src/index.ts';
import { createClientFixture, readAll } from './helpers/client-fixture.ts';

describe('copyObject and moveObject', () => {
  it('copies over an existing object, keeping the source', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'source', body: 'new bytes', contentType: 'text/plain' });
    await client.putObject({ bucket, key: 'target', body: 'old' });
    const copied = await client.copyObject({ bucket, key: 'target', source: { bucket, key: 'source' } });
    const target = await client.getObject({ bucket, key: 'target' });
    expect(await readAll(target.body)).toBe('new bytes');
    expect(target).toMatchObject({ etag: copied.etag, contentType: 'text/plain' });
    expect((await client.headObject({ bucket, key: 'source' })).size).toBe(9);
  });

  it('copies a key with spaces and non-ASCII characters', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'dir/文件 1.txt', body: 'x' });
    await client.copyObject({ bucket, key: 'copy', source: { bucket, key: 'dir/文件 1.txt' } });
    expect((await client.headObject({ bucket, key: 'copy' })).size).toBe(1);
  });

  it('moves an object, removing the source', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'origin', body: 'moved' });
    await client.moveObject({ bucket, key: 'destination', source: { bucket, key: 'origin' } });
    expect((await client.headObject({ bucket, key: 'destination' })).size).toBe(5);
    await expect(client.headObject({ bucket, key: 'origin' })).rejects.toSatisfy(isNotFound);
  });

  it('says NotFound for a missing source and leaves the target untouched', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'target', body: 'kept' });
    const error = await client
      .copyObject({ bucket, key: 'target', source: { bucket, key: 'missing' } })
      .catch((caught) => caught);
    expect(isNotFound(error)).toBe(true);
    expect((await client.headObject({ bucket, key: 'target' })).size).toBe(4);
  });
});

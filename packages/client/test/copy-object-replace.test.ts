import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createClientFixture, readAll } from './helpers/client-fixture.ts';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('copyObject over an existing object', () => {
  it('replaces its bytes, size, ETag and content type, as head, get and list all say', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    await client.putObject({ bucket, key: 'target', body: 'old', contentType: 'text/csv' });
    await client.putObject({ bucket, key: 'source', body: 'new bytes', contentType: 'text/plain' });
    const copied = await client.copyObject({ bucket, key: 'target', source: { bucket, key: 'source' } });
    expect(copied.etag).toBe(md5('new bytes'));
    const head = await client.headObject({ bucket, key: 'target' });
    expect(head).toMatchObject({ size: 9, etag: md5('new bytes'), contentType: 'text/plain' });
    const got = await client.getObject({ bucket, key: 'target', checkMd5: true });
    expect(await readAll(got.body)).toBe('new bytes');
    const listed = [];
    for await (const object of client.listObjects({ bucket, prefix: 'target' })) listed.push(object);
    expect(listed).toEqual([expect.objectContaining({ key: 'target', size: 9, etag: md5('new bytes') })]);
  });
});

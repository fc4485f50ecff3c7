import { describe, expect, it } from 'vitest';
import { isNotFound, type UploadEntry } from '../src/index.ts';
import { createClientFixture, readAll } from './helpers/client-fixture.ts';

const encoder = new TextEncoder();

describe('multipart operations', () => {
  it('initiates, uploads parts, lists them and completes', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    const key = 'big.bin';
    const { uploadId } = await client.initiateMultipartUpload({
      bucket,
      key,
      contentType: 'application/x-test',
    });
    const first = encoder.encode('a'.repeat(5 * 1024 * 1024));
    const part1 = await client.uploadPart({ bucket, key, uploadId, partNumber: 1, body: first });
    const part2 = await client.uploadPart({
      bucket,
      key,
      uploadId,
      partNumber: 2,
      body: encoder.encode('tail'),
    });
    const parts = await client.listParts({ bucket, key, uploadId });
    expect(parts.map((part) => [part.partNumber, part.size, part.etag])).toEqual([
      [1, first.byteLength, part1.etag],
      [2, 4, part2.etag],
    ]);
    expect(parts[0]?.lastModified).toBeInstanceOf(Date);
    const done = await client.completeMultipartUpload({
      bucket,
      key,
      uploadId,
      parts: [
        { partNumber: 2, etag: part2.etag },
        { partNumber: 1, etag: part1.etag },
      ],
    });
    const info = await client.headObject({ bucket, key });
    expect(info).toMatchObject({
      size: first.byteLength + 4,
      etag: done.etag,
      contentType: 'application/x-test',
    });
    const tail = await client.getObject({ bucket, key, range: { start: first.byteLength } });
    expect(await readAll(tail.body)).toBe('tail');
  });

  it('lists uploads in progress and aborts them', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    const one = await client.initiateMultipartUpload({ bucket, key: 'one', encrypt: true });
    await client.initiateMultipartUpload({ bucket, key: 'two' });
    const uploads: UploadEntry[] = [];
    for await (const upload of client.listMultipartUploads({ bucket, prefix: 'o' })) uploads.push(upload);
    expect(uploads).toEqual([
      expect.objectContaining({ key: 'one', uploadId: one.uploadId, encrypted: true }),
    ]);
    expect(uploads[0]?.initiated).toBeInstanceOf(Date);
    await client.abortMultipartUpload({ bucket, key: 'one', uploadId: one.uploadId });
    const error = await client
      .listParts({ bucket, key: 'one', uploadId: one.uploadId })
      .catch((caught) => caught);
    expect(isNotFound(error)).toBe(true);
    const pages = [];
    for await (const page of client.listMultipartUploads({ bucket }).pages()) pages.push(page);
    expect(pages.flatMap((page) => page.uploads.map((upload) => upload.key))).toEqual(['two']);
  });

  it('refuses a part number outside 1 to 10000 before sending', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    const body = encoder.encode('x');
    await expect(
      client.uploadPart({ bucket, key: 'k', uploadId: 'X', partNumber: 0, body }),
    ).rejects.toMatchObject({ code: 'CLIENT_INVALID_OPTIONS' });
  });

  it.each([
    ['no parts', []],
    [
      'a part number twice',
      [
        { partNumber: 1, etag: '5d41402abc4b2a76b9719d911017c592' },
        { partNumber: 1, etag: '5d41402abc4b2a76b9719d911017c592' },
      ],
    ],
    ['an ETag that is not an MD5', [{ partNumber: 1, etag: 'not-an-md5' }]],
  ])('refuses a Complete with %s before sending, and the upload stays open', async (_name, parts) => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    const { uploadId } = await client.initiateMultipartUpload({ bucket, key: 'k' });
    const error = await client
      .completeMultipartUpload({ bucket, key: 'k', uploadId, parts })
      .catch((caught) => caught);
    expect(error).toMatchObject({ code: 'CLIENT_INVALID_OPTIONS' });
    expect(String(error.message)).toMatch(/^CompleteMultipartUpload: /);
    expect(await client.listParts({ bucket, key: 'k', uploadId })).toEqual([]);
  });
});

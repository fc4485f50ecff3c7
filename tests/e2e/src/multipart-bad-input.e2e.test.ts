// Bad input gets a clear, typed error and changes nothing on the server: sources that are not regular files
// (a named pipe used to be opened, blocking until a writer came, and its size of 0 would have made an empty
// object), and bucket names and keys that JSS refuses or that no URL can carry.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { listIncompleteUploads, MultipartError, type UploadOptions, uploadObject } from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture } from '../helpers/local-fixture.ts';

let fixture: LocalFixture;

beforeAll(async () => {
  fixture = await startLocalFixture({ name: 'bad-input-e2e', bucket: 'intact' });
});
afterAll(() => fixture.close());

/** The error `uploadObject` rejects with for these options, into the fixture's bucket unless they say. */
async function failure(options: Partial<UploadOptions>): Promise<{ code: string; message: string }> {
  const error = await uploadObject({
    transport: fixture.transport,
    bucket: 'intact',
    key: 'object',
    source: new Uint8Array(16),
    ...options,
  }).catch((caught: unknown) => caught);
  expect(MultipartError.isInstance(error), String(error)).toBe(true);
  return { code: (error as MultipartError).code, message: (error as Error).message };
}

/** Nothing reached the bucket: no object, no upload left open. */
async function expectBucketUntouched(): Promise<void> {
  const listing = await fixture.transport.send({ method: 'GET', bucket: 'intact' });
  expect(JSON.parse(Buffer.from(listing.body).toString('utf8')).Contents).toEqual([]);
  expect(await listIncompleteUploads(fixture.transport, 'intact', '')).toEqual([]);
}

describe('multipart × bad input', () => {
  it('refuses a missing file, a directory and a named pipe as a source', async () => {
    const directory = join(fixture.directory, 'a-directory');
    await mkdir(directory);
    const pipe = join(fixture.directory, 'a-pipe');
    await promisify(execFile)('mkfifo', [pipe]);
    expect(await failure({ source: join(fixture.directory, 'missing.bin') })).toMatchObject({
      code: 'MULTIPART_SOURCE_FAILED',
      message: expect.stringMatching(/cannot open .+: no such file$/),
    });
    for (const source of [directory, pipe])
      expect(await failure({ source })).toMatchObject({
        code: 'MULTIPART_SOURCE_FAILED',
        message: expect.stringContaining('is not a regular file'),
      });
    await expectBucketUntouched();
  });

  it('refuses bucket names, keys and object attributes that JSS would refuse, before sending anything', async () => {
    const cases: [Partial<UploadOptions>, string][] = [
      [{ bucket: 'Bad_Bucket' }, 'invalid bucket'],
      [{ key: 'k'.repeat(1023) }, 'at most 1022 bytes'],
      [{ key: '\\leading-backslash' }, 'may not start with'],
      // A storage class JSS does not know: refused before the source is read or Initiate is sent.
      [{ storageClass: 'GLACIER' as UploadOptions['storageClass'] }, 'invalid x-jss-storage-class'],
      [{ contentType: '' }, 'invalid content-type'],
    ];
    for (const [options, said] of cases)
      expect(await failure(options)).toMatchObject({
        code: 'MULTIPART_INVALID_OPTIONS',
        message: expect.stringContaining(said),
      });
    await expectBucketUntouched();
  });

  it('refuses a key with ".." segments, which a URL would turn into another path', async () => {
    const error = await uploadObject({
      transport: fixture.transport,
      bucket: 'intact',
      key: '../../etc/passwd',
      source: new Uint8Array(16),
    }).catch((caught: unknown) => caught);
    expect((error as Error).cause).toMatchObject({ code: 'TRANSPORT_INVALID_REQUEST' });
    await expectBucketUntouched();
  });
});

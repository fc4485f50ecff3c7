// abort() at the end of an upload: while Complete is on its way the object may already be committed, and
// abort() must say so rather than report an abort that did not happen (ali-oss #1388: a cancel that did not
// stop requests in flight). An object in place is left there: deleting it could lose an older version.
import { createUpload, MultipartError, type UploadProgress } from '@jsskit/multipart';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
const BUCKET = 'late';
const data = new Uint8Array(3 * MiB + 5).map((_, index) => index % 251);
let fixture: LocalFixture;

beforeAll(async () => {
  fixture = await startLocalFixture({ name: 'abort-late-e2e', bucket: BUCKET });
});
afterEach(() => fixture.server.faults.clear());
afterAll(() => fixture.close());

/** Starts an upload and resolves once its progress says Complete is under way. */
async function uploadUntilCompleting(key: string) {
  let phase = 'sending' as UploadProgress['phase'];
  const upload = createUpload({
    transport: fixture.transport,
    bucket: BUCKET,
    key,
    source: data,
    partSize: MiB,
    onProgress: (progress) => {
      phase = progress.phase;
    },
  });
  const done = upload.done().catch((error: unknown) => error);
  while (phase !== 'completing') await new Promise((resolve) => setTimeout(resolve, 5));
  // Let the Complete request reach the server.
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { upload, done };
}

const head = (key: string) =>
  fixture.transport.send({ method: 'HEAD', bucket: BUCKET, key }).then(
    (response) => response.status,
    (error: { status?: number }) => error.status,
  );

describe('multipart × abort() at the end', () => {
  it('aborts an upload whose Complete is stopped before the server commits it', async () => {
    fixture.server.faults.add({ operation: 'CompleteMultipartUpload', action: { type: 'stall', ms: 500 } });
    const { upload, done } = await uploadUntilCompleting('stopped');
    await upload.abort();
    expect(await done).toMatchObject({ code: 'MULTIPART_ABORTED' });
    await new Promise((resolve) => setTimeout(resolve, 600)); // the stalled Complete goes on, and finds nothing
    expect(await head('stopped')).toBe(404);
    const uploads = await fixture.transport.send({ method: 'GET', bucket: BUCKET, query: { uploads: '' } });
    expect(uploads.text()).not.toContain(upload.uploadId);
  });

  it('says the upload was already complete when the server committed it first, and leaves the object', async () => {
    fixture.server.faults.add({
      operation: 'CompleteMultipartUpload',
      action: { type: 'stall', ms: 500, phase: 'during-response' },
    });
    const { upload, done } = await uploadUntilCompleting('committed');
    const error = await upload.abort().catch((caught: unknown) => caught);
    expect(MultipartError.isInstance(error) && error.code).toBe('MULTIPART_ALREADY_COMPLETE');
    expect(await done).toMatchObject({ code: 'MULTIPART_ABORTED' });
    expect(await head('committed')).toBe(200);
  });

  it('says so too when abort() comes after done() resolved, for parts and for a single PutObject', async () => {
    for (const [key, source] of [
      ['finished', data],
      ['small', data.subarray(0, 1000)],
    ] as const) {
      const upload = createUpload({
        transport: fixture.transport,
        bucket: BUCKET,
        key,
        source,
        partSize: MiB,
      });
      await upload.done();
      await expect(upload.abort(), key).rejects.toMatchObject({ code: 'MULTIPART_ALREADY_COMPLETE' });
      expect(await head(key)).toBe(200);
    }
  });
});

// abort() at the end of an upload: while Complete is on its way the object may already be committed, and
// abort() must say so rather than report an abort that did not happen (ali-oss #1388: a cancel that did not
// stop requests in flight). An object in place is left there: deleting it could lose an older version.
import { createUpload, MultipartError } from '@jsskit/multipart';
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

/** Starts an upload and resolves once `ready` says so (polled every 5 ms). */
async function uploadUntil(key: string, ready: () => boolean | Promise<boolean>) {
  const upload = createUpload({
    transport: fixture.transport,
    bucket: BUCKET,
    key,
    source: data,
    partSize: MiB,
  });
  const done = upload.done().catch((error: unknown) => error);
  while (!(await ready())) await new Promise((resolve) => setTimeout(resolve, 5));
  return { upload, done };
}

const head = (key: string) =>
  fixture.transport.send({ method: 'HEAD', bucket: BUCKET, key }).then(
    (response) => response.status,
    (error: { status?: number }) => error.status,
  );

describe('multipart × abort() at the end', () => {
  it('aborts an upload whose Complete is stopped before the server commits it', async () => {
    const stall = fixture.server.faults.add({
      operation: 'CompleteMultipartUpload',
      action: { type: 'stall', ms: 800 },
    });
    const { upload, done } = await uploadUntil('stopped', () => stall.hits === 1);
    await upload.abort();
    expect(await done).toMatchObject({ code: 'MULTIPART_ABORTED' });
    await new Promise((resolve) => setTimeout(resolve, 900)); // the stalled Complete goes on, and finds nothing
    expect(await head('stopped')).toBe(404);
    const uploads = await fixture.transport.send({ method: 'GET', bucket: BUCKET, query: { uploads: '' } });
    expect(uploads.text()).not.toContain(upload.uploadId);
  });

  it('says the upload was already complete when the server committed it first, and leaves the object', async () => {
    // The server commits, starts its answer, and holds the rest: the client is still waiting for it.
    fixture.server.faults.add({
      operation: 'CompleteMultipartUpload',
      action: { type: 'stall', ms: 5_000, phase: 'during-response' },
    });
    const { upload, done } = await uploadUntil('committed', async () => (await head('committed')) === 200);
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

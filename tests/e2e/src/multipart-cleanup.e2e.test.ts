// What uploads leave behind. onFailure: nothing on the server and no checkpoint when asked to abort, and a
// resumable upload when aborting fails too. Sweeps with ownedBy: only one's own, idle uploads are aborted.
import { join } from 'node:path';
import {
  FileCheckpointStore,
  listIncompleteUploads,
  MultipartError,
  sweepIncompleteUploads,
  uploadObject,
} from '@jsskit/multipart';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture, writeRandomSource } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
let fixture: LocalFixture;
let source: string;
let data: Buffer;
let store: FileCheckpointStore;

beforeAll(async () => {
  fixture = await startLocalFixture({
    name: 'policy-e2e',
    bucket: 'policy',
    transport: { retry: { baseDelayMs: 5, maxAttempts: 3 } },
  });
  ({ source, data } = await writeRandomSource(fixture.directory, 6 * MiB + 99));
  store = new FileCheckpointStore(join(fixture.directory, 'checkpoints'));
});

afterEach(() => fixture.server.faults.clear());

afterAll(() => fixture.close());

/** A resumable upload whose part `failAt` is refused for good (403), one part at a time. */
async function failedUpload(
  key: string,
  checkpointId: string,
  failAt: number,
  onFailure: 'keep' | 'abort',
): Promise<MultipartError> {
  fixture.server.faults.add({
    operation: 'UploadPart',
    key,
    nth: failAt,
    times: Number.POSITIVE_INFINITY,
    action: { type: 'error', status: 403, code: 'AccessDenied' },
  });
  const error = await uploadObject({
    transport: fixture.transport,
    bucket: 'policy',
    key,
    source: source,
    partSize: MiB,
    concurrency: 1,
    checkpointStore: store,
    checkpointId,
    onFailure,
  }).catch((caught: unknown) => caught);
  expect(MultipartError.isInstance(error)).toBe(true);
  return error as MultipartError;
}

const openUploads = async () =>
  (await listIncompleteUploads(fixture.transport, 'policy', undefined)).map((upload) => upload.UploadId);

describe("onFailure: 'abort' × local server", () => {
  it('aborts the upload on the server and removes the checkpoint when a part fails for good', async () => {
    const error = await failedUpload('gone', 'policy-gone', 3, 'abort');
    expect(error).toMatchObject({ code: 'MULTIPART_PART_FAILED', cleanup: 'aborted', state: undefined });
    expect(error.message).toContain(`upload ${error.uploadId} was aborted on the server`);
    expect(await openUploads()).not.toContain(error.uploadId);
    expect(await store.load('policy-gone')).toBeUndefined();
  });

  it('keeps the upload resumable when aborting it fails too, and a rerun finishes it', async () => {
    const { transport, server } = fixture;
    server.faults.add({
      operation: 'AbortMultipartUpload',
      times: Number.POSITIVE_INFINITY,
      action: { type: 'error', status: 500, code: 'InternalError' },
    });
    const error = await failedUpload('kept', 'policy-kept', 3, 'abort');
    expect(error).toMatchObject({ code: 'MULTIPART_PART_FAILED', cleanup: 'abort-failed' });
    expect(error.message).toMatch(/aborting upload \w+ on the server failed too .*left on the server/);
    expect(error.cleanupError).toMatchObject({ code: 'TRANSPORT_RETRIES_EXHAUSTED' });
    expect(error.state?.parts.map((part) => part.partNumber)).toEqual([1, 2]);
    expect(await openUploads()).toContain(error.uploadId);
    server.faults.clear();
    const result = await uploadObject({
      transport,
      bucket: 'policy',
      key: 'kept',
      source,
      partSize: MiB,
      checkpointStore: store,
      checkpointId: 'policy-kept',
    });
    expect(result).toMatchObject({ uploadId: error.uploadId, resumedBytes: 2 * MiB, size: data.length });
    const stored = await transport.send({ method: 'GET', bucket: 'policy', key: 'kept' });
    expect(Buffer.from(stored.body).equals(data)).toBe(true);
  });

  it('refuses an unknown policy or timeout before sending anything', async () => {
    const { transport } = fixture;
    const base = { transport, bucket: 'policy', key: 'x', source };
    await expect(uploadObject({ ...base, onFailure: 'delete' as 'abort' })).rejects.toThrow(/onFailure/);
    await expect(uploadObject({ ...base, cleanupTimeoutMs: 0 })).rejects.toThrow(/cleanupTimeoutMs/);
  });
});

describe('sweeps that respect ownership × local server', () => {
  it('aborts only idle uploads of its own store, and says which it left alone', async () => {
    const { transport } = fixture;
    const idle = (await failedUpload('sweep/idle', 'sweep-idle', 2, 'keep')).uploadId;
    const running = (await failedUpload('sweep/running', 'sweep-running', 2, 'keep')).uploadId;
    const initiated = await transport.send({
      method: 'POST',
      bucket: 'policy',
      key: 'sweep/foreign',
      query: [['uploads', undefined]],
    });
    const foreign = (initiated.json() as { UploadId: string }).UploadId;
    const release = await store.lock('sweep-running');
    try {
      const options = { transport, bucket: 'policy', prefix: 'sweep/', olderThanMs: 0, ownedBy: store };
      const dry = await sweepIncompleteUploads({ ...options, dryRun: true });
      expect(dry.aborted.map((upload) => upload.UploadId)).toEqual([idle]);
      expect(await openUploads()).toContain(idle);
      const swept = await sweepIncompleteUploads(options);
      expect(swept.aborted.map((upload) => upload.UploadId)).toEqual([idle]);
      expect(swept.kept.map((upload) => upload.UploadId)).toEqual([running]);
      expect(swept.notOwned.map((upload) => upload.UploadId)).toEqual([foreign]);
    } finally {
      await release();
    }
    const open = await openUploads();
    expect(open).not.toContain(idle);
    expect(open).toEqual(expect.arrayContaining([running, foreign]));
    expect(await store.load('sweep-idle')).toBeUndefined();
    expect((await store.load('sweep-running'))?.uploadId).toBe(running);
    expect(await store.list()).toContain('sweep-running');
  });

  it('refuses an ownedBy store that cannot list its checkpoints', async () => {
    const { transport } = fixture;
    const blind = {
      load: store.load.bind(store),
      save: store.save.bind(store),
      remove: store.remove.bind(store),
      lock: store.lock.bind(store),
    };
    await expect(
      sweepIncompleteUploads({ transport, bucket: 'policy', olderThanMs: 0, ownedBy: blind }),
    ).rejects.toMatchObject({ code: 'MULTIPART_INVALID_OPTIONS' });
  });
});

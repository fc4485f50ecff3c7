// What uploads leave behind. onFailure: nothing on the server and no checkpoint when asked to abort, and a
// resumable upload when aborting fails too. Sweeps with ownedBy: only one's own, idle uploads are aborted.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport, type Transport } from '@jsskit/http-transport';
import { type LocalServer, startLocalServer } from '@jsskit/local-server';
import {
  FileCheckpointStore,
  listIncompleteUploads,
  MultipartError,
  sweepIncompleteUploads,
  uploadObject,
} from '@jsskit/multipart';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const MiB = 1024 * 1024;
let directory: string;
let server: LocalServer;
let transport: Transport;
let store: FileCheckpointStore;
let source: string;
let data: Buffer;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jsskit-policy-e2e-'));
  server = await startLocalServer({ dataDir: join(directory, 'data') });
  transport = createTransport({
    endpoint: server.endpoint,
    credentials: server.credentials[0] as (typeof server.credentials)[0],
    retry: { baseDelayMs: 5, maxAttempts: 3 },
  });
  await transport.send({ method: 'PUT', bucket: 'policy' });
  store = new FileCheckpointStore(join(directory, 'checkpoints'));
  data = randomBytes(6 * MiB + 99);
  source = join(directory, 'source.bin');
  await writeFile(source, data);
});

afterEach(() => server.faults.clear());

afterAll(async () => {
  await transport.close();
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

async function failingUpload(key: string, checkpointId: string): Promise<MultipartError> {
  server.faults.add({
    operation: 'UploadPart',
    nth: 3,
    times: Number.POSITIVE_INFINITY,
    action: { type: 'error', status: 403, code: 'AccessDenied' },
  });
  const error = await uploadObject({
    transport,
    bucket: 'policy',
    key,
    source,
    partSize: MiB,
    concurrency: 1,
    checkpointStore: store,
    checkpointId,
    onFailure: 'abort',
  }).catch((caught: unknown) => caught);
  expect(MultipartError.isInstance(error)).toBe(true);
  return error as MultipartError;
}

const openUploads = async () =>
  (await listIncompleteUploads(transport, 'policy', undefined)).map((upload) => upload.UploadId);

describe("onFailure: 'abort' × local server", () => {
  it('aborts the upload on the server and removes the checkpoint when a part fails for good', async () => {
    const error = await failingUpload('gone', 'policy-gone');
    expect(error).toMatchObject({ code: 'MULTIPART_PART_FAILED', cleanup: 'aborted', state: undefined });
    expect(error.message).toContain(`upload ${error.uploadId} was aborted on the server`);
    expect(await openUploads()).not.toContain(error.uploadId);
    expect(await store.load('policy-gone')).toBeUndefined();
  });

  it('keeps the upload resumable when aborting it fails too, and a rerun finishes it', async () => {
    server.faults.add({
      operation: 'AbortMultipartUpload',
      times: Number.POSITIVE_INFINITY,
      action: { type: 'error', status: 500, code: 'InternalError' },
    });
    const error = await failingUpload('kept', 'policy-kept');
    expect(error).toMatchObject({ code: 'MULTIPART_PART_FAILED', cleanup: 'abort-failed' });
    expect(error.message).toMatch(/aborting upload \w+ on the server failed too .*left resumable/);
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

  it('refuses an unknown policy or timeout before sending anything', () => {
    const base = { transport, bucket: 'policy', key: 'x', source };
    expect(() => uploadObject({ ...base, onFailure: 'delete' as 'abort' })).toThrow(/onFailure/);
    expect(() => uploadObject({ ...base, cleanupTimeoutMs: 0 })).toThrow(/cleanupTimeoutMs/);
  });
});

describe('sweeps that respect ownership × local server', () => {
  /** An upload of ours that failed after one part and was kept: on the server and in the store. */
  async function keptUpload(key: string, checkpointId: string): Promise<string> {
    server.faults.add({
      operation: 'UploadPart',
      key,
      nth: 2,
      action: { type: 'error', status: 403, code: 'AccessDenied' },
    });
    const error = (await uploadObject({
      transport,
      bucket: 'policy',
      key,
      source,
      partSize: MiB,
      concurrency: 1,
      checkpointStore: store,
      checkpointId,
    }).catch((caught: unknown) => caught)) as MultipartError;
    expect(error.state?.parts).toHaveLength(1);
    return error.uploadId as string;
  }

  it('aborts only idle uploads of its own store, and says which it left alone', async () => {
    const idle = await keptUpload('sweep/idle', 'sweep-idle');
    const running = await keptUpload('sweep/running', 'sweep-running');
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

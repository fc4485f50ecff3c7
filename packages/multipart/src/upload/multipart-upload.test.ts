// The engine against the real local server on port 0, with its fault injection: a failed part stops the
// upload with a resumable state, a resume reuses only what the server holds as recorded, a lost Complete is
// settled by HEAD, and abort() works in every phase. Runs in seconds: small parts, concurrency 1 where the
// order matters.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@jsskit/client';
import { type LocalServer, startLocalServer } from '@jsskit/local-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryCheckpointStore } from '../checkpoints/memory-checkpoint-store.ts';
import { listIncompleteUploads } from '../cleanup/sweep-uploads.ts';
import { MultipartError } from '../errors.ts';
import { createUpload, uploadObject } from './multipart-upload.ts';
import type { UploadOptions } from './upload-options.ts';

const MiB = 1024 * 1024;
const bucket = 'engine';
// Six parts of 1 MiB, the last one short.
const data = new Uint8Array(5 * MiB + 3).map((_, index) => (index * 7) % 251);
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
let server: LocalServer;
let client: Client;
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jsskit-multipart-engine-'));
  server = await startLocalServer({ dataDir: join(directory, 'data') });
  client = createClient({ endpoint: server.endpoint, credentials: server.credentials[0] });
  await client.createBucket({ bucket });
});
afterEach(() => server.faults.clear());
afterAll(async () => {
  await client.close();
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

function options(key: string, more: Partial<UploadOptions> = {}): UploadOptions {
  return { client, bucket, key, source: data, partSize: MiB, concurrency: 1, ...more };
}

async function failureOf(promise: Promise<unknown>): Promise<MultipartError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!MultipartError.isInstance(error)) throw new Error(`expected a MultipartError, got ${String(error)}`);
  return error;
}

async function until(ready: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await ready())) await new Promise((resolve) => setTimeout(resolve, 5));
}

const openUploads = async (key: string) =>
  (await listIncompleteUploads(client, bucket, key)).map((upload) => upload.UploadId);

const headStatus = (key: string) =>
  client.headObject({ bucket, key }).then(
    () => 200,
    (error: { status?: number }) => error.status,
  );

/** Refuses part `nth` with a status the transport does not retry. */
const refusePart = (nth: number) =>
  server.faults.add({
    operation: 'UploadPart',
    nth,
    action: { type: 'error', status: 403, code: 'AccessDenied' },
  });

describe('a failed part', () => {
  it('stops the upload with its resumable state; the next run sends only the parts missing', async () => {
    const store = new MemoryCheckpointStore();
    refusePart(3);
    const error = await failureOf(
      uploadObject(options('failed', { checkpointStore: store, checkpointId: 'f' })),
    );
    expect(error.code).toBe('MULTIPART_PART_FAILED');
    expect(error.message).toMatch(/^upload \S+ of failed stopped: /);
    expect(error.failedParts).toEqual([3]);
    expect(error.state?.parts.map((part) => part.partNumber)).toEqual([1, 2]);
    expect((await store.load('f'))?.parts.map((part) => part.partNumber)).toEqual([1, 2]);
    expect(await openUploads('failed')).toEqual([error.uploadId]);

    const reused: number[] = [];
    const result = await uploadObject(
      options('failed', {
        checkpointStore: store,
        checkpointId: 'f',
        onPart: (event) => event.state === 'reused' && reused.push(event.partNumber),
      }),
    );
    expect(result).toMatchObject({
      uploadId: error.uploadId,
      parts: 6,
      resumedBytes: 2 * MiB,
      size: data.length,
    });
    expect(reused).toEqual([1, 2]);
    expect(await store.list()).toEqual([]);
    expect(await openUploads('failed')).toEqual([]);
  });

  it("with onFailure 'abort', aborts the upload on the server and removes the checkpoint", async () => {
    const store = new MemoryCheckpointStore();
    refusePart(2);
    const error = await failureOf(
      uploadObject(options('given-up', { checkpointStore: store, checkpointId: 'g', onFailure: 'abort' })),
    );
    expect(error).toMatchObject({ code: 'MULTIPART_PART_FAILED', cleanup: 'aborted', state: undefined });
    expect(error.message).toMatch(/was aborted on the server$/);
    expect(await store.list()).toEqual([]);
    expect(await openUploads('given-up')).toEqual([]);
  });

  it('that is a single PutObject is a part failure named after it', async () => {
    server.faults.add({
      operation: 'PutObject',
      action: { type: 'error', status: 403, code: 'AccessDenied' },
    });
    const error = await failureOf(uploadObject(options('small', { source: data.subarray(0, 100) })));
    expect(error.code).toBe('MULTIPART_PART_FAILED');
    expect(error.message).toMatch(/^PutObject of small failed: /);
  });
});

describe('resume', () => {
  it('reuses only the checkpointed parts that the server holds with their recorded MD5', async () => {
    const store = new MemoryCheckpointStore();
    refusePart(4);
    await failureOf(uploadObject(options('reconciled', { checkpointStore: store, checkpointId: 'r' })));
    const saved = await store.load('r');
    if (saved === undefined) throw new Error('no checkpoint');
    // Part 1 as the checkpoint has it no longer matches the server's: it must be sent again.
    await store.save('r', {
      ...saved,
      parts: saved.parts.map((part) => (part.partNumber === 1 ? { ...part, md5: '0'.repeat(32) } : part)),
    });
    const reused: number[] = [];
    const result = await uploadObject(
      options('reconciled', {
        checkpointStore: store,
        checkpointId: 'r',
        onPart: (event) => event.state === 'reused' && reused.push(event.partNumber),
      }),
    );
    expect(reused).toEqual([2, 3]);
    expect(result.resumedBytes).toBe(2 * MiB);
    expect(result.uploadId).toBe(saved.uploadId);
  });

  it('starts over when the upload of the checkpoint is gone from the server', async () => {
    const store = new MemoryCheckpointStore();
    refusePart(2);
    const error = await failureOf(
      uploadObject(options('gone', { checkpointStore: store, checkpointId: 'x' })),
    );
    await client.abortMultipartUpload({ bucket, key: 'gone', uploadId: error.uploadId ?? '' });
    const result = await uploadObject(options('gone', { checkpointStore: store, checkpointId: 'x' }));
    expect(result.resumedBytes).toBe(0);
    expect(result.uploadId).not.toBe(error.uploadId);
  });
});

describe('Complete', () => {
  it('whose answer is lost is settled by HEAD', async () => {
    server.faults.add({ operation: 'CompleteMultipartUpload', action: { type: 'drop-response' } });
    const result = await uploadObject(options('dropped', { concurrency: 3 }));
    expect(result.confirmedByHead).toBe(true);
    const object = await client.headObject({ bucket, key: 'dropped' });
    expect(object.etag).toBe(result.etag);
  });

  it('that the server refuses fails with MULTIPART_COMPLETE_FAILED and the state to try again', async () => {
    server.faults.add({
      operation: 'CompleteMultipartUpload',
      action: { type: 'error', status: 400, code: 'InvalidPart' },
    });
    const error = await failureOf(uploadObject(options('refused', { concurrency: 3 })));
    expect(error.code).toBe('MULTIPART_COMPLETE_FAILED');
    expect(error.state?.parts).toHaveLength(6);
  });
});

describe('abort', () => {
  it('before the upload starts: nothing is sent', async () => {
    const controller = new AbortController();
    controller.abort(new Error('no'));
    const error = await failureOf(uploadObject(options('never', { signal: controller.signal })));
    expect(error.code).toBe('MULTIPART_ABORTED');
    expect(await openUploads('never')).toEqual([]);
  });

  it('while parts are in flight: the upload is aborted on the server and its checkpoint removed', async () => {
    const store = new MemoryCheckpointStore();
    const stall = server.faults.add({ operation: 'UploadPart', nth: 2, action: { type: 'stall', ms: 300 } });
    const upload = createUpload(options('in-flight', { checkpointStore: store, checkpointId: 'a' }));
    const done = failureOf(upload.done());
    await until(() => stall.hits === 1);
    await upload.abort();
    const error = await done;
    expect(error.code).toBe('MULTIPART_ABORTED');
    expect(error.state?.parts.map((part) => part.partNumber)).toEqual([1]);
    expect(await store.list()).toEqual([]);
    expect(await openUploads('in-flight')).toEqual([]);
  });

  it('while paused: the waiting workers end', async () => {
    const upload = createUpload(options('paused', { concurrency: 2 }));
    upload.pause();
    const done = failureOf(upload.done());
    await until(() => upload.uploadId !== undefined);
    await upload.abort();
    expect((await done).code).toBe('MULTIPART_ABORTED');
    expect(await openUploads('paused')).toEqual([]);
  });

  it('once the server committed the object: MULTIPART_ALREADY_COMPLETE, and the object stays', async () => {
    server.faults.add({
      operation: 'CompleteMultipartUpload',
      action: { type: 'stall', ms: 2_000, phase: 'during-response' },
    });
    const upload = createUpload(options('committed', { concurrency: 3 }));
    const done = failureOf(upload.done());
    await until(async () => (await headStatus('committed')) === 200);
    const error = await failureOf(upload.abort());
    expect(error.code).toBe('MULTIPART_ALREADY_COMPLETE');
    expect((await done).code).toBe('MULTIPART_ABORTED');
    expect(await headStatus('committed')).toBe(200);
  });

  it('after a single PutObject: MULTIPART_ALREADY_COMPLETE', async () => {
    const small = data.subarray(0, 1000);
    const upload = createUpload(options('put', { source: small }));
    const result = await upload.done();
    expect(result).toMatchObject({ etag: md5(small), parts: 0, uploadId: undefined });
    expect((await failureOf(upload.abort())).code).toBe('MULTIPART_ALREADY_COMPLETE');
  });
});

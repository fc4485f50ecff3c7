// A stream source that stops producing (a producer that hangs, a pipe nobody closes) must not hold an aborted
// upload: the upload rejects at once, gives its buffers back, and tells the stream it is no longer read.
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { MemoryBudget, MultipartError, type UploadSource, uploadObject } from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
let fixture: LocalFixture;

beforeAll(async () => {
  fixture = await startLocalFixture({ name: 'stalled-source-e2e', bucket: 'stall' });
});

afterAll(() => fixture.close());

/** A stream that yields `bytes` bytes in 256 KiB chunks and then waits forever, and whether it was stopped. */
interface StalledStream {
  readonly source: UploadSource;
  isStopped(): boolean;
}

function stalledReadable(bytes: number): StalledStream {
  const stream = new PassThrough();
  for (let offset = 0; offset < bytes; offset += 256 * 1024) stream.write(randomBytes(256 * 1024));
  return { source: stream, isStopped: () => stream.destroyed };
}

function stalledWebStream(bytes: number): StalledStream {
  let left = bytes;
  let isCancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      if (left === 0) return new Promise<void>(() => undefined);
      left -= 256 * 1024;
      controller.enqueue(randomBytes(256 * 1024));
    },
    cancel: () => {
      isCancelled = true;
    },
  });
  return { source: stream, isStopped: () => isCancelled };
}

/** An async generator that yields `bytes` bytes and then waits forever: nothing can stop it while it waits. */
async function* stalledGenerator(bytes: number) {
  for (let offset = 0; offset < bytes; offset += 256 * 1024) yield randomBytes(256 * 1024);
  await new Promise<void>(() => undefined);
}

/** Uploads `source` in 1 MiB parts and aborts once `abortAfter` bytes are confirmed (or after 200 ms). */
async function abortedUpload(source: UploadSource, abortAfter: number) {
  const budget = new MemoryBudget(8 * MiB);
  const controller = new AbortController();
  const upload = uploadObject({
    transport: fixture.transport,
    bucket: 'stall',
    key: 'stalled',
    source,
    partSize: MiB,
    memoryBudget: budget,
    signal: controller.signal,
    onFailure: 'abort',
    onProgress: (progress) => {
      if (abortAfter > 0 && progress.confirmedBytes >= abortAfter) controller.abort();
    },
  });
  if (abortAfter === 0) setTimeout(() => controller.abort(), 200);
  const error = await upload.catch((caught: unknown) => caught);
  expect(MultipartError.isInstance(error) && error.code).toBe('MULTIPART_ABORTED');
  expect(budget.usedBytes).toBe(0);
}

const kinds = { 'a Node Readable': stalledReadable, 'a WHATWG ReadableStream': stalledWebStream };

describe('a stream source that stalls × local server', () => {
  it.each(
    Object.entries(kinds).flatMap(([kind, make]) => [
      [kind, 'before its first part', make, 0],
      [kind, 'after three parts', make, 3 * MiB],
    ]),
  )(
    '%s stalled %s: an abort ends the upload at once and stops the stream',
    async (_kind, _when, make, bytes) => {
      const stalled = make(bytes);
      await abortedUpload(stalled.source, Math.max(0, bytes - MiB));
      expect(stalled.isStopped()).toBe(true);
    },
  );

  it('an async generator stalled after three parts: an abort ends the upload at once', async () => {
    await abortedUpload(stalledGenerator(3 * MiB), 2 * MiB);
  });
});

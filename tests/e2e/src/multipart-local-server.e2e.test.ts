// @jsskit/multipart against @jsskit/local-server with injected faults: each upload must end with the
// object's bytes and ETag right, whatever the network did.
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Transport } from '@jsskit/http-transport';
import type { LocalServer } from '@jsskit/local-server';
import {
  createUpload,
  MemoryBudget,
  MultipartError,
  type PartEvent,
  sweepIncompleteUploads,
  type UploadProgress,
  uploadObject,
} from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MultipartFixture, startMultipartFixture } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
let fixture: MultipartFixture;
let server: LocalServer;
let transport: Transport;
let source: string;
let data: Buffer;
let readObject: MultipartFixture['readObject'];

beforeAll(async () => {
  fixture = await startMultipartFixture();
  ({ server, transport, source, data, readObject } = fixture);
});

afterAll(() => fixture.close());

describe('multipart × local server', () => {
  it('uploads a file in parts, verifies the multipart ETag, and reports honest progress', async () => {
    const progress: UploadProgress[] = [];
    const events: PartEvent[] = [];
    // A slow Complete: progress must say the upload is completing while it waits, not that it is done.
    const slowComplete = server.faults.add({
      operation: 'CompleteMultipartUpload',
      action: { type: 'stall', ms: 300 },
    });
    let phaseDuringComplete: string | undefined;
    const probe = setInterval(() => {
      if (slowComplete.hits === 1) phaseDuringComplete ??= progress.at(-1)?.phase;
    }, 20);
    const result = await uploadObject({
      transport,
      bucket: 'mpu',
      key: 'plain',
      source,
      partSize: MiB,
      onProgress: (report) => progress.push(report),
      onPart: (event) => events.push(event),
    });
    expect(result).toMatchObject({
      size: data.length,
      parts: 11,
      resumedBytes: 0,
      retries: 0,
      confirmedByHead: false,
    });
    expect((await readObject('plain')).equals(data)).toBe(true);
    const confirmed = progress.map((report) => report.confirmedBytes);
    expect(confirmed).toEqual([...confirmed].sort((a, b) => a - b));
    expect(progress.at(-1)?.confirmedBytes).toBe(data.length);
    expect(events.filter((event) => event.state === 'done')).toHaveLength(11);
    clearInterval(probe);
    expect(phaseDuringComplete).toBe('completing');
    expect(progress.filter((report) => report.phase === 'completing')).toHaveLength(1);
    server.faults.clear();
  });

  it('finishes through resets mid-part, a 503 burst, a stall and a skewed clock', async () => {
    server.faults.add({
      operation: 'UploadPart',
      nth: 2,
      action: { type: 'reset', afterBodyBytes: 300_000 },
    });
    server.faults.add({
      operation: 'UploadPart',
      nth: 4,
      times: 3,
      action: { type: 'error', status: 503, code: 'SlowDown', retryAfterSeconds: 0 },
    });
    // Part 9 follows the 503s, so it asks before its body (ADR 0016): the stall must outlast the wait for
    // 100 Continue (continueMs, 1 s) plus headersMs (2 s) for the client to give up on it and retry.
    server.faults.add({ operation: 'UploadPart', nth: 9, action: { type: 'stall', ms: 4_000 } });
    server.faults.shiftClock(40 * 60_000);
    const flaky = fixture.connect();
    try {
      const result = await uploadObject({
        transport: flaky,
        bucket: 'mpu',
        key: 'flaky',
        source,
        partSize: MiB,
      });
      expect(result.retries).toBeGreaterThanOrEqual(5);
      expect(result.etag).toMatch(/^[0-9a-f]{32}$/);
      expect((await readObject('flaky')).equals(data)).toBe(true);
    } finally {
      server.faults.shiftClock(-40 * 60_000);
      server.faults.clear();
      await flaky.close();
    }
  });

  it('settles a Complete whose response was dropped by checking the object', async () => {
    server.faults.add({ operation: 'CompleteMultipartUpload', action: { type: 'drop-response' } });
    const result = await uploadObject({
      transport,
      bucket: 'mpu',
      key: 'dropped',
      source,
      partSize: 2 * MiB,
    });
    expect(result.confirmedByHead).toBe(true);
    expect((await readObject('dropped')).equals(data)).toBe(true);
  });

  it('streams an unknown-size source within its memory budget', async () => {
    const budget = new MemoryBudget(6 * MiB);
    let peak = 0;
    const total = 64 * MiB + 17;
    const hash = createHash('md5');
    async function* generate() {
      let left = total;
      while (left > 0) {
        const chunk = randomBytes(Math.min(left, 256 * 1024 + 3));
        hash.update(chunk);
        left -= chunk.length;
        peak = Math.max(peak, budget.usedBytes);
        yield chunk;
      }
    }
    const result = await uploadObject({
      transport,
      bucket: 'mpu',
      key: 'stream',
      source: Readable.from(generate()),
      partSize: MiB,
      concurrency: 4,
      memoryBudget: budget,
    });
    expect(result.size).toBe(total);
    expect(result.parts).toBe(65);
    expect(peak).toBeLessThanOrEqual(6 * MiB);
    expect(
      createHash('md5')
        .update(await readObject('stream'))
        .digest('hex'),
    ).toBe(hash.digest('hex'));
  });

  it('puts a small stream or buffer in one request, and pauses and resumes', async () => {
    const tiny = await uploadObject({
      transport,
      bucket: 'mpu',
      key: 'tiny',
      source: Readable.from([Buffer.from('tiny')]),
    });
    expect(tiny).toMatchObject({ parts: 0, size: 4, etag: createHash('md5').update('tiny').digest('hex') });
    const upload = createUpload({
      transport,
      bucket: 'mpu',
      key: 'paused',
      source: data,
      partSize: MiB,
      concurrency: 1,
    });
    upload.pause();
    const finished = upload.done();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(upload.uploadId).toBeDefined();
    upload.resume();
    expect((await finished).parts).toBe(11);
  });

  it('ends a paused upload when its signal fires, and does not pause a stopped one', async () => {
    const controller = new AbortController();
    const upload = createUpload({
      transport,
      bucket: 'mpu',
      key: 'paused-aborted',
      source: data,
      partSize: MiB,
      concurrency: 1,
      signal: controller.signal,
    });
    upload.pause();
    const finished = upload.done().catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    upload.pause();
    const error = await finished;
    expect(MultipartError.isInstance(error) && error.code).toBe('MULTIPART_ABORTED');
  });

  it('aborts an upload on the server and sweeps old orphans but keeps young ones', async () => {
    const upload = createUpload({
      transport,
      bucket: 'mpu',
      key: 'orphan/a',
      source: data,
      partSize: MiB,
      concurrency: 1,
      onPart: (event) => event.state === 'done' && upload.pause(),
    });
    void upload.done().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await upload.abort();
    const orphan = await transport.send({
      method: 'POST',
      bucket: 'mpu',
      key: 'orphan/b',
      query: { uploads: undefined },
    });
    const dry = await sweepIncompleteUploads({
      transport,
      bucket: 'mpu',
      prefix: 'orphan/',
      olderThanMs: 60_000,
      now: () => Date.now() + 3_600_000,
      dryRun: true,
    });
    expect(dry.aborted.map((entry) => entry.Key)).toEqual(['orphan/b']);
    const young = await sweepIncompleteUploads({
      transport,
      bucket: 'mpu',
      prefix: 'orphan/',
      olderThanMs: 60_000,
    });
    expect(young.kept).toHaveLength(1);
    const swept = await sweepIncompleteUploads({
      transport,
      bucket: 'mpu',
      prefix: 'orphan/',
      olderThanMs: 60_000,
      now: () => Date.now() + 3_600_000,
    });
    expect(swept.aborted).toHaveLength(1);
    expect((orphan.json() as { UploadId: string }).UploadId).toBe(swept.aborted[0]?.UploadId);
    expect(
      (await sweepIncompleteUploads({ transport, bucket: 'mpu', olderThanMs: 0 })).aborted.filter((entry) =>
        entry.Key.startsWith('orphan/'),
      ),
    ).toHaveLength(0);
  });
});

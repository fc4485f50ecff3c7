// The multipart engine resuming against the local server: from a checkpoint after an abort, onto a changed
// source, and a File picked again with no checkpoint id.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Transport } from '@jsskit/http-transport';
import {
  createUpload,
  FileCheckpointStore,
  MemoryCheckpointStore,
  MultipartError,
  uploadObject,
} from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MultipartFixture, startMultipartFixture } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
let fixture: MultipartFixture;
let directory: string;
let transport: Transport;
let source: string;
let data: Buffer;
let readObject: MultipartFixture['readObject'];

beforeAll(async () => {
  fixture = await startMultipartFixture();
  ({ directory, transport, source, data, readObject } = fixture);
});

afterAll(() => fixture.close());

describe('multipart × local server: resuming', () => {
  it('resumes from a checkpoint after an abort, sending only the parts not acknowledged', async () => {
    const store = new FileCheckpointStore(join(directory, 'checkpoints'));
    const controller = new AbortController();
    let done = 0;
    const first = createUpload({
      transport,
      bucket: 'mpu',
      key: 'resumed',
      source,
      partSize: MiB,
      concurrency: 2,
      checkpointStore: store,
      signal: controller.signal,
      onPart: (event) => {
        if (event.state === 'done' && ++done === 4) controller.abort(new Error('interrupted'));
      },
    });
    const error = await first.done().catch((caught: unknown) => caught);
    expect(MultipartError.isInstance(error) && error.code).toBe('MULTIPART_ABORTED');
    const stopped = error as MultipartError;
    expect(stopped.uploadId).toBe(first.uploadId);
    expect(stopped.state?.parts.length).toBeGreaterThanOrEqual(4);
    const started: number[] = [];
    const result = await uploadObject({
      transport,
      bucket: 'mpu',
      key: 'resumed',
      source,
      partSize: MiB,
      checkpointStore: store,
      onPart: (event) => event.state === 'started' && started.push(event.partNumber),
    });
    expect(result.uploadId).toBe(first.uploadId);
    expect(result.resumedBytes).toBe((stopped.state?.parts.length ?? 0) * MiB);
    expect(started.length).toBe(11 - (stopped.state?.parts.length ?? 0));
    expect((await readObject('resumed')).equals(data)).toBe(true);
  });

  it('refuses to resume onto a changed source, and starts over when asked', async () => {
    const store = new FileCheckpointStore(join(directory, 'checkpoints-changed'));
    const path = join(directory, 'changing.bin');
    await writeFile(path, data);
    const controller = new AbortController();
    const first = createUpload({
      transport,
      bucket: 'mpu',
      key: 'changing',
      source: path,
      partSize: MiB,
      concurrency: 1,
      checkpointStore: store,
      signal: controller.signal,
      onPart: (event) => event.state === 'done' && controller.abort('stop'),
    });
    await first.done().catch(() => undefined);
    const changed = Buffer.from(data);
    changed[5 * MiB] = (changed[5 * MiB] ?? 0) ^ 0xff;
    changed[0] = (changed[0] ?? 0) ^ 0xff;
    await writeFile(path, changed);
    const refused = await uploadObject({
      transport,
      bucket: 'mpu',
      key: 'changing',
      source: path,
      partSize: MiB,
      checkpointStore: store,
    }).catch((caught: unknown) => caught);
    expect(MultipartError.isInstance(refused) && refused.code).toBe('MULTIPART_SOURCE_CHANGED');
    const restarted = await uploadObject({
      transport,
      bucket: 'mpu',
      key: 'changing',
      source: path,
      partSize: MiB,
      checkpointStore: store,
      onSourceChange: 'restart',
    });
    expect(restarted.resumedBytes).toBe(0);
    expect((await readObject('changing')).equals(changed)).toBe(true);
  });

  it('resumes a File picked again (same name, size and lastModified) with no checkpointId, but not another', async () => {
    const store = new MemoryCheckpointStore();
    const pick = (lastModified: number) => new File([new Uint8Array(data)], 'picked.bin', { lastModified });
    const controller = new AbortController();
    const first = createUpload({
      transport,
      bucket: 'mpu',
      key: 'picked',
      source: pick(1_700_000_000_000),
      partSize: MiB,
      concurrency: 1,
      checkpointStore: store,
      signal: controller.signal,
      onPart: (event) => event.state === 'done' && event.partNumber === 3 && controller.abort('stop'),
    });
    await first.done().catch(() => undefined);
    const [checkpoint] = await store.list();
    expect((await store.load(checkpoint ?? ''))?.fingerprint?.mtimeMs).toBe(1_700_000_000_000);
    const other = await uploadObject({
      transport,
      bucket: 'mpu',
      key: 'picked',
      source: pick(1_700_000_000_001),
      partSize: MiB,
      checkpointStore: store,
    });
    expect(other.resumedBytes).toBe(0);
    const again = await uploadObject({
      transport,
      bucket: 'mpu',
      key: 'picked',
      source: pick(1_700_000_000_000),
      partSize: MiB,
      checkpointStore: store,
    });
    expect(again.uploadId).toBe(first.uploadId);
    expect(again.resumedBytes).toBe(3 * MiB);
    expect(await store.list()).toEqual([]);
    expect((await readObject('picked')).equals(data)).toBe(true);
  });
});

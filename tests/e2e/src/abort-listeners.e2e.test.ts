// One stopOnSignals() signal shared by a long-running service, as documented: every upload, download and
// presigned upload made under it must leave no 'abort' listener on it once settled, or each would keep its
// upload and source alive for as long as the service runs.
import { getEventListeners } from 'node:events';
import { join } from 'node:path';
import { createRateLimit } from '@jsskit/http-transport';
import {
  completePresignedUpload,
  createPresignedUpload,
  downloadObject,
  FileCheckpointStore,
  MultipartError,
  stopOnSignals,
  uploadObject,
} from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
const BUCKET = 'listeners';
let fixture: LocalFixture;
const shutdown = stopOnSignals({ signals: ['SIGUSR2'] });
const { signal } = shutdown;
const listeners = () => getEventListeners(signal, 'abort').length;

beforeAll(async () => {
  fixture = await startLocalFixture({ name: 'listeners', bucket: BUCKET });
});

afterAll(async () => {
  shutdown.dispose();
  await fixture.close();
});

describe('a signal shared by every upload of a service', () => {
  it('keeps no listener of 50 settled uploads', async () => {
    const { transport } = fixture;
    for (let index = 0; index < 50; index++) {
      const source = Buffer.alloc(1024, index);
      await uploadObject({ transport, bucket: BUCKET, key: `small/${index}`, source, signal });
    }
    expect(listeners()).toBe(0);
  });

  it('keeps no listener of multipart uploads, checkpointed, rate-limited or failed', async () => {
    const { transport, directory, server } = fixture;
    const source = Buffer.alloc(11 * MiB, 3);
    const checkpointStore = new FileCheckpointStore(join(directory, 'checkpoints'));
    const rateLimit = createRateLimit({ bytesPerSecond: 1024 * MiB });
    const options = { transport, bucket: BUCKET, source, partSize: 5 * MiB, signal, checkpointStore };
    await uploadObject({ ...options, key: 'big/ok', rateLimit });
    server.faults.add({
      operation: 'UploadPart',
      key: 'big/fails',
      times: Number.POSITIVE_INFINITY,
      action: { type: 'error', status: 400, code: 'InvalidArgument' },
    });
    const failed = await uploadObject({ ...options, key: 'big/fails' }).catch((error: unknown) => error);
    server.faults.clear();
    expect(MultipartError.isInstance(failed)).toBe(true);
    expect(listeners()).toBe(0);
  });

  it('keeps no listener of downloads and presigned uploads', async () => {
    const { transport, directory } = fixture;
    for (const key of ['small/1', 'big/ok'])
      await downloadObject({
        transport,
        bucket: BUCKET,
        key,
        destination: join(directory, 'download'),
        signal,
      });
    const presigned = await createPresignedUpload({
      transport,
      bucket: BUCKET,
      key: 'pre',
      size: 1024,
      signal,
    });
    const [part] = presigned.parts;
    if (part === undefined) throw new Error('no part was presigned');
    await fetch(part.url, { method: 'PUT', body: new Uint8Array(1024) });
    await completePresignedUpload({ ...presigned, transport, signal });
    expect(listeners()).toBe(0);
  });
});

describe('many parts in flight', () => {
  it('raises no listener-leak warning: every part in flight listens on the upload, and that is no leak', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const { transport } = fixture;
      const source = Buffer.alloc(24 * MiB, 5);
      const options = { transport, bucket: BUCKET, key: 'wide', source, signal };
      const result = await uploadObject({ ...options, partSize: MiB, concurrency: 16 });
      expect(result.parts).toBe(24);
      // A warning is emitted on the next tick of the process.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((warning) => warning.includes('MaxListeners'))).toEqual([]);
    expect(listeners()).toBe(0);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileCheckpointStore, uploadObject } from '@jsskit/multipart';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from '../test/sync-fixture.ts';
import type { SyncError } from './errors.ts';
import { syncToBucket } from './sync-to-bucket.ts';

const MiB = 1024 * 1024;
let fixture: SyncFixture;
beforeEach(async () => {
  fixture = await createSyncFixture();
});
afterEach(async () => {
  await fixture.close();
});

async function etagOf(key: string): Promise<string> {
  return (await fixture.client.headObject({ bucket: fixture.bucket, key })).etag;
}

/** Syncs with parts after the first hanging far beyond the test's timeout, and aborts once one part is in. */
async function interruptedSync(from: string, stateDirectory: string): Promise<SyncError | undefined> {
  const { client, bucket } = fixture;
  fixture.server.faults.add({
    operation: 'UploadPart',
    nth: 2,
    times: 3,
    action: { type: 'stall', ms: 120_000 },
  });
  const controller = new AbortController();
  const stopped = await syncToBucket({
    client,
    bucket,
    from,
    stateDirectory,
    partSize: MiB,
    concurrency: 1,
    signal: controller.signal,
    onProgress: (progress) => {
      if (progress.bytesDone >= MiB + 2) controller.abort();
    },
  }).then(
    () => undefined,
    (error: SyncError) => error,
  );
  fixture.server.faults.clear();
  fixture.requests.length = 0;
  return stopped;
}

describe('multipart ETags and resuming', () => {
  it('skips files uploaded in parts (the engine layout, another part size, a given one) and sends a changed one', async () => {
    const from = await fixture.directory('source');
    const engineLayout = randomBytes(9 * MiB + 1);
    const fiveMiBParts = randomBytes(11 * MiB);
    await writeFile(join(from, 'engine.bin'), engineLayout);
    await writeFile(join(from, 'five.bin'), fiveMiBParts);
    const { client, bucket } = fixture;
    await syncToBucket({ client, bucket, from, include: ['engine.bin'] });
    await uploadObject({
      client,
      bucket,
      key: 'five.bin',
      source: join(from, 'five.bin'),
      partSize: 5 * MiB,
    });
    expect(fixture.count('UploadPart')).toBe(5);
    expect(await etagOf('engine.bin')).not.toBe(createHash('md5').update(engineLayout).digest('hex'));
    expect(await etagOf('five.bin')).not.toBe(createHash('md5').update(fiveMiBParts).digest('hex'));
    fixture.requests.length = 0;
    const again = await syncToBucket({ client, bucket, from });
    expect(again).toMatchObject({ uploaded: 0, skipped: 2 });
    expect(fixture.count('UploadPart') + fixture.count('PutObject')).toBe(0);
    fiveMiBParts[7 * MiB] = (fiveMiBParts[7 * MiB] as number) ^ 1;
    await writeFile(join(from, 'five.bin'), fiveMiBParts);
    expect(await syncToBucket({ client, bucket, from })).toMatchObject({ uploaded: 1, skipped: 1 });
    expect(fixture.count('UploadPart')).toBe(2);
  });

  it('compares with the given part size first', async () => {
    const from = await fixture.directory('source');
    await writeFile(join(from, 'small-parts.bin'), randomBytes(3 * MiB + 5));
    const { client, bucket } = fixture;
    await syncToBucket({ client, bucket, from, partSize: MiB });
    expect(fixture.count('UploadPart')).toBe(4);
    fixture.requests.length = 0;
    expect(await syncToBucket({ client, bucket, from, partSize: MiB })).toMatchObject({ skipped: 1 });
    expect(fixture.count('UploadPart')).toBe(0);
  });

  it('stops promptly on abort, then a rerun skips finished files and resumes the large one from its checkpoint', async () => {
    const from = await fixture.directory('source');
    const big = randomBytes(4 * MiB);
    await fixture.writeTree(from, { 'a.txt': 'a', 'b.txt': 'b', 'big.bin': big });
    const stateDirectory = await fixture.directory('state');
    const stopped = await interruptedSync(from, stateDirectory);
    expect(stopped?.code).toBe('SYNC_ABORTED');
    expect(stopped?.result).toMatchObject({ uploaded: 2, failed: 0 });
    expect(await new FileCheckpointStore(join(stateDirectory, 'checkpoints')).list?.()).toHaveLength(1);
    const { client, bucket } = fixture;
    const rerun = await syncToBucket({ client, bucket, from, stateDirectory, partSize: MiB });
    expect(rerun).toMatchObject({ uploaded: 1, skipped: 2, failed: 0, bytes: 3 * MiB });
    expect(fixture.count('InitiateMultipartUpload')).toBe(0);
    expect(fixture.count('UploadPart')).toBe(3);
    expect((await fixture.read('big.bin')).equals(big)).toBe(true);
  });

  it('starts an interrupted upload over when the file was edited since (same size)', async () => {
    const from = await fixture.directory('source');
    const big = randomBytes(4 * MiB);
    await fixture.writeTree(from, { 'a.txt': 'a', 'b.txt': 'b', 'big.bin': big });
    const stateDirectory = await fixture.directory('state');
    expect((await interruptedSync(from, stateDirectory))?.code).toBe('SYNC_ABORTED');
    big[10] = (big[10] as number) ^ 1;
    await writeFile(join(from, 'big.bin'), big);
    const { client, bucket } = fixture;
    const rerun = await syncToBucket({ client, bucket, from, stateDirectory, partSize: MiB });
    expect(rerun).toMatchObject({ uploaded: 1, skipped: 2, failed: 0, bytes: 4 * MiB });
    expect(fixture.count('UploadPart')).toBe(4);
    expect((await fixture.read('big.bin')).equals(big)).toBe(true);
  });
});

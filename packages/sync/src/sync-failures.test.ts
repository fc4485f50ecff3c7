import { mkdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from '../test/sync-fixture.ts';
import { SyncError } from './errors.ts';
import type { SyncAction, SyncProgress } from './sync-options.ts';
import { syncToBucket } from './sync-to-bucket.ts';

let fixture: SyncFixture;
beforeEach(async () => {
  fixture = await createSyncFixture();
});
afterEach(async () => {
  await fixture.close();
});

describe('syncToBucket failures', () => {
  it('reports a name JSS refuses as SYNC_INVALID_KEY and uploads the rest, the name unmangled', async () => {
    const from = await fixture.sourceTree({ '\\starts-with-backslash.txt': 'b', 'fine.txt': 'f' });
    const { client, bucket } = fixture;
    const result = await syncToBucket({ client, bucket, from });
    expect(result).toMatchObject({ uploaded: 1, failed: 1 });
    const failure = result.failures[0];
    expect(failure?.key).toBe('\\starts-with-backslash.txt');
    expect(SyncError.isInstance(failure?.error) && failure.error.code).toBe('SYNC_INVALID_KEY');
    expect(await fixture.keys()).toEqual(['fine.txt']);
  });

  it('reports a name that is not UTF-8 as SYNC_INVALID_KEY, never as a mangled key', async () => {
    const from = await fixture.sourceTree({ 'fine.txt': 'f' });
    await writeFile(
      Buffer.concat([Buffer.from(`${from}/bad-`), Buffer.from([0xff, 0xfe]), Buffer.from('.txt')]),
      'x',
    );
    const { client, bucket } = fixture;
    const result = await syncToBucket({ client, bucket, from });
    expect(result).toMatchObject({ uploaded: 1, failed: 1 });
    expect((result.failures[0]?.error as SyncError | undefined)?.code).toBe('SYNC_INVALID_KEY');
    expect(await fixture.keys()).toEqual(['fine.txt']);
  });

  it('rejects with a typed error and the result when the state directory cannot be written', async () => {
    const from = await fixture.sourceTree({ 'a.txt': 'a' });
    const stateDirectory = join(from, 'a.txt', 'state'); // below a file: nothing can be made there
    const { client, bucket } = fixture;
    const error = await syncToBucket({ client, bucket, from, stateDirectory }).catch(
      (caught: SyncError) => caught,
    );
    expect(error).toMatchObject({ code: 'SYNC_LOCAL_FAILED', result: { uploaded: 1 } });
  });

  it('lists a failing file with its typed error while the others are uploaded, and a rerun finishes', async () => {
    const from = await fixture.sourceTree({ 'a.txt': 'a', 'b.txt': 'b', 'c.txt': 'c', 'd.txt': 'd' });
    const { client, bucket } = fixture;
    fixture.server.faults.add({
      operation: 'PutObject',
      key: 'b.txt',
      action: { type: 'error', status: 403, code: 'AccessDenied' },
    });
    // Once a.txt is done (files go in order, one at a time), c.txt becomes a directory: after the listing.
    const replaceLater = (action: SyncAction) => {
      if (action.key !== 'a.txt') return;
      rmSync(join(from, 'c.txt'));
      mkdirSync(join(from, 'c.txt'));
    };
    const progress: SyncProgress[] = [];
    const result = await syncToBucket({
      client,
      bucket,
      from,
      concurrency: 1,
      onAction: replaceLater,
      onProgress: (update) => progress.push(update),
    });
    expect(result).toMatchObject({ uploaded: 2, failed: 2 });
    expect(progress.at(-1)).toMatchObject({ filesDone: 4, filesTotal: 4, bytesDone: 4, bytesTotal: 4 });
    const codes = result.failures.map((failure) => [failure.key, (failure.error as SyncError).code]);
    expect(codes).toEqual([
      ['b.txt', 'SYNC_UPLOAD_FAILED'],
      ['c.txt', 'SYNC_LOCAL_FAILED'],
    ]);
    expect(await fixture.keys()).toEqual(['a.txt', 'd.txt']);
    fixture.server.faults.clear();
    const rerun = await syncToBucket({ client, bucket, from });
    expect(rerun).toMatchObject({ uploaded: 1, skipped: 2, failed: 0 });
  });

  it('refuses bad options before any request', async () => {
    const from = await fixture.sourceTree({ 'a.txt': 'a' });
    const { client, bucket } = fixture;
    fixture.requests.length = 0;
    const code = (promise: Promise<unknown>) =>
      promise.then(
        () => 'resolved',
        (error: SyncError) => error.code,
      );
    expect(await code(syncToBucket({ client, bucket, from: join(from, 'missing') }))).toBe(
      'SYNC_SOURCE_NOT_FOUND',
    );
    expect(await code(syncToBucket({ client, bucket, from: join(from, 'a.txt') }))).toBe(
      'SYNC_INVALID_OPTIONS',
    );
    expect(await code(syncToBucket({ client, bucket: 'Bad_Bucket', from }))).toBe('SYNC_INVALID_OPTIONS');
    expect(await code(syncToBucket({ client, bucket, from, concurrency: 0 }))).toBe('SYNC_INVALID_OPTIONS');
    expect(await code(syncToBucket({ client, bucket, from, prefix: '\\x' }))).toBe('SYNC_INVALID_OPTIONS');
    expect(fixture.requests).toEqual([]);
  });
});

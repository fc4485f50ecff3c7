// What a run says: messages of listing failures, aborted deletes and refused long names, and a throwing
// callback told apart from a file's failure. Real server, real files.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from '../test/sync-fixture.ts';
import { deletePrefix } from './delete-prefix.ts';
import { SyncError } from './errors.ts';
import { syncFromBucket } from './sync-from-bucket.ts';
import { syncToBucket } from './sync-to-bucket.ts';

let fixture: SyncFixture;
beforeEach(async () => {
  fixture = await createSyncFixture();
});
afterEach(async () => {
  await fixture.close();
});

async function rejection(run: Promise<unknown>): Promise<SyncError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!SyncError.isInstance(error)) throw new Error(`expected a SyncError, got ${String(error)}`);
  return error;
}

describe('sync messages', () => {
  it('gives the cause of a failed listing in SYNC_LISTING_FAILED', async () => {
    fixture.server.faults.add({
      operation: 'GetBucket',
      action: { type: 'error', status: 403, code: 'AccessDenied' },
    });
    const { client, bucket } = fixture;
    const error = await rejection(
      syncFromBucket({ client, bucket, prefix: 'p', to: join(fixture.root, 'to') }),
    );
    expect(error.code).toBe('SYNC_LISTING_FAILED');
    expect(error.message).toContain('AccessDenied');
  });

  it('counts the deletes done when a deletePrefix is aborted', async () => {
    const { client, bucket } = fixture;
    for (const key of ['d/a', 'd/b', 'd/c']) await client.putObject({ bucket, key, body: key });
    const controller = new AbortController();
    const error = await rejection(
      deletePrefix({
        client,
        bucket,
        prefix: 'd',
        concurrency: 1,
        signal: controller.signal,
        onAction: () => controller.abort(),
      }),
    );
    expect(error.code).toBe('SYNC_ABORTED');
    expect(error.result?.deleted).toBe(1);
    expect(error.message).toContain('1 deletes');
  });

  it('names an over-long key once in SYNC_INVALID_KEY', async () => {
    const from = await fixture.directory('source');
    const long = `${'d'.repeat(200)}/${'e'.repeat(200)}/${'f'.repeat(200)}/${'g'.repeat(200)}/${'h'.repeat(200)}/${'i'.repeat(200)}/x.txt`;
    await fixture.writeTree(from, { [long]: 'x' });
    const { client, bucket } = fixture;
    const result = await syncToBucket({ client, bucket, from });
    const message = result.failures[0]?.error?.message ?? '';
    expect(result.failures[0]?.error).toMatchObject({ code: 'SYNC_INVALID_KEY' });
    expect(message.split('d'.repeat(200)).length - 1).toBe(1);
    expect(message).toContain('1211 bytes');
  });

  it('rejects with SYNC_CALLBACK_FAILED when onAction throws, never failing the file', async () => {
    const from = await fixture.directory('source');
    await fixture.writeTree(from, { 'a.txt': 'a', 'b.txt': 'b' });
    const { client, bucket } = fixture;
    let calls = 0;
    const onAction = () => {
      calls += 1;
      throw new Error('callback broke');
    };
    const error = await rejection(syncToBucket({ client, bucket, from, concurrency: 1, onAction }));
    expect(error.code).toBe('SYNC_CALLBACK_FAILED');
    expect(error.message).toContain('callback broke');
    expect(error.result).toMatchObject({ uploaded: 2, failed: 0 });
    expect(calls).toBe(1);
    expect(await fixture.keys()).toEqual(['a.txt', 'b.txt']);
  });
});

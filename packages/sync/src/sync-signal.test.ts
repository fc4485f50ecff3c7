// A caller's AbortSignal under a run of many files at once: one listener of the run's, gone when it ends, so
// Node's listener-leak warning never fires. Real server, real files.
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from '../test/sync-fixture.ts';
import { syncToBucket } from './sync-to-bucket.ts';

let fixture: SyncFixture;
const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(warning.name);
beforeEach(async () => {
  fixture = await createSyncFixture();
  process.on('warning', onWarning);
});
afterEach(async () => {
  process.off('warning', onWarning);
  await fixture.close();
});

describe('the caller signal', () => {
  it('carries one listener of the run at 16 files at once, none after, and no leak warning', async () => {
    const files = Object.fromEntries(Array.from({ length: 32 }, (_, index) => [`f${index}.txt`, `${index}`]));
    const from = await fixture.sourceTree(files);
    const controller = new AbortController();
    let most = 0;
    const { client, bucket } = fixture;
    const result = await syncToBucket({
      client,
      bucket,
      from,
      concurrency: 16,
      signal: controller.signal,
      onAction: () => {
        most = Math.max(most, getEventListeners(controller.signal, 'abort').length);
      },
    });
    await new Promise((resolve) => setImmediate(resolve)); // a warning is emitted on a later tick
    expect(result).toMatchObject({ uploaded: 32, failed: 0 });
    expect(most).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});

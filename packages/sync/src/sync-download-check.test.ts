// What a download says when the engine could check it by size alone: a multipart object uploaded with a part
// size the engine did not assume. Real server, real files.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { uploadObject } from '@jsskit/multipart';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncFixture, type SyncFixture } from '../test/sync-fixture.ts';
import { syncFromBucket } from './sync-from-bucket.ts';
import type { SyncAction } from './sync-options.ts';

const MiB = 1024 * 1024;
let fixture: SyncFixture;
beforeEach(async () => {
  fixture = await createSyncFixture();
});
afterEach(async () => {
  await fixture.close();
});

describe('syncFromBucket and the download check', () => {
  it('verifies a 5 MiB-part object by the layouts it compares with, and says so when none matches', async () => {
    const { client, bucket } = fixture;
    const five = randomBytes(11 * MiB);
    const twelve = randomBytes(13 * MiB);
    await uploadObject({ client, bucket, key: 'p/five.bin', source: five, partSize: 5 * MiB });
    await uploadObject({ client, bucket, key: 'p/twelve.bin', source: twelve, partSize: 12 * MiB });
    const to = join(fixture.root, 'to');
    const actions: SyncAction[] = [];
    const result = await syncFromBucket({
      client,
      bucket,
      prefix: 'p',
      to,
      onAction: (action) => actions.push(action),
    });
    expect(result).toMatchObject({ downloaded: 2, failed: 0 });
    const reasonOf = (key: string) => actions.find((action) => action.key === key)?.reason;
    expect(reasonOf('p/five.bin')).toBeUndefined();
    expect(reasonOf('p/twelve.bin')).toBe('checked by size only: the ETag matches no part layout tried');
    expect((await readFile(join(to, 'five.bin'))).equals(five)).toBe(true);
    expect((await readFile(join(to, 'twelve.bin'))).equals(twelve)).toBe(true);
  });
});

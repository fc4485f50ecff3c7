// A bandwidth cap (createRateLimit) on uploads and downloads against the local server: the bytes sent by any
// moment stay under burst + rate x elapsed, uploads given the same limit share it, and the objects are whole.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRateLimit } from '@jsskit/http-transport';
import { downloadObject, uploadObject } from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture, writeRandomSource } from '../helpers/local-fixture.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const RATE = 2 * MiB;
// One 64 KiB slice may go ahead of the rate; 2 ms of timer rounding on top.
const AHEAD = 64 * KiB;
let fixture: LocalFixture;
let source: string;
let data: Buffer;

beforeAll(async () => {
  fixture = await startLocalFixture({ name: 'rate-limit-e2e', bucket: 'capped' });
  ({ source, data } = await writeRandomSource(fixture.directory, 2 * MiB + 17));
});

afterAll(() => fixture.close());

/** Records (elapsed ms, bytes so far) samples and checks each against the cap. */
function capWatch(rate: number) {
  const started = performance.now();
  let worst = Number.NEGATIVE_INFINITY;
  return {
    sample(bytes: number) {
      const allowed = AHEAD + (rate * (performance.now() - started + 2)) / 1000;
      worst = Math.max(worst, bytes - allowed);
    },
    /** How far over the cap the worst sample was (<= 0 when always under it). */
    overshoot: () => worst,
    seconds: () => (performance.now() - started) / 1000,
  };
}

describe('bandwidth cap × local server', () => {
  it('uploads in parallel parts no faster than the cap, and the object is whole', async () => {
    const watch = capWatch(RATE);
    const result = await uploadObject({
      transport: fixture.transport,
      bucket: 'capped',
      key: 'one.bin',
      source,
      partSize: MiB,
      concurrency: 4,
      rateLimit: createRateLimit({ bytesPerSecond: RATE }),
      onProgress: (progress) => watch.sample(progress.wireBytes),
    });
    expect(watch.overshoot()).toBeLessThanOrEqual(0);
    // 2 MiB at 2 MiB/s with 64 KiB ahead: at least 0.96875 s.
    expect(watch.seconds()).toBeGreaterThanOrEqual(0.96875);
    expect(result.parts).toBe(3);
    const stored = await fixture.transport.send({ method: 'GET', bucket: 'capped', key: 'one.bin' });
    expect(Buffer.from(stored.body).equals(data)).toBe(true);
  });

  it('caps two uploads together when they share one limit', async () => {
    const limit = createRateLimit({ bytesPerSecond: RATE });
    const watch = capWatch(RATE);
    const wire = [0, 0];
    const sample = (index: number, bytes: number) => {
      wire[index] = bytes;
      watch.sample((wire[0] ?? 0) + (wire[1] ?? 0));
    };
    await Promise.all([
      uploadObject({
        transport: fixture.transport,
        bucket: 'capped',
        key: 'a.bin',
        source,
        partSize: MiB,
        rateLimit: limit,
        onProgress: (progress) => sample(0, progress.wireBytes),
      }),
      uploadObject({
        transport: fixture.transport,
        bucket: 'capped',
        key: 'b.bin',
        source: data.subarray(0, MiB),
        rateLimit: limit,
        onProgress: (progress) => sample(1, progress.wireBytes),
      }),
    ]);
    expect(watch.overshoot()).toBeLessThanOrEqual(0);
    // 3 MiB together at 2 MiB/s: at least 1.47 s.
    expect(watch.seconds()).toBeGreaterThanOrEqual(1.46875);
  });

  it('downloads no faster than the cap, and the file is whole', async () => {
    await fixture.transport.send({ method: 'PUT', bucket: 'capped', key: 'down.bin', body: data });
    const destination = join(fixture.directory, 'down.bin');
    const watch = capWatch(RATE);
    const result = await downloadObject({
      transport: fixture.transport,
      bucket: 'capped',
      key: 'down.bin',
      destination,
      rateLimit: createRateLimit({ bytesPerSecond: RATE }),
      onProgress: (progress) => watch.sample(progress.receivedBytes),
    });
    expect(watch.overshoot()).toBeLessThanOrEqual(0);
    expect(watch.seconds()).toBeGreaterThanOrEqual(0.96875);
    expect(result.check).toBe('md5');
    const written = await readFile(destination);
    expect(createHash('md5').update(written).digest('hex')).toBe(
      createHash('md5').update(data).digest('hex'),
    );
  });

  it('refuses a rateLimit that is not one', async () => {
    await expect(
      uploadObject({
        transport: fixture.transport,
        bucket: 'capped',
        key: 'x',
        source,
        rateLimit: { bytesPerSecond: 1 } as never,
      }),
    ).rejects.toThrow(/rateLimit/);
  });
});

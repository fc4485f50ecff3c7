// Adaptive concurrency against a local server that answers 503 SlowDown whenever more than two UploadParts
// are in progress: the engine must back off to what the server takes, where a fixed pool keeps hammering,
// and once throttled it must not keep paying a whole part for each refusal, nor let its own probing upward
// refuse the same part again and again.

import type { LocalServer } from '@jsskit/local-server';
import type { UploadProgress } from '@jsskit/multipart';
import { uploadObject } from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture, writeRandomSource } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
let fixture: LocalFixture;
let source: string;
let data: Buffer;

beforeAll(async () => {
  fixture = await startLocalFixture({
    name: 'throttle-e2e',
    bucket: 'slow',
    transport: { retry: { baseDelayMs: 5, maxAttempts: 30 } },
  });
  ({ source, data } = await writeRandomSource(fixture.directory, 16 * MiB));
  throttleAbove(fixture.server, 2);
});

/**
 * Makes `server` answer 503 SlowDown to an UploadPart while more than `parts` are in progress. Every part
 * takes a while, so that parts overlap on the server as they would on a real link. The throttle rule goes
 * first: only the first rule that hits a request acts on it.
 */
function throttleAbove(server: LocalServer, parts: number): void {
  server.faults.add({
    operation: 'UploadPart',
    times: Number.POSITIVE_INFINITY,
    whenInFlightAbove: parts,
    action: { type: 'error', status: 503, code: 'SlowDown', retryAfterSeconds: 0 },
  });
  server.faults.add({
    operation: 'UploadPart',
    times: Number.POSITIVE_INFINITY,
    action: { type: 'stall', ms: 60 },
  });
}

afterAll(() => fixture.close());

async function upload(key: string, adaptiveConcurrency: boolean) {
  const reports: UploadProgress[] = [];
  const { transport } = fixture;
  const result = await uploadObject({
    transport,
    bucket: 'slow',
    key,
    source,
    partSize: MiB,
    concurrency: 4,
    adaptiveConcurrency,
    onProgress: (progress) => reports.push(progress),
  });
  const stored = Buffer.from((await transport.send({ method: 'GET', bucket: 'slow', key })).body);
  expect(stored.equals(data)).toBe(true);
  // Bytes written to sockets beyond the object's own: parts sent and refused.
  const wastedBytes = (reports.at(-1)?.wireBytes ?? 0) - data.length;
  return { result, reports, wastedBytes };
}

describe('adaptive concurrency × a throttling local server', () => {
  it('backs off to what the server takes and is throttled far less than a fixed pool', async () => {
    const fixed = await upload('fixed', false);
    const adaptive = await upload('adaptive', true);
    expect(fixed.result.lowestConcurrency).toBe(4);
    expect(fixed.result.throttles).toBeGreaterThanOrEqual(8);
    expect(adaptive.result.lowestConcurrency).toBeLessThanOrEqual(2);
    expect(adaptive.result.throttles).toBeGreaterThan(0);
    expect(adaptive.result.throttles).toBeLessThan(fixed.result.throttles / 2);
    // Progress shows the limit as it moves, and it climbs back after each cut.
    const limits = adaptive.reports.map((report) => report.concurrency);
    expect(Math.min(...limits)).toBeLessThanOrEqual(2);
    expect(limits.some((limit, index) => index > 0 && limit > (limits[index - 1] as number))).toBe(true);
  });

  // The server answers a throttled UploadPart before reading its body when the request asks first (Expect:
  // 100-continue). Without asking, each of these throttles cost a whole 1 MiB part on the wire.
  it('once throttled, asks before sending a part, so a refusal costs a round trip and not the part', async () => {
    for (const adaptive of [false, true]) {
      const { result, wastedBytes } = await upload(`asks-${adaptive}`, adaptive);
      expect(result.throttles).toBeGreaterThan(0);
      // Only parts sent before the server first throttled (at most the 4 in flight) went out whole.
      expect(wastedBytes).toBeLessThanOrEqual(4 * MiB);
      if (adaptive) {
        // Each climb back up is a probe, which asks too: only the first burst's two parts above what the
        // server takes went out whole (a probe that did not ask cost a whole part per climb).
        expect(wastedBytes).toBeLessThanOrEqual(2 * MiB);
      } else {
        expect(wastedBytes).toBeLessThan((result.throttles * MiB) / 2);
      }
    }
  });
});

// Against a server that takes one part at a time, each climb back to two parts in flight is refused once.
// The refused part's retry used to race the new part the climb started, and could lose to it every time:
// with the transport's default 5 attempts, an upload failed now and then with 503 SlowDown (the jss CLI test
// met it on a loaded machine). Now the climb waits until the refused part is through, and its retry goes
// before new parts: a part is refused at most twice (both in the first burst, before the limit is 1).
describe('adaptive concurrency × a server that takes one part at a time', () => {
  it('lets no part be refused more than twice while it probes upward, with default retries', async () => {
    const single = await startLocalFixture({ name: 'throttle-one-e2e', bucket: 'single' });
    try {
      throttleAbove(single.server, 1);
      const refusals = new Map<number, number>();
      const result = await uploadObject({
        transport: single.transport,
        bucket: 'single',
        key: 'one-at-a-time',
        source,
        partSize: MiB,
        concurrency: 4,
        onPart: (event) => {
          if (event.state === 'retried')
            refusals.set(event.partNumber, (refusals.get(event.partNumber) ?? 0) + 1);
        },
      });
      expect(result.lowestConcurrency).toBe(1);
      // The first burst (3 refused) and then a refusal for every climb back to two: many to spread.
      expect(result.throttles).toBeGreaterThanOrEqual(8);
      expect(Math.max(...refusals.values())).toBeLessThanOrEqual(2);
      const stored = await single.transport.send({ method: 'GET', bucket: 'single', key: 'one-at-a-time' });
      expect(Buffer.from(stored.body).equals(data)).toBe(true);
    } finally {
      await single.close();
    }
  });
});

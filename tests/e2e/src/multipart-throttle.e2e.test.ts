// Adaptive concurrency against a local server that answers 503 SlowDown whenever more than two UploadParts
// are in progress: the engine must back off to what the server takes, where a fixed pool keeps hammering.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport, type Transport } from '@jsskit/http-transport';
import { type LocalServer, startLocalServer } from '@jsskit/local-server';
import { type UploadProgress, uploadObject } from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MiB = 1024 * 1024;
let directory: string;
let server: LocalServer;
let transport: Transport;
let source: string;
let data: Buffer;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jsskit-throttle-e2e-'));
  server = await startLocalServer({ dataDir: join(directory, 'data') });
  transport = createTransport({
    endpoint: server.endpoint,
    credentials: server.credentials[0] as (typeof server.credentials)[0],
    retry: { baseDelayMs: 5, maxAttempts: 30 },
  });
  await transport.send({ method: 'PUT', bucket: 'slow' });
  data = randomBytes(16 * MiB);
  source = join(directory, 'source.bin');
  await writeFile(source, data);
  server.faults.add({
    operation: 'UploadPart',
    times: Number.POSITIVE_INFINITY,
    whenInFlightAbove: 2,
    action: { type: 'error', status: 503, code: 'SlowDown', retryAfterSeconds: 0 },
  });
  // Every part takes a while, so that parts overlap on the server as they would on a real link.
  server.faults.add({
    operation: 'UploadPart',
    times: Number.POSITIVE_INFINITY,
    action: { type: 'stall', ms: 60 },
  });
});

afterAll(async () => {
  await transport.close();
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

async function upload(key: string, adaptiveConcurrency: boolean) {
  const reports: UploadProgress[] = [];
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
  return { result, reports };
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
});

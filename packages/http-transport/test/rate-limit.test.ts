import { afterEach, describe, expect, it } from 'vitest';
import { createFetchAdapter, createRateLimit, createTransport, TimeoutError } from './helpers/fixtures.ts';
import { CREDENTIALS, useTestServers } from './helpers/test-server.ts';

const KiB = 1024;
const { serve } = useTestServers(afterEach);

/** A server that answers 200 once the body is read, noting when each byte arrived. */
async function arrivalServer() {
  const arrivals: { at: number; bytes: number }[] = [];
  const server = await serve(async (request, response) => {
    for await (const chunk of request)
      arrivals.push({ at: performance.now(), bytes: (chunk as Buffer).length });
    response.end();
  });
  return { server, arrivals };
}

/** Checks that the bytes received by any time never exceed `ahead + rate x elapsed` since `started`. */
function expectWithinRate(
  arrivals: readonly { at: number; bytes: number }[],
  started: number,
  rate: number,
  ahead: number,
): void {
  let total = 0;
  for (const arrival of arrivals) {
    total += arrival.bytes;
    expect(total).toBeLessThanOrEqual(ahead + (rate * (arrival.at - started + 2)) / 1000);
  }
}

describe('rate limit', () => {
  it('sends a bytes body no faster than the cap, and the server gets every byte', async () => {
    const { server, arrivals } = await arrivalServer();
    const rate = 512 * KiB;
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      rateLimit: createRateLimit({ bytesPerSecond: rate }),
    });
    const body = new Uint8Array(256 * KiB).fill(7);
    const started = performance.now();
    await transport.send({ method: 'PUT', bucket: 'b', key: 'k', body });
    const seconds = (performance.now() - started) / 1000;
    expect(arrivals.reduce((sum, arrival) => sum + arrival.bytes, 0)).toBe(body.byteLength);
    // 256 KiB at 512 KiB/s with one 32 KiB slice ahead: at least 0.4375 s.
    expect(seconds).toBeGreaterThanOrEqual(0.4375);
    expectWithinRate(arrivals, started, rate, 2 * 32 * KiB);
    await transport.close();
  });

  it('shares one limit between requests in flight together, streams included', async () => {
    const { server, arrivals } = await arrivalServer();
    const rate = 512 * KiB;
    const limit = createRateLimit({ bytesPerSecond: rate });
    const transport = createTransport({ endpoint: server.endpoint, credentials: CREDENTIALS });
    async function* stream() {
      for (let index = 0; index < 4; index++) yield new Uint8Array(64 * KiB).fill(index);
    }
    const started = performance.now();
    await Promise.all([
      transport.send({
        method: 'PUT',
        bucket: 'b',
        key: 'bytes',
        body: new Uint8Array(256 * KiB),
        rateLimit: limit,
      }),
      transport.send({
        method: 'PUT',
        bucket: 'b',
        key: 'stream',
        body: stream(),
        contentLength: 256 * KiB,
        rateLimit: limit,
      }),
    ]);
    // 512 KiB together at 512 KiB/s with one slice ahead: at least 0.9375 s.
    expect((performance.now() - started) / 1000).toBeGreaterThanOrEqual(0.9375);
    expect(arrivals.reduce((sum, arrival) => sum + arrival.bytes, 0)).toBe(512 * KiB);
    expectWithinRate(arrivals, started, rate, 2 * 32 * KiB);
    await transport.close();
  });

  it('does not count waiting for the limit as a stall', async () => {
    const { server, arrivals } = await arrivalServer();
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      retry: { maxAttempts: 1 },
      // 1 KiB slices 250 ms apart, against a stall timeout of 100 ms.
      timeouts: { stallMs: 100 },
      rateLimit: createRateLimit({ bytesPerSecond: 4 * KiB }),
    });
    const result = await transport
      .send({ method: 'PUT', bucket: 'b', key: 'k', body: new Uint8Array(3 * KiB) })
      .catch((error: unknown) => error);
    expect(TimeoutError.isInstance(result) && `${result.phase}: ${result.message}`).toBe(false);
    expect(arrivals.reduce((sum, arrival) => sum + arrival.bytes, 0)).toBe(3 * KiB);
    await transport.close();
  });

  it('stops a request that waits for the limit as soon as it is aborted', async () => {
    const { server } = await arrivalServer();
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      rateLimit: createRateLimit({ bytesPerSecond: KiB }),
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await transport
      .send({
        method: 'PUT',
        bucket: 'b',
        key: 'k',
        body: new Uint8Array(64 * KiB),
        signal: controller.signal,
      })
      .catch((caught: unknown) => caught);
    expect((error as { code?: string }).code).toBe('TRANSPORT_ABORTED');
    // 64 KiB at 1 KiB/s would take a minute.
    expect(performance.now() - started).toBeLessThan(5000);
    await transport.close();
  });

  it('caps the fetch adapter too: a stream slice by slice, bytes by their whole share before sending', async () => {
    const { server, arrivals } = await arrivalServer();
    const rate = 512 * KiB;
    const limit = createRateLimit({ bytesPerSecond: rate });
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      adapter: createFetchAdapter(),
      rateLimit: limit,
    });
    async function* stream() {
      for (let index = 0; index < 2; index++) yield new Uint8Array(128 * KiB).fill(index);
    }
    const started = performance.now();
    await transport.send({ method: 'PUT', bucket: 'b', key: 's', body: stream(), contentLength: 256 * KiB });
    expectWithinRate(arrivals, started, rate, 2 * 32 * KiB);
    await transport.send({ method: 'PUT', bucket: 'b', key: 'b', body: new Uint8Array(256 * KiB) });
    // 512 KiB in all at 512 KiB/s: the bytes body waited for its share, the stream for each slice.
    expect((performance.now() - started) / 1000).toBeGreaterThanOrEqual(0.9375);
    expect(arrivals.reduce((sum, arrival) => sum + arrival.bytes, 0)).toBe(512 * KiB);
    await transport.close();
  });
});

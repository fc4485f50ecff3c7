// @jsskit/http-transport against @jsskit/local-server and its fault injection: no mocks on either side.
import { createTransport, RetriesExhaustedError, ServiceError, type Transport } from '@jsskit/http-transport';
import type { LocalServer } from '@jsskit/local-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture } from '../helpers/local-fixture.ts';

let fixture: LocalFixture;
let server: LocalServer;
let transport: Transport;

beforeAll(async () => {
  fixture = await startLocalFixture({
    name: 'transport-e2e',
    bucket: 'e2e',
    transport: { retry: { baseDelayMs: 5 } },
  });
  ({ server, transport } = fixture);
});

afterAll(() => fixture.close());

describe('transport × local server', () => {
  it('round-trips an object with a UTF-8 key and reads it as a stream', async () => {
    const key = 'dir/ä b+c%20d?.txt';
    const put = await transport.send({
      method: 'PUT',
      bucket: 'e2e',
      key,
      body: 'contents',
      headers: { 'content-type': 'text/plain' },
    });
    expect(put.headers.etag).toBe('"98bf7d8c15784f0a3d63204441e1e2aa"');
    const got = await transport.stream({ method: 'GET', bucket: 'e2e', key });
    const chunks: Uint8Array[] = [];
    for await (const chunk of got.body) chunks.push(chunk);
    expect(Buffer.concat(chunks).toString()).toBe('contents');
    expect(got.headers['content-type']).toBe('text/plain');
  });

  it('retries through a 503 burst, a reset mid-body and a stall', async () => {
    server.faults.add({
      operation: 'PutObject',
      times: 2,
      action: { type: 'error', status: 503, code: 'SlowDown' },
    });
    // Rules count every matching request, so the reset hits the third PutObject and the stall the fourth.
    server.faults.add({ operation: 'PutObject', nth: 3, action: { type: 'reset', afterBodyBytes: 100_000 } });
    server.faults.add({ operation: 'PutObject', nth: 4, action: { type: 'stall', ms: 1_000 } });
    const body = Buffer.alloc(2 * 1024 * 1024, 3);
    const attempts: number[] = [];
    const retrying = createTransport({
      endpoint: server.endpoint,
      credentials: server.credentials[0] as (typeof server.credentials)[0],
      retry: { baseDelayMs: 5 },
      timeouts: { headersMs: 200 },
      hooks: { afterAttempt: (result) => attempts.push(result.status ?? 0) },
    });
    await retrying.send({ method: 'PUT', bucket: 'e2e', key: 'flaky', body });
    const head = await retrying.send({ method: 'HEAD', bucket: 'e2e', key: 'flaky' });
    expect(head.headers['content-length']).toBe(String(body.length));
    expect(attempts.slice(0, 5)).toEqual([503, 503, 0, 0, 200]);
    await retrying.close();
  });

  it('corrects a skewed clock once and keeps the offset', async () => {
    server.faults.shiftClock(-2 * 3_600_000);
    try {
      const response = await transport.send({ method: 'GET', bucket: 'e2e', query: { prefix: 'dir/' } });
      expect(response.json()).toMatchObject({ Name: 'e2e' });
      expect(Math.abs(transport.clockOffsetMs + 2 * 3_600_000)).toBeLessThan(5_000);
    } finally {
      server.faults.shiftClock(2 * 3_600_000);
    }
  });

  it('reports the service error of a wrong secret without retrying or leaking it', async () => {
    const secretAccessKey = 'WRONG-SECRET-THAT-MUST-NOT-LEAK';
    const wrong = createTransport({
      endpoint: server.endpoint,
      credentials: {
        accessKeyId: (server.credentials[0] as { accessKeyId: string }).accessKeyId,
        secretAccessKey,
      },
    });
    const error = await wrong.send({ method: 'GET', bucket: 'e2e' }).catch((e: unknown) => e);
    expect(ServiceError.isInstance(error) && error.serviceCode).toBe('SignatureDoesNotMatch');
    expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(
      secretAccessKey,
    );
    await wrong.close();
  });

  it('gives up on a persistent 500 with every attempt listed', async () => {
    const fault = server.faults.add({
      operation: 'GetObject',
      times: Number.POSITIVE_INFINITY,
      action: { type: 'error', status: 500, code: 'InternalError' },
    });
    const error = await transport
      .send({ method: 'GET', bucket: 'e2e', key: 'flaky' })
      .catch((e: unknown) => e);
    fault.remove();
    expect(RetriesExhaustedError.isInstance(error) && error.attempts.length).toBe(5);
  });
});

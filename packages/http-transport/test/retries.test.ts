import { Readable } from 'node:stream';
import { verifyRequestSync } from '@jsskit/signer';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport, NetworkError, RetriesExhaustedError, ServiceError } from './helpers/fixtures.ts';
import {
  CREDENTIALS,
  readRequest,
  recordingSleep,
  sendJssError,
  useTestServers,
} from './helpers/test-server.ts';

const { serve, forget } = useTestServers(afterEach);

describe('retries', () => {
  it('retries a 503 burst, honours Retry-After and signs every attempt afresh', async () => {
    const server = await serve(async (request, response, { count, record }) => {
      record(await readRequest(request));
      if (count <= 3) return sendJssError(response, 503, 'ServiceUnavailable', { 'retry-after': '2' });
      response.writeHead(200, { etag: '"abc"' }).end();
    });
    const { sleep, waits } = recordingSleep();
    let clock = Date.parse('2026-11-25T01:00:00Z');
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep,
      random: () => 0,
      now: () => (clock += 1000),
    });
    const response = await transport.send({ method: 'PUT', bucket: 'b', key: 'k', body: 'part bytes' });
    expect(response.status).toBe(200);
    expect(waits).toEqual([2000, 2000, 2000]);
    expect(server.seen.map((seen) => seen.body.toString())).toEqual(Array(4).fill('part bytes'));
    const dates = new Set(server.seen.map((seen) => seen.headers.date));
    expect(dates.size).toBe(4);
    for (const seen of server.seen) {
      const result = verifyRequestSync(
        { method: seen.method, bucket: 'b', key: 'k', headers: seen.headers },
        {
          lookupSecret: (id) => (id === CREDENTIALS.accessKeyId ? CREDENTIALS.secretAccessKey : undefined),
          now: Date.parse(String(seen.headers.date)),
        },
      );
      expect(result.ok).toBe(true);
    }
    await transport.close();
  });

  it('re-sends the whole body after a reset in the middle of it', async () => {
    const body = Buffer.alloc(3 * 1024 * 1024, 7);
    const server = await serve(async (request, response, { count, record }) => {
      if (count === 1) {
        let received = 0;
        request.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > 512 * 1024) request.socket.destroy();
        });
        return;
      }
      record(await readRequest(request));
      response.writeHead(200).end();
    });
    const { sleep } = recordingSleep();
    const transport = createTransport({ endpoint: server.endpoint, credentials: CREDENTIALS, sleep });
    let progress = 0;
    await transport.send({
      method: 'PUT',
      bucket: 'b',
      key: 'k',
      body,
      onUploadProgress: (delta) => {
        progress += delta;
      },
    });
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]?.body.equals(body)).toBe(true);
    // Bytes written count every attempt: at least the full body plus what the first attempt got out.
    expect(progress).toBeGreaterThan(body.length);
    await transport.close();
  });

  it('reopens a body factory for each attempt', async () => {
    const server = await serve(async (request, response, { count, record }) => {
      record(await readRequest(request));
      if (count === 1) return sendJssError(response, 500, 'InternalError');
      response.writeHead(200).end();
    });
    let opened = 0;
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: recordingSleep().sleep,
    });
    await transport.send({
      method: 'PUT',
      bucket: 'b',
      key: 'k',
      contentLength: 6,
      body: () => {
        opened++;
        return Readable.from([Buffer.from('abc'), Buffer.from('def')]);
      },
    });
    expect(opened).toBe(2);
    expect(server.seen.map((seen) => seen.body.toString())).toEqual(['abcdef', 'abcdef']);
    expect(server.seen[1]?.headers['content-length']).toBe('6');
  });

  it('never retries a stream body once it was read', async () => {
    const server = await serve(async (request, response, { record }) => {
      record(await readRequest(request));
      sendJssError(response, 503, 'SlowDown');
    });
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: recordingSleep().sleep,
    });
    const error = await transport
      .send({ method: 'PUT', bucket: 'b', key: 'k', body: Readable.from([Buffer.from('once')]) })
      .catch((caught: unknown) => caught);
    expect(ServiceError.isInstance(error) && error.serviceCode).toBe('SlowDown');
    expect(server.seen).toHaveLength(1);
  });

  it('retries POST only when the caller says it is safe', async () => {
    const server = await serve(async (request, response, { count, record }) => {
      record(await readRequest(request));
      if (count === 1) return sendJssError(response, 503, 'ServiceUnavailable');
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"UploadId":"U1"}');
    });
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: recordingSleep().sleep,
    });
    const initiate = { method: 'POST', bucket: 'b', key: 'k', query: { uploads: undefined } } as const;
    await expect(transport.send(initiate)).rejects.toMatchObject({ status: 503 });
    const response = await transport.send({ ...initiate, retryable: true });
    expect(response.json()).toEqual({ UploadId: 'U1' });
    expect(server.seen.map((seen) => seen.url)).toEqual(['/b/k?uploads', '/b/k?uploads']);
  });

  it('lists every attempt when retries run out', async () => {
    const server = await serve((_request, response) => sendJssError(response, 500, 'InternalError'));
    const { sleep, waits } = recordingSleep();
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep,
      random: () => 0.5,
      retry: { maxAttempts: 3, baseDelayMs: 100 },
    });
    const error = await transport
      .send({ method: 'GET', bucket: 'b', key: 'k' })
      .catch((caught: unknown) => caught);
    expect(RetriesExhaustedError.isInstance(error)).toBe(true);
    const exhausted = error as RetriesExhaustedError;
    expect(exhausted.code).toBe('TRANSPORT_RETRIES_EXHAUSTED');
    expect(exhausted.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3]);
    expect(exhausted.attempts.map((attempt) => attempt.delayMs)).toEqual([50, 100, 0]);
    expect(waits).toEqual([50, 100]);
    expect(ServiceError.isInstance(exhausted.lastError) && exhausted.lastError.serviceCode).toBe(
      'InternalError',
    );
    expect(exhausted.isRetryable).toBe(false);
  });

  it('stops at once on an answer that retrying cannot change', async () => {
    let answered = 0;
    const server = await serve((_request, response) => {
      answered++;
      sendJssError(response, 404, 'NoSuchKey');
    });
    const transport = createTransport({ endpoint: server.endpoint, credentials: CREDENTIALS });
    await expect(transport.send({ method: 'GET', bucket: 'b', key: 'k' })).rejects.toMatchObject({
      name: 'ServiceError',
      serviceCode: 'NoSuchKey',
      requestId: 'REQ1',
    });
    expect(answered).toBe(1);
  });

  it('gives up when Retry-After is longer than allowed or the deadline would pass', async () => {
    const server = await serve((_request, response) =>
      sendJssError(response, 503, 'SlowDown', { 'retry-after': '120' }),
    );
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: recordingSleep().sleep,
    });
    const tooLong = await transport.send({ method: 'GET', bucket: 'b' }).catch((caught: unknown) => caught);
    expect(tooLong).toBeInstanceOf(ServiceError);
    const limited = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      retry: { maxRetryAfterMs: 200_000 },
      timeouts: { deadlineMs: 60_000 },
    });
    const deadline = await limited.send({ method: 'GET', bucket: 'b' }).catch((caught: unknown) => caught);
    expect(deadline).toBeInstanceOf(ServiceError);
    expect((deadline as ServiceError).message).toContain('SlowDown');
  });

  it('retries a refused connection, then reports it typed', async () => {
    const server = await serve((_request, response) => response.end());
    const { endpoint } = server;
    await server.close();
    forget();
    const { sleep, waits } = recordingSleep();
    const transport = createTransport({
      endpoint,
      credentials: CREDENTIALS,
      sleep,
      retry: { maxAttempts: 2 },
    });
    const error = await transport.send({ method: 'GET', bucket: 'b' }).catch((caught: unknown) => caught);
    expect(RetriesExhaustedError.isInstance(error)).toBe(true);
    const last = (error as RetriesExhaustedError).lastError;
    expect(NetworkError.isInstance(last) && last.systemCode).toBe('ECONNREFUSED');
    expect(waits).toHaveLength(1);
  });
});

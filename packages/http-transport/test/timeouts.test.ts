import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, createTransport, TimeoutError } from './helpers/fixtures.ts';
import { CREDENTIALS, readRequest, recordingSleep, useTestServers } from './helpers/test-server.ts';

const { serve } = useTestServers(afterEach);

const noRetry = { maxAttempts: 1 };

describe('phase timeouts', () => {
  it('names the headers phase when the server reads the body and never answers', async () => {
    const server = await serve(async (request) => {
      await readRequest(request);
    });
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      retry: noRetry,
      timeouts: { headersMs: 150 },
    });
    const error = await transport
      .send({ method: 'PUT', bucket: 'b', key: 'k', body: 'x' })
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error) && error.phase).toBe('headers');
    expect((error as TimeoutError).isRetryable).toBe(true);
  });

  it('names the stall phase when the server stops reading the upload', async () => {
    const server = await serve((request) => {
      request.pause();
    });
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      retry: noRetry,
      timeouts: { stallMs: 300 },
    });
    const body = Buffer.alloc(64 * 1024 * 1024);
    let sent = 0;
    const error = await transport
      .send({ method: 'PUT', bucket: 'b', key: 'k', body, onUploadProgress: (delta) => (sent += delta) })
      .catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error) && error.phase).toBe('stall');
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(body.length);
  });

  it('names the stall phase when the response body stops, and a slow reader is not a stall', async () => {
    const server = await serve(async (request, response, { count }) => {
      await readRequest(request);
      response.writeHead(200, { 'content-length': '10' });
      response.write('01234');
      if (count === 2) setTimeout(() => response.end('56789'), 50);
    });
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      retry: noRetry,
      timeouts: { stallMs: 200 },
    });
    const stalled = await transport.send({ method: 'GET', bucket: 'b', key: 'k' }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(stalled) && stalled.phase).toBe('stall');
    const streamed = await transport.stream({ method: 'GET', bucket: 'b', key: 'k' });
    const chunks: string[] = [];
    for await (const chunk of streamed.body) {
      chunks.push(Buffer.from(chunk).toString());
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(chunks.join('')).toBe('0123456789');
  });

  it('ends everything at the overall deadline', async () => {
    const server = await serve(() => undefined);
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      timeouts: { deadlineMs: 200 },
    });
    const error = await transport.send({ method: 'GET', bucket: 'b' }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error) && error.phase).toBe('deadline');
    expect((error as TimeoutError).isRetryable).toBe(false);
  });
});

describe('connect timeout', () => {
  it('names the connect phase when a TLS handshake never completes', async () => {
    const silent = createNetServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const transport = createTransport({
      endpoint: `https://127.0.0.1:${port}`,
      credentials: CREDENTIALS,
      retry: noRetry,
      timeouts: { connectMs: 150 },
    });
    const error = await transport.send({ method: 'GET', bucket: 'b' }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error) && error.phase).toBe('connect');
    await transport.close();
    silent.close();
  });
});

describe('abort', () => {
  it('cancels the attempt in flight and keeps the reason', async () => {
    const server = await serve((request) => {
      request.pause();
    });
    const transport = createTransport({ endpoint: server.endpoint, credentials: CREDENTIALS });
    const controller = new AbortController();
    const reason = new Error('user pressed Ctrl-C');
    const pending = transport.send({
      method: 'PUT',
      bucket: 'b',
      key: 'k',
      body: Buffer.alloc(64 * 1024 * 1024),
      signal: controller.signal,
      onUploadProgress: () => controller.abort(reason),
    });
    const error = await pending.catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as AbortError).reason).toBe(reason);
    expect((error as AbortError).code).toBe('TRANSPORT_ABORTED');
  });

  it('cancels a pending backoff at once', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(503, { 'retry-after': '30' }).end();
    });
    const transport = createTransport({ endpoint: server.endpoint, credentials: CREDENTIALS });
    const controller = new AbortController();
    const started = Date.now();
    const pending = transport.send({ method: 'GET', bucket: 'b', signal: controller.signal });
    setTimeout(() => controller.abort('stop'), 100);
    const error = await pending.catch((e: unknown) => e);
    expect(AbortError.isInstance(error) && error.reason).toBe('stop');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses to start when the signal already fired', async () => {
    let answered = 0;
    const server = await serve((_request, response) => {
      answered++;
      response.end();
    });
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: recordingSleep().sleep,
    });
    const error = await transport
      .send({ method: 'GET', bucket: 'b', signal: AbortSignal.abort('early') })
      .catch((e: unknown) => e);
    expect(AbortError.isInstance(error) && error.reason).toBe('early');
    await transport.send({ method: 'GET', bucket: 'b' });
    expect(answered).toBe(1);
  });
});

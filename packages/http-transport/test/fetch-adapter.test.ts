import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  createFetchAdapter,
  createTransport,
  NetworkError,
  ServiceError,
  type TestServerHandle,
  TimeoutError,
} from './helpers/fixtures.ts';
import { CREDENTIALS, readRequest, sendJssError, startTestServer } from './helpers/test-server.ts';

const servers: TestServerHandle[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function fetchTransport(handler: Parameters<typeof startTestServer>[0], stallMs = 30_000) {
  const server = await startTestServer(handler);
  servers.push(server);
  const transport = createTransport({
    endpoint: server.endpoint,
    credentials: CREDENTIALS,
    adapter: createFetchAdapter(),
    retry: { maxAttempts: 2, baseDelayMs: 1 },
    timeouts: { stallMs },
  });
  return { server, transport };
}

describe('fetch adapter', () => {
  it('sends bytes and streams, and reads bodies', async () => {
    const { server, transport } = await fetchTransport(async (request, response, { record }) => {
      const body = await readRequest(request);
      record(body);
      response.writeHead(200, { 'x-jss-request-id': 'F1' }).end(body);
    });
    let progress = 0;
    const bytes = await transport.send({
      method: 'PUT',
      bucket: 'b',
      key: 'k',
      body: 'hello',
      onUploadProgress: (d) => (progress += d),
    });
    expect(bytes.text()).toBe('hello');
    expect(bytes.requestId).toBe('F1');
    const stream = await transport.send({
      method: 'PUT',
      bucket: 'b',
      key: 'k',
      body: Readable.from([Buffer.from('ab'), Buffer.from('cd')]),
      onUploadProgress: (d) => (progress += d),
    });
    expect(stream.text()).toBe('abcd');
    expect(progress).toBe(9);
    expect(
      server.seen.map((seen) => seen.headers.authorization?.startsWith('jingdong TESTACCESSKEY:')),
    ).toEqual([true, true]);
  });

  it('retries a 503 and types service errors', async () => {
    const { transport } = await fetchTransport(async (request, response, { count }) => {
      await readRequest(request);
      if (count === 1) return sendJssError(response, 503, 'SlowDown');
      sendJssError(response, 404, 'NoSuchBucket');
    });
    const error = await transport.send({ method: 'GET', bucket: 'b' }).catch((e: unknown) => e);
    expect(ServiceError.isInstance(error) && error.serviceCode).toBe('NoSuchBucket');
  });

  it('types a refused connection, a stalled body and an abort', async () => {
    const { server, transport } = await fetchTransport((_request, response) => {
      response.writeHead(200, { 'content-length': '10' });
      response.write('01234');
    }, 150);
    const stalled = await transport.send({ method: 'GET', bucket: 'b' }).catch((e: unknown) => e);
    const stall = (stalled as { lastError?: unknown }).lastError;
    expect(TimeoutError.isInstance(stall) && stall.phase).toBe('stall');
    const aborted = await transport
      .send({ method: 'GET', bucket: 'b', signal: AbortSignal.abort('why') })
      .catch((e: unknown) => e);
    expect(AbortError.isInstance(aborted) && aborted.reason).toBe('why');
    await server.close();
    servers.length = 0;
    const refused = await transport.send({ method: 'GET', bucket: 'b' }).catch((e: unknown) => e);
    const last = (refused as { lastError?: unknown }).lastError;
    expect(NetworkError.isInstance(last) && last.systemCode).toBe('ECONNREFUSED');
  });
});

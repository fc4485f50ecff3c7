// A signal can outlive every request made under it (one stopOnSignals() signal for a whole service): once a
// request or an attempt has settled, none of its 'abort' listeners may stay on it.
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeAdapter } from '../src/node.ts';
import {
  type AdapterRequest,
  type AdapterResponse,
  createFetchAdapter,
  createTransport,
  type HttpAdapter,
} from './helpers/fixtures.ts';
import {
  CREDENTIALS,
  readRequest,
  recordingSleep,
  sendJssError,
  useTestServers,
} from './helpers/test-server.ts';

const { serve } = useTestServers(afterEach);
const timeouts = { connectMs: 5_000, headersMs: 5_000, stallMs: 5_000, continueMs: 1_000 };
const listeners = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

async function echoServer() {
  return serve(async (request, response) => {
    const body = await readRequest(request);
    if (request.url === '/fail') return sendJssError(response, 500, 'InternalError');
    if (request.url === '/reset') return request.socket.destroy();
    response.writeHead(200).end(body.length > 0 ? body : Buffer.alloc(64 * 1024, 1));
  });
}

function attempt(url: string, signal: AbortSignal): AdapterRequest {
  const body = { kind: 'bytes' as const, bytes: new Uint8Array(1024) };
  return { method: 'PUT', url, headers: {}, body, signal, timeouts, operation: 'PutObject' };
}

async function drain(response: AdapterResponse): Promise<void> {
  for await (const _chunk of response.body);
}

describe.each([
  ['node', () => createNodeAdapter()],
  ['fetch', () => createFetchAdapter()],
] as const)('the %s adapter', (_name, makeAdapter: () => HttpAdapter) => {
  it('leaves no abort listener on the signal once 50 attempts are read, cancelled or failed', async () => {
    const server = await echoServer();
    const adapter = makeAdapter();
    const shared = new AbortController().signal;
    for (let index = 0; index < 50; index++) {
      const path = ['/ok', '/fail', '/cancel', '/reset'][index % 4] ?? '/ok';
      const sent = adapter.send(attempt(`${server.endpoint}${path}`, shared));
      if (path === '/reset') await sent.catch(() => undefined);
      else if (path === '/cancel') (await sent).cancel();
      else await drain(await sent);
    }
    expect(listeners(shared)).toBe(0);
    await adapter.close?.();
  });
});

describe('createTransport', () => {
  it('leaves no listener on the caller signal, nor on the signal its attempts shared, after retries', async () => {
    const server = await serve(async (request, response, { count }) => {
      await readRequest(request);
      if (count <= 3) return sendJssError(response, 503, 'SlowDown');
      response.writeHead(200).end('done');
    });
    const inner = createNodeAdapter();
    const attemptSignals = new Set<AbortSignal>();
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      retry: { maxAttempts: 5 },
      sleep: recordingSleep().sleep,
      adapter: {
        send: (request) => {
          attemptSignals.add(request.signal);
          return inner.send(request);
        },
      },
    });
    const caller = new AbortController().signal;
    expect(
      (await transport.send({ method: 'PUT', bucket: 'b', key: 'k', body: 'x', signal: caller })).text(),
    ).toBe('done');
    const streamed = await transport.stream({ method: 'GET', bucket: 'b', key: 'k', signal: caller });
    for await (const _chunk of streamed.body);
    expect(attemptSignals.size).toBeGreaterThan(0);
    for (const signal of attemptSignals) expect(listeners(signal)).toBe(0);
    expect(listeners(caller)).toBe(0);
    await transport.close();
    await inner.close?.();
  });
});

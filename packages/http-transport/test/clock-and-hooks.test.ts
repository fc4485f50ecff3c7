import { verifyRequestSync } from '@jsskit/signer';
import { afterEach, describe, expect, it } from 'vitest';
import { type AttemptResult, createTransport, type TestServerHandle } from './helpers/fixtures.ts';
import {
  CREDENTIALS,
  readRequest,
  recordingSleep,
  sendJssError,
  startTestServer,
} from './helpers/test-server.ts';

const servers: TestServerHandle[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const HOUR = 3_600_000;

/** A server whose clock is an hour ahead and which checks the skew as JSS does (status 403, or 400 as in the error list). */
async function skewedServer(status: 400 | 403 = 403) {
  const server = await startTestServer(async (request, response, { record }) => {
    record(await readRequest(request));
    const serverNow = Date.now() + HOUR;
    const [, bucket, ...rest] = (request.url ?? '/').split('?')[0]?.split('/') ?? [];
    const result = verifyRequestSync(
      {
        method: request.method ?? 'GET',
        bucket,
        key: rest.length > 0 ? decodeURIComponent(rest.join('/')) : undefined,
        headers: request.headers,
      },
      { lookupSecret: () => CREDENTIALS.secretAccessKey, now: serverNow },
    );
    const date = new Date(serverNow).toUTCString();
    if (!result.ok && result.code === 'RequestTimeTooSkewed') {
      if (request.method === 'HEAD') return void response.writeHead(status, { date }).end();
      return sendJssError(response, status, 'RequestTimeTooSkewed', { date });
    }
    response.writeHead(result.ok ? 200 : 403, { date }).end();
  });
  servers.push(server);
  return server;
}

describe('clock skew', () => {
  it('learns the server clock from a RequestTimeTooSkewed answer, retries once, and keeps it', async () => {
    const server = await skewedServer();
    const transport = createTransport({ endpoint: server.endpoint, credentials: CREDENTIALS });
    const first = await transport.send({ method: 'PUT', bucket: 'b', key: 'k', body: 'data' });
    expect(first.status).toBe(200);
    expect(server.seen).toHaveLength(2);
    expect(Math.abs(transport.clockOffsetMs - HOUR)).toBeLessThan(5000);
    await transport.send({ method: 'GET', bucket: 'b', key: 'k' });
    expect(server.seen).toHaveLength(3);
    expect(server.seen[1]?.body.toString()).toBe('data');
  });

  it.each([403, 400] as const)('reads a body-less %i to HEAD with a far Date as skew', async (status) => {
    const server = await skewedServer(status);
    const transport = createTransport({ endpoint: server.endpoint, credentials: CREDENTIALS });
    expect((await transport.send({ method: 'HEAD', bucket: 'b', key: 'k' })).status).toBe(200);
    expect(server.seen).toHaveLength(2);
  });

  it('takes RequestTimeTooSkewed with the 400 of the error list as well as 403', async () => {
    const server = await skewedServer(400);
    const transport = createTransport({ endpoint: server.endpoint, credentials: CREDENTIALS });
    expect((await transport.send({ method: 'PUT', bucket: 'b', key: 'k', body: 'data' })).status).toBe(200);
    expect(server.seen).toHaveLength(2);
    expect(Math.abs(transport.clockOffsetMs - HOUR)).toBeLessThan(5000);
  });

  it('does not loop when the corrected clock is refused too', async () => {
    const server = await startTestServer((_request, response) =>
      sendJssError(response, 403, 'RequestTimeTooSkewed', {
        date: new Date(Date.now() + HOUR).toUTCString(),
      }),
    );
    servers.push(server);
    const transport = createTransport({ endpoint: server.endpoint, credentials: CREDENTIALS });
    await expect(transport.send({ method: 'GET', bucket: 'b' })).rejects.toMatchObject({
      serviceCode: 'RequestTimeTooSkewed',
    });
  });
});

describe('hooks, progress and secrets', () => {
  it('reports each attempt without credentials, and progress adds up to the body', async () => {
    const server = await startTestServer(async (request, response, { count }) => {
      await readRequest(request);
      if (count === 1) return sendJssError(response, 500, 'InternalError', { 'x-jss-request-id': 'R-1' });
      response.writeHead(200, { 'x-jss-request-id': 'R-2' }).end();
    });
    servers.push(server);
    const before: number[] = [];
    const after: AttemptResult[] = [];
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: recordingSleep().sleep,
      hooks: {
        beforeAttempt: (info) => before.push(info.attempt),
        afterAttempt: (result) => {
          after.push(result);
          throw new Error('a broken hook must not break the request');
        },
      },
    });
    const body = Buffer.alloc(1_000_000, 1);
    let progress = 0;
    await transport.send({
      method: 'PUT',
      bucket: 'b',
      key: 'k',
      body,
      onUploadProgress: (d) => (progress += d),
    });
    expect(progress).toBe(2 * body.length);
    expect(before).toEqual([1, 2]);
    expect(after.map((r) => [r.attempt, r.status, r.requestId, r.bytesSent, r.willRetry])).toEqual([
      [1, 500, 'REQ1', body.length, true],
      [2, 200, 'R-2', body.length, false],
    ]);
    const printed = JSON.stringify(after, (_key, value) =>
      value instanceof Error ? { ...value, text: value.message, stack: value.stack } : value,
    );
    expect(printed).not.toContain(CREDENTIALS.secretAccessKey);
    expect(printed).not.toMatch(/jingdong|authorization/i);
    expect(after[0]?.error?.message).toContain('PUT /b/k failed with 500 InternalError');
  });

  it('consults the admission of a request around each attempt, and holds a retry before its backoff', async () => {
    const server = await startTestServer(async (request, response, { count }) => {
      await readRequest(request);
      if (count === 1) return sendJssError(response, 503, 'SlowDown');
      response.writeHead(200).end();
    });
    servers.push(server);
    const order: string[] = [];
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: async () => {
        order.push('backoff');
      },
      hooks: { afterAttempt: (result) => order.push(`transport ${result.attempt}`) },
    });
    const own: AttemptResult[] = [];
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let reached: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      reached = resolve;
    });
    const sending = transport.send({
      method: 'PUT',
      bucket: 'b',
      key: 'k',
      body: 'x',
      admission: {
        beforeAttempt: (attempt) => {
          order.push(`before ${attempt}`);
          return undefined;
        },
        bodyTaken: (attempt) => order.push(`body ${attempt}`),
        afterAttempt: async (result) => {
          own.push(result);
          order.push(`after ${result.attempt}`);
          if (!result.willRetry) return;
          reached();
          await gate;
          order.push('gate open');
        },
      },
    });
    await held;
    // The retry waits on the admission: no backoff, no second attempt yet.
    expect(order).toEqual(['before 1', 'body 1', 'transport 1', 'after 1']);
    open();
    await sending;
    await transport.send({ method: 'GET', bucket: 'b', key: 'other' });
    expect(order).toEqual([
      'before 1',
      'body 1',
      'transport 1',
      'after 1',
      'gate open',
      'backoff',
      'before 2',
      'body 2',
      'transport 2',
      'after 2',
      'transport 1',
    ]);
    expect(own.map((r) => [r.status, r.willRetry, r.failure])).toEqual([
      [503, true, 'throttled'],
      [200, false, undefined],
    ]);
  });

  it('ends a request with what its admission threw before a retry, and ignores it after the last attempt', async () => {
    const server = await startTestServer(async (request, response, { count }) => {
      await readRequest(request);
      if (count === 1) return sendJssError(response, 500, 'InternalError');
      response.writeHead(200).end();
    });
    servers.push(server);
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: recordingSleep().sleep,
    });
    const refused = new Error('no room');
    const failures: (string | undefined)[] = [];
    const afterAttempt = async (result: AttemptResult) => {
      failures.push(result.failure);
      if (result.willRetry) throw refused;
    };
    const request = { method: 'PUT', bucket: 'b', key: 'k', body: 'x', admission: { afterAttempt } } as const;
    await expect(transport.send(request)).rejects.toBe(refused);
    expect(failures).toEqual(['transient']);
    const rejecting = { afterAttempt: () => Promise.reject(new Error('ignored')) };
    expect((await transport.send({ ...request, admission: rejecting })).status).toBe(200);
  });

  it('redacts presign parameters from URLs given to hooks', async () => {
    const server = await startTestServer((_request, response) => response.end());
    servers.push(server);
    const urls: string[] = [];
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      hooks: { beforeAttempt: (info) => urls.push(info.url) },
    });
    await transport.send({
      method: 'GET',
      bucket: 'b',
      key: 'k',
      query: { Signature: 'SECRETSIG', AccessKey: 'AK', x: '1' },
    });
    expect(urls).toEqual([
      `http://127.0.0.1:${new URL(server.endpoint).port}/b/k?Signature=REDACTED&AccessKey=REDACTED&x=1`,
    ]);
  });

  it('refuses bad headers and bodies before sending anything', async () => {
    const server = await startTestServer((_request, response) => response.end());
    servers.push(server);
    const transport = createTransport({ endpoint: server.endpoint, credentials: CREDENTIALS });
    await expect(
      transport.send({ method: 'PUT', bucket: 'b', key: 'k', headers: { 'x-jss-a': 'v\r\nInjected: 1' } }),
    ).rejects.toMatchObject({ code: 'TRANSPORT_INVALID_REQUEST' });
    await expect(
      transport.send({ method: 'PUT', bucket: 'b', key: 'k', body: 42 as never }),
    ).rejects.toMatchObject({ code: 'TRANSPORT_INVALID_REQUEST' });
    // A bad key pair is refused when the transport is made, before any request.
    expect(() =>
      createTransport({ endpoint: server.endpoint, credentials: { accessKeyId: '', secretAccessKey: 'x' } }),
    ).toThrow(expect.objectContaining({ code: 'TRANSPORT_INVALID_REQUEST' }));
    await expect(
      transport.send({
        method: 'PUT',
        bucket: 'b',
        key: 'k',
        body: () => {
          throw new Error('ENOENT: no such file');
        },
      }),
    ).rejects.toMatchObject({ code: 'TRANSPORT_INVALID_REQUEST' });
  });
});

import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, createServer as createSocketServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type AttemptResult, createFetchAdapter, createTransport } from './helpers/fixtures.ts';
import { CREDENTIALS, readRequest, recordingSleep, sendJssError } from './helpers/test-server.ts';

const BODY = randomBytes(2 * 1024 * 1024);
const PUT = { method: 'PUT', bucket: 'b', key: 'k', body: BODY } as const;

/** What the server saw of one request: whether it asked for 100 Continue, and the body bytes that arrived. */
interface Seen {
  readonly expect: string | undefined;
  readonly bodyBytes: number;
}

type Answer = 'continue' | 'refuse' | 'ignore';

/**
 * A node:http server that decides, per request, what to do with `Expect: 100-continue`: send 100 Continue,
 * refuse with 503 SlowDown before the body, or ignore it and wait for the body. A request without Expect is
 * read whole and answered by `plain` (503 or 200).
 */
async function startServer(answers: Answer[], plain: (count: number) => 200 | 503) {
  const seen: Seen[] = [];
  let count = 0;
  const finish = async (request: IncomingMessage, response: ServerResponse, status: 200 | 503) => {
    const body = await readRequest(request);
    seen.push({ expect: request.headers.expect, bodyBytes: body.length });
    if (status === 503) return sendJssError(response, 503, 'SlowDown');
    response.writeHead(200, { etag: '"abc"' }).end();
  };
  const server = createServer((request, response) => {
    count++;
    void finish(request, response, plain(count));
  });
  server.on('checkContinue', (request, response) => {
    count++;
    const answer = answers.shift() ?? 'continue';
    if (answer === 'refuse') {
      seen.push({ expect: request.headers.expect, bodyBytes: 0 });
      return sendJssError(response, 503, 'SlowDown');
    }
    if (answer === 'continue') response.writeContinue();
    void finish(request, response, 200);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { endpoint: `http://127.0.0.1:${port}`, seen };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('Expect: 100-continue', () => {
  it('asks before re-sending a body the server refused, so a second refusal costs no body bytes', async () => {
    const server = await startServer(['refuse', 'continue'], () => 503);
    const attempts: AttemptResult[] = [];
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: recordingSleep().sleep,
      hooks: { afterAttempt: (result) => attempts.push(result) },
    });
    const response = await transport.send(PUT);
    expect(response.status).toBe(200);
    expect(server.seen).toEqual([
      { expect: undefined, bodyBytes: BODY.length },
      { expect: '100-continue', bodyBytes: 0 },
      { expect: '100-continue', bodyBytes: BODY.length },
    ]);
    expect(attempts.map((attempt) => [attempt.status, attempt.bytesSent])).toEqual([
      [503, BODY.length],
      [503, 0],
      [200, BODY.length],
    ]);
    await transport.close();
  });

  it('asks as the admission says per attempt, over the request and the default', async () => {
    const server = await startServer(['refuse'], () => 200);
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: recordingSleep().sleep,
    });
    // Attempt 1 asks (the default would not), attempt 2 does not (the default would, after a refusal).
    const taken: number[] = [];
    const admission = {
      beforeAttempt: (attempt: number) => ({ expectContinue: attempt === 1 }),
      bodyTaken: (attempt: number) => taken.push(attempt),
    };
    const response = await transport.send({ ...PUT, expectContinue: true, admission });
    expect(response.status).toBe(200);
    expect(server.seen).toEqual([
      { expect: '100-continue', bodyBytes: 0 },
      { expect: undefined, bodyBytes: BODY.length },
    ]);
    // The refused attempt sent no body: only the second was taken.
    expect(taken).toEqual([2]);
    await transport.close();
  });

  it('never asks with expectContinue: false, nor for a body under 1 MiB', async () => {
    const server = await startServer([], (count) => (count % 2 === 1 ? 503 : 200));
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: recordingSleep().sleep,
    });
    await transport.send({ ...PUT, expectContinue: false });
    await transport.send({ ...PUT, body: BODY.subarray(0, 1024) });
    expect(server.seen.map((seen) => seen.expect)).toEqual([undefined, undefined, undefined, undefined]);
    expect(server.seen.map((seen) => seen.bodyBytes)).toEqual([BODY.length, BODY.length, 1024, 1024]);
    await transport.close();
  });

  it('with expectContinue: true asks at once, and sends the body after continueMs to a server that ignores Expect', async () => {
    const server = await startServer(['refuse', 'ignore'], () => 200);
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      sleep: recordingSleep().sleep,
      timeouts: { continueMs: 300 },
    });
    const started = performance.now();
    const response = await transport.send({ ...PUT, expectContinue: true });
    expect(response.status).toBe(200);
    // The second attempt's body waited for the fallback: no 100 Continue ever came.
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    expect(server.seen).toEqual([
      { expect: '100-continue', bodyBytes: 0 },
      { expect: '100-continue', bodyBytes: BODY.length },
    ]);
    await transport.close();
  });

  // Some S3-compatible servers send 100 Continue twice (aws-sdk-js #3674: the body went out twice).
  it('sends the body once when the server says 100 Continue twice', async () => {
    let bodyBytes = 0;
    let closed!: Promise<void>;
    const server = createSocketServer((socket) => {
      closed = new Promise((resolve) => socket.once('close', () => resolve()));
      let head = '';
      socket.on('data', (chunk: Buffer) => {
        if (!head.includes('\r\n\r\n')) {
          head += chunk.toString('latin1');
          const end = head.indexOf('\r\n\r\n');
          if (end === -1) return;
          socket.write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n');
          bodyBytes += Buffer.byteLength(head.slice(end + 4), 'latin1');
        } else bodyBytes += chunk.length;
        if (bodyBytes === BODY.length)
          socket.write('HTTP/1.1 200 OK\r\netag: "abc"\r\ncontent-length: 0\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const transport = createTransport({ endpoint: `http://127.0.0.1:${port}`, credentials: CREDENTIALS });
    const response = await transport.send({ ...PUT, expectContinue: true });
    expect(response.status).toBe(200);
    await transport.close();
    await closed;
    expect(bodyBytes).toBe(BODY.length);
  });

  it('is ignored by the fetch adapter, which cannot send Expect', async () => {
    const server = await startServer([], () => 200);
    const transport = createTransport({
      endpoint: server.endpoint,
      credentials: CREDENTIALS,
      adapter: createFetchAdapter(),
    });
    const response = await transport.send({ ...PUT, expectContinue: true });
    expect(response.status).toBe(200);
    expect(server.seen).toEqual([{ expect: undefined, bodyBytes: BODY.length }]);
    await transport.close();
  });
});

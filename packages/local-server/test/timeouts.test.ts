import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signRequestSync } from '@jsskit/signer';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildServer, startChildServer } from './helpers/child-server.ts';
import { send, TEST_CREDENTIALS } from './helpers/jss-client.ts';
import { createServerFixture, initiate } from './helpers/server-fixture.ts';

function open(endpoint: string): Socket {
  const url = new URL(endpoint);
  return connect(Number(url.port), url.hostname);
}

/** Resolves with everything the server sent once it closes the connection. */
function untilClosed(socket: Socket): Promise<string> {
  let received = '';
  socket.on('data', (data) => {
    received += data.toString('utf8');
  });
  return new Promise((resolve) => socket.once('close', () => resolve(received)));
}

/** A signed request head (path style), with an optional query. */
function head(request: { method: string; bucket: string; key: string; query?: string; length: number }) {
  const headers: Record<string, string> = { 'Content-Length': String(request.length) };
  Object.assign(
    headers,
    signRequestSync(
      { method: request.method, bucket: request.bucket, key: request.key, query: request.query, headers },
      { credentials: TEST_CREDENTIALS },
    ),
  );
  const target = `/${request.bucket}/${request.key}${request.query === undefined ? '' : `?${request.query}`}`;
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${request.method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

function jsonBody(response: string): Record<string, unknown> {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
}

describe('idleTimeoutMs', () => {
  it('closes connections that send nothing, and the server still answers', async () => {
    await using fixture = await createServerFixture({ idleTimeoutMs: 300 });
    const sockets = Array.from({ length: 50 }, () => open(fixture.server.endpoint));
    const received = await Promise.all(sockets.map(untilClosed));
    expect(received.every((text) => text === '')).toBe(true);
    expect((await fixture.call({ method: 'GET' })).status).toBe(200);
  });

  it('closes a keep-alive connection once it sits idle after a response', async () => {
    await using fixture = await createServerFixture({ idleTimeoutMs: 300 });
    const socket = open(fixture.server.endpoint);
    const closed = untilClosed(socket);
    socket.write(head({ method: 'PUT', bucket: fixture.bucket, key: 'k', length: 2 }));
    socket.write('ok');
    expect(await closed).toMatch(/^HTTP\/1\.1 200 /);
  });
});

describe('bodyTimeoutMs', () => {
  it('answers 400 RequestTimeout to a body that stalls, removes its temporary file and closes', async () => {
    await using fixture = await createServerFixture({ bodyTimeoutMs: 100 });
    const socket = open(fixture.server.endpoint);
    const closed = untilClosed(socket);
    socket.write(head({ method: 'PUT', bucket: fixture.bucket, key: 'k', length: 1024 * 1024 }));
    socket.write('ten bytes!');
    const response = await closed;
    expect(response).toMatch(/^HTTP\/1\.1 400 /);
    expect(jsonBody(response).code).toBe('RequestTimeout');
    expect(await readdir(join(fixture.server.dataDir, 'tmp'))).toEqual([]);
    expect((await fixture.call({ method: 'HEAD', bucket: fixture.bucket, key: 'k' })).status).toBe(404);
  });

  it('answers 400 RequestTimeout to a Complete body that stalls, and the upload stays open', async () => {
    await using fixture = await createServerFixture({ bodyTimeoutMs: 100 });
    const uploadId = await initiate(fixture, 'k');
    const socket = open(fixture.server.endpoint);
    const closed = untilClosed(socket);
    const query = `uploadId=${uploadId}`;
    socket.write(head({ method: 'POST', bucket: fixture.bucket, key: 'k', query, length: 500 }));
    socket.write('{"Part":[');
    const response = await closed;
    expect(jsonBody(response).code).toBe('RequestTimeout');
    const parts = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'k', query });
    expect(parts.status).toBe(200);
  });

  it('never cuts a slow upload whose bytes keep coming, at gaps a thirtieth of the timeout', async () => {
    await using fixture = await createServerFixture({ bodyTimeoutMs: 3000, idleTimeoutMs: 3000 });
    const socket = open(fixture.server.endpoint);
    const closed = untilClosed(socket);
    const chunks = Array.from({ length: 40 }, (_, index) => String(index % 10).repeat(2));
    socket.write(head({ method: 'PUT', bucket: fixture.bucket, key: 'k', length: 80 }));
    for (const chunk of chunks) {
      socket.write(chunk);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    socket.end();
    expect(await closed).toMatch(/^HTTP\/1\.1 200 /);
    const stored = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'k' });
    expect(stored.body.toString()).toBe(chunks.join(''));
  });

  it('does not count time the server itself holds the body up (a slow-body fault)', async () => {
    await using fixture = await createServerFixture({ bodyTimeoutMs: 100 });
    fixture.server.faults.add({
      operation: 'PutObject',
      action: { type: 'slow-body', bytesPerSecond: 256 * 1024 },
    });
    const body = Buffer.alloc(1024 * 1024, 7);
    const response = await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'k', body });
    expect(response.status).toBe(200);
  });
});

describe('jss-local-server --idle-timeout-ms and --body-timeout-ms', () => {
  beforeAll(buildServer, 120_000);

  it('closes an idle connection and times out a stalled body as configured', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'jss-timeouts-'));
    const server = await startChildServer(dataDir, {
      args: ['--idle-timeout-ms', '300', '--body-timeout-ms', '300'],
    });
    try {
      expect(await untilClosed(open(server.endpoint))).toBe('');
      await send(server.endpoint, { method: 'PUT', bucket: 'timeouts' });
      const socket = open(server.endpoint);
      const closed = untilClosed(socket);
      socket.write(head({ method: 'PUT', bucket: 'timeouts', key: 'k', length: 100 }));
      socket.write('ten bytes!');
      expect(jsonBody(await closed).code).toBe('RequestTimeout');
    } finally {
      await server.kill();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

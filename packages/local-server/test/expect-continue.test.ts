// Expect: 100-continue on a raw socket: the server says Continue only when an operation wants the body, so a
// request it refuses (no bucket, bad signature, throttled) gets its answer before a byte of the body is sent.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { signedHead } from './helpers/raw-http.ts';
import { createServerFixture } from './helpers/server-fixture.ts';

interface ContinueExchange {
  /** Whether 100 Continue came (and the body was then sent). */
  readonly continued: boolean;
  /** The final status. */
  readonly status: number;
}

/** Sends a head with Expect: 100-continue, and the body only if the server says Continue. */
function expectContinue(endpoint: string, head: string, body: Buffer): Promise<ContinueExchange> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    let continued = false;
    socket.on('data', (data) => {
      received += data.toString('latin1');
      for (;;) {
        const end = received.indexOf('\r\n\r\n');
        if (end === -1) return;
        const status = Number(received.slice(0, end).split(' ')[1]);
        received = received.slice(end + 4);
        if (status !== 100) {
          socket.destroy();
          return resolve({ continued, status });
        }
        continued = true;
        socket.write(body);
      }
    });
    socket.on('error', reject);
    socket.write(head);
  });
}

function putHead(bucket: string, key: string, body: Buffer, secret?: string): string {
  const head = signedHead({
    method: 'PUT',
    bucket,
    key,
    headers: { 'Content-Length': String(body.length), Expect: '100-continue' },
  });
  return secret === undefined ? head : head.replace(/(Authorization: jingdong \w+:)\S+/, `$1${secret}`);
}

describe('Expect: 100-continue', () => {
  it('says Continue to a request it will take, and stores the body', async () => {
    await using fixture = await createServerFixture();
    const body = Buffer.alloc(256 * 1024, 9);
    const result = await expectContinue(fixture.server.endpoint, putHead(fixture.bucket, 'k', body), body);
    expect(result).toEqual({ continued: true, status: 200 });
    const stored = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'k' });
    expect(stored.body.equals(body)).toBe(true);
  });

  it('answers a request it refuses before the body is sent: no bucket, bad signature, throttled', async () => {
    await using fixture = await createServerFixture();
    const body = Buffer.alloc(1024, 1);
    const { endpoint } = fixture.server;
    expect(await expectContinue(endpoint, putHead('no-such-bucket', 'k', body), body)).toEqual({
      continued: false,
      status: 404,
    });
    expect(
      await expectContinue(
        endpoint,
        putHead(fixture.bucket, 'k', body, 'AAAAAAAAAAAAAAAAAAAAAAAAAAA='),
        body,
      ),
    ).toEqual({ continued: false, status: 403 });
    fixture.server.faults.add({
      operation: 'PutObject',
      action: { type: 'error', status: 503, code: 'SlowDown' },
    });
    expect(await expectContinue(endpoint, putHead(fixture.bucket, 'k', body), body)).toEqual({
      continued: false,
      status: 503,
    });
    const missing = await fixture.call({ method: 'HEAD', bucket: fixture.bucket, key: 'k' });
    expect(missing.status).toBe(404);
  });
});

// Keys and their encoding on the wire against the real local server, which verifies with the signer
// (protocol §13, docs/adr/0021): a signature for one key never opens another, and awkward keys work end to end.
import { request as httpRequest } from 'node:http';
import { uploadObject } from '@jsskit/multipart';
import { presignUrlSync, signRequestSync } from '@jsskit/signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture } from '../helpers/local-fixture.ts';

const BUCKET = 'keys';
let fixture: LocalFixture;

beforeAll(async () => {
  fixture = await startLocalFixture({ name: 'key-encoding', bucket: BUCKET });
  await fixture.transport.send({ method: 'PUT', bucket: BUCKET, key: 'xA', body: 'the key xA' });
});

afterAll(() => fixture.close());

/** GET of a wire path exactly as given (no client re-encoding), on a real socket. */
function getRaw(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(fixture.server.endpoint);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ hostname, port, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
    });
    request.once('error', reject);
    request.end();
  });
}

function credentials() {
  return fixture.server.credentials[0] as (typeof fixture.server.credentials)[0];
}

describe('the local server and a key in its encoded form', () => {
  it('refuses a header signature for the literal key x%41 sent as /keys/x%41, which is the key xA', async () => {
    const signed = signRequestSync(
      { method: 'GET', bucket: BUCKET, key: 'x%41' },
      { credentials: credentials() },
    );
    const answer = await getRaw(`/${BUCKET}/x%41`, {
      date: signed.Date,
      authorization: signed.Authorization,
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('SignatureDoesNotMatch');
    expect(answer.body).not.toContain('the key xA');
  });

  it('refuses a presigned URL for the literal key x%41 at /keys/x%41', async () => {
    const url = presignUrlSync(
      { method: 'GET', url: `${fixture.server.endpoint}/${BUCKET}/x%41`, bucket: BUCKET, key: 'x%41' },
      { credentials: credentials(), expiresIn: 600 },
    );
    const answer = await getRaw(new URL(url).pathname + new URL(url).search);
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('the key xA');
  });

  it('still opens xA with a signature for xA', async () => {
    const signed = signRequestSync(
      { method: 'GET', bucket: BUCKET, key: 'xA' },
      { credentials: credentials() },
    );
    const answer = await getRaw(`/${BUCKET}/xA`, { date: signed.Date, authorization: signed.Authorization });
    expect(answer).toEqual({ status: 200, body: 'the key xA' });
  });
});

describe('our client and keys with spaces, unicode, + and %', () => {
  const keys = ['a b.txt', '中文/ä ö.txt', 'a+b', '100%', 'x%41', 'a%20b', 'dir/ä b+c%20d.txt'];

  it.each(keys)('puts, reads, lists and deletes %j, signing in the header and in the URL', async (key) => {
    for (const authentication of ['header', 'query'] as const) {
      const transport = fixture.connect({ authentication });
      const body = `${authentication}:${key}`;
      await transport.send({ method: 'PUT', bucket: BUCKET, key, body });
      const got = await transport.send({ method: 'GET', bucket: BUCKET, key });
      expect(got.text()).toBe(body);
      const listed = await transport.send({ method: 'GET', bucket: BUCKET, query: { prefix: key } });
      expect(listed.json()).toMatchObject({ Contents: [{ Key: key }] });
      await transport.send({ method: 'DELETE', bucket: BUCKET, key });
      await transport.close();
    }
    const xA = await fixture.transport.send({ method: 'HEAD', bucket: BUCKET, key: 'xA' });
    expect(xA.status).toBe(200);
  });

  it('uploads a multipart object under a key with all of them', async () => {
    const key = 'up/ä b+c%20d 100%.bin';
    const data = Buffer.alloc(6 * 1024 * 1024, 7);
    const result = await uploadObject({
      transport: fixture.transport,
      bucket: BUCKET,
      key,
      source: data,
      partSize: 5 * 1024 * 1024,
    });
    expect(result.parts).toBe(2);
    const head = await fixture.transport.send({ method: 'HEAD', bucket: BUCKET, key });
    expect(head.headers['content-length']).toBe(String(data.length));
  });
});

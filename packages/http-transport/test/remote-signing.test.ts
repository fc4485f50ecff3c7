// A transport without the secret: every attempt is signed by a signing server (signRemoteRequestSync behind a
// real HTTP endpoint), and a JSS stand-in checks each signature with verifyRequestSync.
import { type RemoteSigningView, signRemoteRequestSync, verifyRequestSync } from '@jsskit/signer';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRemoteSigner,
  createTransport,
  InvalidRequestError,
  RemoteSigningError,
  RetriesExhaustedError,
} from './helpers/fixtures.ts';
import { CREDENTIALS, readRequest, recordingSleep, useTestServers } from './helpers/test-server.ts';

const { serve } = useTestServers(afterEach);

/** A JSS stand-in: 200 when the request's signature (header or URL) verifies, else 403. */
async function verifyingServer() {
  return serve(async (request, response, { record }) => {
    record(await readRequest(request));
    const [path, query] = (request.url ?? '/').split('?');
    const [, bucket, ...rest] = path?.split('/') ?? [];
    const result = verifyRequestSync(
      {
        method: request.method ?? 'GET',
        bucket,
        key: rest.length > 0 ? decodeURIComponent(rest.join('/')) : undefined,
        rawKey: rest.join('/'),
        query: query === undefined ? '' : `?${query}`,
        headers: request.headers,
      },
      { lookupSecret: () => CREDENTIALS.secretAccessKey },
    );
    response.writeHead(result.ok ? 200 : 403, { 'x-verified': result.ok ? result.via : result.code }).end();
  });
}

/** The app's signing endpoint: it signs what the policy allows (keys under `u1/` of bucket `b`). */
async function signingServer(answer?: (count: number) => number | undefined) {
  const asked: unknown[] = [];
  const server = await serve(async (request, response, { count, record }) => {
    const body = await readRequest(request);
    record(body);
    const status = answer?.(count);
    if (status !== undefined) return void response.writeHead(status).end('not now');
    const input: unknown = JSON.parse(body.toString('utf8'));
    asked.push(input);
    try {
      const signature = signRemoteRequestSync(input, {
        credentials: CREDENTIALS,
        allow: (view: RemoteSigningView) => view.bucket === 'bkt' && view.key?.startsWith('u1/') === true,
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(signature));
    } catch (error) {
      response.writeHead(403).end(`${(error as { code?: string }).code}: ${(error as Error).message}`);
    }
  });
  return { server, asked };
}

describe('remote signing', () => {
  for (const authentication of ['header', 'query'] as const) {
    it(`sends attempts signed by the signing server on its clock (${authentication}), from a client two hours off`, async () => {
      const jss = await verifyingServer();
      const { server, asked } = await signingServer();
      const transport = createTransport({
        endpoint: jss.endpoint,
        authentication,
        addressing: 'path',
        remoteSigner: createRemoteSigner({ url: `${server.endpoint}/sign` }),
        // The verifying server allows 15 minutes of skew: a signature made on this clock would be refused.
        now: () => Date.now() - 2 * 3_600_000,
      });
      const response = await transport.send({
        method: 'PUT',
        bucket: 'bkt',
        key: 'u1/a b.txt',
        query: [
          ['uploadId', 'U1'],
          ['partNumber', 2],
        ],
        headers: { 'content-md5': '0'.repeat(32), 'x-jss-meta-owner': 'u1' },
        body: 'part bytes',
      });
      expect(response.headers['x-verified']).toBe(authentication === 'header' ? 'header' : 'presigned-url');
      expect(asked).toEqual([
        expect.objectContaining({
          method: 'PUT',
          bucket: 'bkt',
          key: 'u1/a b.txt',
          query: 'uploadId=U1&partNumber=2',
          headers: { 'content-md5': '0'.repeat(32), 'x-jss-meta-owner': 'u1' },
          scheme: authentication,
        }),
      ]);
      const presigned = await transport.presign({
        method: 'GET',
        bucket: 'bkt',
        key: 'u1/a b.txt',
        expiresIn: 600,
      });
      const fetched = await fetch(presigned);
      expect(fetched.headers.get('x-verified')).toBe('presigned-url');
      await transport.close();
    });
  }

  it('does not retry a refusal, and nothing reaches the object store', async () => {
    const jss = await verifyingServer();
    const { server } = await signingServer();
    const transport = createTransport({
      endpoint: jss.endpoint,
      addressing: 'path',
      remoteSigner: createRemoteSigner({ url: `${server.endpoint}/sign` }),
      sleep: recordingSleep().sleep,
    });
    const error = await transport.send({ method: 'DELETE', bucket: 'bkt', key: 'u2/theirs' }).catch((e) => e);
    expect(RemoteSigningError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'TRANSPORT_REMOTE_SIGNING', status: 403, isRetryable: false });
    expect((error as Error).message).toContain('SIGNER_REFUSED');
    expect(server.seen).toHaveLength(1);
    expect(jss.seen).toHaveLength(0);
    await transport.close();
  });

  it('retries a signing server that is down or answers 503, like any attempt', async () => {
    const jss = await verifyingServer();
    const { server } = await signingServer((count) => (count <= 2 ? 503 : undefined));
    const { sleep } = recordingSleep();
    const transport = createTransport({
      endpoint: jss.endpoint,
      addressing: 'path',
      remoteSigner: createRemoteSigner({ url: `${server.endpoint}/sign` }),
      sleep,
    });
    const response = await transport.send({ method: 'PUT', bucket: 'bkt', key: 'u1/k', body: 'x' });
    expect(response.headers['x-verified']).toBe('header');
    // Two 503s, then the signature (counted at the server: a full-jitter wait may be 0 ms and not recorded).
    expect(server.seen).toHaveLength(3);

    const unreachable = createTransport({
      endpoint: jss.endpoint,
      addressing: 'path',
      remoteSigner: createRemoteSigner({ url: 'http://127.0.0.1:9/sign' }),
      retry: { maxAttempts: 3 },
      sleep,
    });
    const error = await unreachable
      .send({ method: 'PUT', bucket: 'bkt', key: 'u1/k', body: 'x' })
      .catch((e) => e);
    expect(RetriesExhaustedError.isInstance(error)).toBe(true);
    expect((error as RetriesExhaustedError).lastError).toMatchObject({
      status: undefined,
      isRetryable: true,
    });
    await transport.close();
    await unreachable.close();
  });

  it('takes either credentials or a remote signer', () => {
    const endpoint = 'http://127.0.0.1:9';
    const remoteSigner = createRemoteSigner({ url: `${endpoint}/sign` });
    expect(() => createTransport({ endpoint })).toThrow(InvalidRequestError);
    expect(() => createTransport({ endpoint, credentials: CREDENTIALS, remoteSigner })).toThrow(
      /either credentials or a remoteSigner/,
    );
  });
});

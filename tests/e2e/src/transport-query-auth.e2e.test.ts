// Query-string authentication (protocol §3.5) for every request, which is what the transport does where a
// script cannot set the Date header (browsers): a whole multipart upload, HEAD, GET and DELETE against the
// local server, with no Date or Authorization header on the wire, and a server clock that runs ahead.
import { randomBytes } from 'node:crypto';
import { type AdapterRequest, createTransport, type Transport } from '@jsskit/http-transport';
import { createNodeAdapter } from '@jsskit/http-transport/node';
import { uploadObject } from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
const HOUR = 3_600_000;
let fixture: LocalFixture;

beforeAll(async () => {
  fixture = await startLocalFixture({ name: 'query-auth', bucket: 'query' });
});

afterAll(() => fixture.close());

/** A transport that signs in the URL, and what its (real) Node adapter was given to send. */
function queryTransport(): { transport: Transport; sent: AdapterRequest[] } {
  const sent: AdapterRequest[] = [];
  const adapter = createNodeAdapter();
  const transport = createTransport({
    endpoint: fixture.server.endpoint,
    credentials: fixture.server.credentials[0] as (typeof fixture.server.credentials)[0],
    authentication: 'query',
    adapter: {
      send: (request) => {
        sent.push(request);
        return adapter.send(request);
      },
      close: () => adapter.close?.(),
    },
  });
  return { transport, sent };
}

describe('transport signing in the query', () => {
  it('runs a whole multipart upload, HEAD, GET and DELETE with no Date or Authorization header', async () => {
    const { transport, sent } = queryTransport();
    const data = randomBytes(2 * MiB + 99);
    const result = await uploadObject({
      transport,
      bucket: 'query',
      key: 'dir/ä b.bin',
      source: data,
      partSize: MiB,
    });
    expect(result.parts).toBe(3);
    const head = await transport.send({ method: 'HEAD', bucket: 'query', key: 'dir/ä b.bin' });
    expect(head.headers.etag).toBe(`"${result.etag}"`);
    const got = await transport.send({ method: 'GET', bucket: 'query', key: 'dir/ä b.bin' });
    expect(Buffer.from(got.body).equals(data)).toBe(true);
    await transport.send({ method: 'DELETE', bucket: 'query', key: 'dir/ä b.bin' });
    // Initiate, three parts, Complete, HEAD, GET, DELETE: each signed in its URL.
    expect(sent.map((request) => request.method)).toEqual([
      'POST',
      'PUT',
      'PUT',
      'PUT',
      'POST',
      'HEAD',
      'GET',
      'DELETE',
    ]);
    for (const request of sent) {
      const query = new URL(request.url).searchParams;
      expect([query.has('Expires'), query.has('AccessKey'), query.has('Signature')]).toEqual([
        true,
        true,
        true,
      ]);
      expect(Object.keys(request.headers).filter((name) => /^(date|authorization)$/i.test(name))).toEqual([]);
    }
    await transport.close();
  });

  it('learns a server clock that runs ahead from its ExpiredToken answer, once', async () => {
    const { transport, sent } = queryTransport();
    fixture.server.faults.shiftClock(2 * HOUR);
    try {
      const listing = await transport.send({ method: 'GET', bucket: 'query' });
      expect(listing.json()).toMatchObject({ Name: 'query' });
      expect(sent).toHaveLength(2);
      expect(Math.abs(transport.clockOffsetMs - 2 * HOUR)).toBeLessThan(5_000);
      await transport.send({ method: 'GET', bucket: 'query' });
      expect(sent).toHaveLength(3);
    } finally {
      fixture.server.faults.shiftClock(-2 * HOUR);
    }
    await transport.close();
  });
});

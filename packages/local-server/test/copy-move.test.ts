// Server-side copy and move ([UNSPEC] protocol §13, docs/adr/0019): `PUT /b/dst` with `x-jss-copy-source` or
// `x-jss-move-source: /b/src`, as a docker-registry storage driver sends them. The empty request body is never
// stored over the destination.
import { signRequestSync } from '@jsskit/signer';
import { computeMultipartETag } from '@jsskit/wire-types';
import { describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS } from './helpers/jss-client.ts';
import { rawExchange, signedHead } from './helpers/raw-http.ts';
import {
  complete,
  createServerFixture,
  initiate,
  type ServerFixture,
  uploadPart,
} from './helpers/server-fixture.ts';

function copyTo(
  fixture: ServerFixture,
  key: string,
  headers: Record<string, string>,
  target: { bucket?: string; body?: string } = {},
) {
  return fixture.call({
    method: 'PUT',
    bucket: target.bucket ?? fixture.bucket,
    key,
    headers,
    body: target.body ?? '',
  });
}

async function read(fixture: ServerFixture, key: string, bucket = fixture.bucket) {
  const response = await fixture.call({ method: 'GET', bucket, key });
  return { status: response.status, body: response.body.toString(), headers: response.headers };
}

describe('putObject with x-jss-copy-source', () => {
  it('copies data, Content-Type and ETag server-side, answers 200 with the ETag, and keeps the source', async () => {
    await using fixture = await createServerFixture();
    const put = await fixture.call({
      method: 'PUT',
      bucket: fixture.bucket,
      key: 'src',
      headers: { 'Content-Type': 'text/plain' },
      body: 'source bytes',
    });

    const copied = await copyTo(fixture, 'dst', { 'x-jss-copy-source': `/${fixture.bucket}/src` });

    expect(copied.status).toBe(200);
    expect(copied.headers.etag).toBe(put.headers.etag);
    const target = await read(fixture, 'dst');
    expect(target.body).toBe('source bytes');
    expect(target.headers['content-type']).toBe('text/plain');
    expect(target.headers.etag).toBe(put.headers.etag);
    expect((await read(fixture, 'src')).body).toBe('source bytes');
  });

  it('answers NoSuchKey for a missing source or source bucket, and leaves the destination untouched', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'dst', body: 'keep me' });
    const sources = [
      { 'x-jss-copy-source': `/${fixture.bucket}/missing` },
      { 'x-jss-move-source': `/${fixture.bucket}/missing` },
      { 'x-jss-copy-source': '/no-such-bucket/src' },
    ];

    for (const headers of sources) {
      const response = await copyTo(fixture, 'dst', headers);
      expect(response.status).toBe(404);
      expect(response.json().code).toBe('NoSuchKey');
    }

    expect((await read(fixture, 'dst')).body).toBe('keep me');
  });

  it('copies a multipart object across buckets with its multipart ETag, and the copy outlives its source', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: 'other-bucket' });
    const uploadId = await initiate(fixture, 'big');
    const first = await uploadPart(fixture, { key: 'big', uploadId, partNumber: 1, body: 'part one;' });
    const second = await uploadPart(fixture, { key: 'big', uploadId, partNumber: 2, body: 'part two' });
    const parts = [
      { PartNumber: 1, ETag: first },
      { PartNumber: 2, ETag: second },
    ];
    await complete(fixture, { key: 'big', uploadId, parts });

    const copied = await copyTo(
      fixture,
      'copy',
      { 'x-jss-copy-source': `/${fixture.bucket}/big` },
      { bucket: 'other-bucket' },
    );
    await fixture.call({ method: 'DELETE', bucket: fixture.bucket, key: 'big' });

    expect(copied.headers.etag).toBe(`"${computeMultipartETag([first, second])}"`);
    expect((await read(fixture, 'copy', 'other-bucket')).body).toBe('part one;part two');
  });

  it('takes the source key literally: a percent sign is part of the key, not an escape', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'a%20b', body: 'percent' });
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'a b', body: 'space' });

    await copyTo(fixture, 'dst', { 'x-jss-copy-source': `/${fixture.bucket}/a%20b` });

    expect((await read(fixture, 'dst')).body).toBe('percent');
  });

  it('reads the source key from the UTF-8 bytes of the header, as clients send it unencoded', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'ключ.txt', body: 'unicode' });
    // Node writes header strings as Latin-1: these characters go out as the key's UTF-8 bytes.
    const source = Buffer.from(`/${fixture.bucket}/ключ.txt`, 'utf8').toString('latin1');

    await copyTo(fixture, 'dst', { 'x-jss-copy-source': source });

    expect((await read(fixture, 'dst')).body).toBe('unicode');
  });

  it('verifies a copy source signed as UTF-8 text, as clients sign it, though Node reads it as Latin-1', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'ключ.txt', body: 'unicode' });
    const source = `/${fixture.bucket}/ключ.txt`;
    const request = { method: 'PUT', bucket: fixture.bucket, key: 'dst', headers: { 'Content-Length': '0' } };
    // The signature covers the text; the header goes out as its UTF-8 bytes (Latin-1 to Node's writer).
    const signed = signRequestSync(
      { ...request, headers: { ...request.headers, 'x-jss-copy-source': source } },
      { credentials: TEST_CREDENTIALS },
    );
    const wire = Buffer.from(source, 'utf8').toString('latin1');
    const headers = { ...request.headers, 'x-jss-copy-source': wire, ...signed };

    const response = await fixture.call({ ...request, headers, credentials: null });

    expect(response.status).toBe(200);
    expect((await read(fixture, 'dst')).body).toBe('unicode');
  });

  it('refuses a copy that carries a body, and stores nothing', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'src', body: 'source' });

    const response = await copyTo(
      fixture,
      'dst',
      { 'x-jss-copy-source': `/${fixture.bucket}/src` },
      { body: 'a body' },
    );

    expect(response.status).toBe(400);
    expect(response.json().code).toBe('InvalidArgument');
    expect((await read(fixture, 'dst')).status).toBe(404);
  });

  it('takes an empty chunked body with a copy header, and refuses a chunked body with bytes in it', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'src', body: 'source' });
    const chunked = (key: string, body: string) => [
      signedHead({
        method: 'PUT',
        bucket: fixture.bucket,
        key,
        headers: { 'Transfer-Encoding': 'chunked', 'x-jss-copy-source': `/${fixture.bucket}/src` },
      }),
      body,
    ];

    const empty = await rawExchange(fixture.server.endpoint, chunked('empty', '0\r\n\r\n'));
    const full = await rawExchange(fixture.server.endpoint, chunked('full', '4\r\nbody\r\n0\r\n\r\n'));

    expect(empty?.status).toBe(200);
    expect((await read(fixture, 'empty')).body).toBe('source');
    expect(JSON.parse(full?.body ?? '{}').code).toBe('InvalidArgument');
    expect((await read(fixture, 'full')).status).toBe(404);
  });

  it.each([
    ['a malformed source', { 'x-jss-copy-source': 'src' }],
    ['both a copy and a move source', { 'x-jss-copy-source': '/b/src', 'x-jss-move-source': '/b/src' }],
    ['a conditional copy', { 'x-jss-copy-source': '/b/src', 'x-jss-copy-source-if-match': '"abc"' }],
    [
      'a metadata directive other than COPY',
      { 'x-jss-copy-source': '/b/src', 'x-jss-metadata-directive': 'REPLACE' },
    ],
  ])('answers InvalidArgument to %s, storing nothing', async (_name, headers) => {
    await using fixture = await createServerFixture();

    const response = await copyTo(fixture, 'dst', headers);

    expect(response.json().code).toBe('InvalidArgument');
    expect((await read(fixture, 'dst')).status).toBe(404);
  });

  it('refuses a copy-source header that was not signed, storing nothing', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'src', body: 'source' });
    const head = signedHead({
      method: 'PUT',
      bucket: fixture.bucket,
      key: 'dst',
      headers: { 'Content-Length': '0' },
    });
    const unsigned = head.replace(/\r\n\r\n$/, `\r\nx-jss-copy-source: /${fixture.bucket}/src\r\n\r\n`);

    const response = await rawExchange(fixture.server.endpoint, [unsigned]);

    expect(response?.status).toBe(403);
    expect(JSON.parse(response?.body ?? '{}').code).toBe('SignatureDoesNotMatch');
    expect((await read(fixture, 'dst')).status).toBe(404);
  });
});

describe('putObject with x-jss-move-source', () => {
  it('moves: the destination gets the bytes and attributes, and the source is gone', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({
      method: 'PUT',
      bucket: fixture.bucket,
      key: 'blobs/upload',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: 'layer bytes',
    });

    const moved = await copyTo(fixture, 'blobs/sha256', {
      'x-jss-move-source': `/${fixture.bucket}/blobs/upload`,
    });

    expect(moved.status).toBe(200);
    expect((await read(fixture, 'blobs/sha256')).body).toBe('layer bytes');
    expect((await read(fixture, 'blobs/upload')).status).toBe(404);
  });

  it('keeps an object moved or copied onto itself', async () => {
    await using fixture = await createServerFixture();
    const put = await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'k', body: 'stays' });

    for (const name of ['x-jss-move-source', 'x-jss-copy-source']) {
      const response = await copyTo(fixture, 'k', { [name]: `/${fixture.bucket}/k` });
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe(put.headers.etag);
    }

    expect((await read(fixture, 'k')).body).toBe('stays');
  });
});

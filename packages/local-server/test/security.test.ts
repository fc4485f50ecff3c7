import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeKey, presignUrlSync, signRequestSync } from '@jsskit/signer';
import { describe, expect, it } from 'vitest';
import { LocalServerError, type RequestLogEntry, startLocalServer } from '../src/index.ts';
import { send, TEST_CREDENTIALS } from './helpers/jss-client.ts';
import { rawExchange } from './helpers/raw-http.ts';
import { createServerFixture } from './helpers/server-fixture.ts';

const HOSTILE_KEYS = [
  '../../escape.txt',
  '..\\..\\escape.txt',
  'a/../../../b',
  '/leading/slash',
  '%2e%2e/%2e%2e/x',
  'nul\u0000byte',
  '....//....//x',
  'dir/./x',
  '中文/../../x',
  ' spaces and + plus ',
];

describe('keys cannot place files outside the data directory', () => {
  it('stores, lists and reads back hostile keys, creating nothing outside the data directory', async () => {
    const sandbox = await mkdtemp(join(tmpdir(), 'jss-sandbox-'));
    await using fixture = await createServerFixture({ dataDir: join(sandbox, 'data') });
    for (const key of HOSTILE_KEYS) {
      expect(
        (await fixture.call({ method: 'PUT', bucket: fixture.bucket, key, body: `content of ${key}` }))
          .status,
      ).toBe(200);
    }
    for (const key of HOSTILE_KEYS) {
      expect((await fixture.call({ method: 'GET', bucket: fixture.bucket, key })).body.toString()).toBe(
        `content of ${key}`,
      );
    }
    const listed = (await fixture.call({ method: 'GET', bucket: fixture.bucket })).json().Contents as Array<{
      Key: string;
    }>;
    expect(listed.map((item) => item.Key).sort()).toEqual([...HOSTILE_KEYS].sort());
    expect(await readdir(sandbox)).toEqual(['data']);
    expect((await readdir(join(sandbox, 'data'))).sort()).toEqual([
      'blobs',
      'buckets',
      'format.json',
      'lock.json',
      'objects',
      'tmp',
      'uploads',
    ]);
  });

  it('treats dot segments in the raw request path as part of the key', async () => {
    const sandbox = await mkdtemp(join(tmpdir(), 'jss-sandbox-'));
    await using fixture = await createServerFixture({ dataDir: join(sandbox, 'data') });
    const key = '../../../outside';
    const headers = {
      'Content-Length': '3',
      ...signRequestSync(
        { method: 'PUT', bucket: fixture.bucket, key, headers: { 'Content-Length': '3' } },
        { credentials: TEST_CREDENTIALS },
      ),
    };
    const head = `PUT /${fixture.bucket}/${key} HTTP/1.1\r\nHost: 127.0.0.1\r\n${Object.entries(headers)
      .map(([n, v]) => `${n}: ${v}`)
      .join('\r\n')}\r\n\r\nabc`;
    expect((await rawExchange(fixture.server.endpoint, [head]))?.status).toBe(200);
    expect((await fixture.call({ method: 'GET', bucket: fixture.bucket, key })).body.toString()).toBe('abc');
    expect(await readdir(sandbox)).toEqual(['data']);
  });

  it('refuses bucket names that could be paths', async () => {
    await using fixture = await createServerFixture();
    for (const bucket of ['..', '../x', 'a%2Fb', 'UPPER']) {
      expect((await fixture.call({ method: 'PUT', bucket })).status).toBeGreaterThanOrEqual(400);
    }
    expect(((await fixture.call({ method: 'GET' })).json().Buckets as unknown[]).length).toBe(1);
  });
});

describe('authentication', () => {
  it('refuses a request whose signed parts were changed after signing', async () => {
    await using fixture = await createServerFixture();
    const signedFor = signRequestSync(
      { method: 'PUT', bucket: fixture.bucket, key: 'a', headers: { 'x-jss-storage-class': 'STANDARD' } },
      { credentials: TEST_CREDENTIALS },
    );
    const tampered = [
      { key: 'b', storage: 'STANDARD' },
      { key: 'a', storage: 'REDUCED_REDUNDANCY' },
    ];
    for (const change of tampered) {
      const response = await fixture.call({
        method: 'PUT',
        bucket: fixture.bucket,
        key: change.key,
        body: 'x',
        credentials: null,
        headers: { ...signedFor, 'x-jss-storage-class': change.storage },
      });
      expect(response.json().code).toBe('SignatureDoesNotMatch');
    }
  });

  it('serves a valid presigned GET and PUT, and refuses them once expired', async () => {
    await using fixture = await createServerFixture();
    const presign = (method: string, key: string, now: Date) =>
      new URL(
        presignUrlSync(
          {
            method,
            url: `${fixture.server.endpoint}/${fixture.bucket}/${encodeKey(key)}`,
            bucket: fixture.bucket,
            key,
          },
          { credentials: TEST_CREDENTIALS, expiresIn: 60, now },
        ),
      ).search.slice(1);
    const put = await fixture.call({
      method: 'PUT',
      bucket: fixture.bucket,
      key: 'up load',
      body: 'from a browser',
      credentials: null,
      query: presign('PUT', 'up load', new Date()),
    });
    expect(put.status).toBe(200);
    const get = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      key: 'up load',
      credentials: null,
      query: presign('GET', 'up load', new Date()),
    });
    expect(get.body.toString()).toBe('from a browser');
    const expired = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      key: 'up load',
      credentials: null,
      query: presign('GET', 'up load', new Date(Date.now() - 120_000)),
    });
    expect(expired.json().code).toBe('ExpiredToken');
  });

  it('checks the skew against its own (shifted) clock', async () => {
    await using fixture = await createServerFixture();
    fixture.server.faults.shiftClock(16 * 60 * 1000);
    const skewed = await fixture.call({ method: 'GET', bucket: fixture.bucket });
    expect(skewed.json().code).toBe('RequestTimeTooSkewed');
    expect(Date.parse(String(skewed.headers.date)) - Date.now()).toBeGreaterThan(15 * 60 * 1000);
    fixture.server.faults.shiftClock(-16 * 60 * 1000);
    expect((await fixture.call({ method: 'GET', bucket: fixture.bucket })).status).toBe(200);
  });

  it('accepts only the configured credentials', async () => {
    const credentials = { accessKeyId: 'MYKEY', secretAccessKey: 'my-secret' };
    await using server = await startLocalServer({ credentials });
    expect((await send(server.endpoint, { method: 'GET', credentials })).status).toBe(200);
    expect((await send(server.endpoint, { method: 'GET' })).json().code).toBe('InvalidAccessKeyId');
  });

  it('refuses to listen on a non-loopback address with the public example credentials', async () => {
    const error = await startLocalServer({ host: '0.0.0.0' }).catch((caught: unknown) => caught);
    expect(LocalServerError.isInstance(error) && error.code).toBe('LOCAL_SERVER_INSECURE_BIND');
  });

  it('keeps secrets and signatures out of the request log and error bodies', async () => {
    const log: RequestLogEntry[] = [];
    await using fixture = await createServerFixture({ log: (entry) => log.push(entry) });
    const query = new URL(
      presignUrlSync(
        {
          method: 'GET',
          url: `${fixture.server.endpoint}/${fixture.bucket}/k`,
          bucket: fixture.bucket,
          key: 'k',
        },
        { credentials: TEST_CREDENTIALS },
      ),
    ).search.slice(1);
    const responses = [
      await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'k', credentials: null, query }),
      await fixture.call({
        method: 'GET',
        bucket: fixture.bucket,
        credentials: { ...TEST_CREDENTIALS, secretAccessKey: 'wrong' },
      }),
    ];
    const text = JSON.stringify(log) + responses.map((response) => response.body.toString()).join('');
    expect(text).not.toContain(TEST_CREDENTIALS.secretAccessKey);
    expect(text).not.toContain('Signature=');
    expect(text).not.toContain(new URLSearchParams(query).get('Signature'));
  });
});

describe('addressing (protocol §1, §13)', () => {
  it('serves virtual-host style requests on <bucket>.localhost', async () => {
    await using fixture = await createServerFixture();
    const host = `${fixture.bucket}.localhost:${fixture.server.port}`;
    expect(
      (await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'v/h.txt', host, body: 'virtual' }))
        .status,
    ).toBe(200);
    expect(
      (await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'v/h.txt' })).body.toString(),
    ).toBe('virtual');
    const listed = await fixture.call({ method: 'GET', bucket: fixture.bucket, host });
    expect(listed.json().Name).toBe(fixture.bucket);
  });

  it('accepts uploads=, the alphabetical sub-resource order and unsigned extra parameters', async () => {
    await using fixture = await createServerFixture();
    const initiated = await fixture.call({
      method: 'POST',
      bucket: fixture.bucket,
      key: 'k',
      query: 'uploads=',
    });
    expect(initiated.status).toBe(200);
    const uploadId = String(initiated.json().UploadId);
    const part = await fixture.call({
      method: 'PUT',
      bucket: fixture.bucket,
      key: 'k',
      query: `partNumber=1&uploadId=${uploadId}`,
      body: 'x',
    });
    expect(part.status).toBe(200);
    const listed = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      key: 'k',
      query: `uploadId=${uploadId}&max-parts=1000&part-number-marker=0`,
    });
    expect(listed.status).toBe(200);
    const objects = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      query: 'prefix=&marker=&delimiter=',
    });
    expect(objects.status).toBe(200);
  });

  it('never reads + in a path as a space', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'a+b', body: 'plus' });
    expect((await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'a b' })).status).toBe(404);
    expect((await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'a+b' })).body.toString()).toBe(
      'plus',
    );
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { send } from './helpers/jss-client.ts';
import { complete, createServerFixture, initiate, uploadPart } from './helpers/server-fixture.ts';

describe('fault injection', () => {
  it('fails the Nth matching request with a status, a code and Retry-After, then recovers', async () => {
    await using fixture = await createServerFixture();
    const fault = fixture.server.faults.add({
      operation: 'UploadPart',
      nth: 2,
      action: { type: 'error', status: 503, code: 'SlowDown', retryAfterSeconds: 2 },
    });
    const uploadId = await initiate(fixture, 'k');
    const statuses = [];
    for (const partNumber of [1, 2, 3]) {
      const response = await fixture.call({
        method: 'PUT',
        bucket: fixture.bucket,
        key: 'k',
        query: `uploadId=${uploadId}&partNumber=${partNumber}`,
        body: 'x',
      });
      statuses.push([
        response.status,
        response.headers['retry-after'],
        response.status === 200 ? undefined : response.json().code,
      ]);
    }
    expect(statuses).toEqual([
      [200, undefined, undefined],
      [503, '2', 'SlowDown'],
      [200, undefined, undefined],
    ]);
    expect([fault.matched, fault.hits]).toEqual([3, 1]);
    const listed = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      key: 'k',
      query: `uploadId=${uploadId}`,
    });
    expect((listed.json().Part as Array<{ PartNumber: number }>).map((part) => part.PartNumber)).toEqual([
      1, 3,
    ]);
  });

  it('matches by method and key pattern, for a number of times', async () => {
    await using fixture = await createServerFixture();
    fixture.server.faults.add({
      method: 'GET',
      key: /^logs\//,
      times: 2,
      action: { type: 'error', status: 500, code: 'InternalError' },
    });
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'logs/a', body: 'x' });
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'data/a', body: 'x' });
    const statuses = [];
    for (const key of ['data/a', 'logs/a', 'logs/a', 'logs/a'])
      statuses.push((await fixture.call({ method: 'GET', bucket: fixture.bucket, key })).status);
    expect(statuses).toEqual([200, 500, 500, 200]);
  });

  it('resets the connection after K body bytes and stores nothing', async () => {
    await using fixture = await createServerFixture();
    fixture.server.faults.add({ operation: 'PutObject', action: { type: 'reset', afterBodyBytes: 100_000 } });
    const error = await fixture
      .call({ method: 'PUT', bucket: fixture.bucket, key: 'k', body: randomBytes(1024 * 1024) })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: expect.stringMatching(/ECONNRESET|EPIPE/) });
    expect((await fixture.call({ method: 'HEAD', bucket: fixture.bucket, key: 'k' })).status).toBe(404);
    expect(await readdir(join(fixture.server.dataDir, 'tmp'))).toEqual([]);
  });

  it('resets the connection at once when no byte count is given', async () => {
    await using fixture = await createServerFixture();
    fixture.server.faults.add({ operation: 'ListBuckets', action: { type: 'reset' } });
    await expect(fixture.call({ method: 'GET' })).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await fixture.call({ method: 'GET' })).status).toBe(200);
  });

  it('stalls before the response and during it', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'k', body: 'stalled body' });
    for (const phase of ['before-response', 'during-response'] as const) {
      fixture.server.faults.add({ operation: 'GetObject', action: { type: 'stall', ms: 300, phase } });
      const started = performance.now();
      const response = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'k' });
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(response.body.toString()).toBe('stalled body');
    }
  });

  it('throttles only while more matching requests than the limit are in progress', async () => {
    await using fixture = await createServerFixture();
    const throttle = fixture.server.faults.add({
      method: 'PUT',
      times: Number.POSITIVE_INFINITY,
      whenInFlightAbove: 2,
      action: { type: 'error', status: 503, code: 'SlowDown' },
    });
    const stall = fixture.server.faults.add({
      method: 'PUT',
      times: Number.POSITIVE_INFINITY,
      action: { type: 'stall', ms: 400 },
    });
    const put = (key: string) =>
      fixture.call({ method: 'PUT', bucket: fixture.bucket, key, body: key }).then((r) => r.status);
    const statuses = await Promise.all(['a', 'b', 'c', 'd'].map(put));
    expect(statuses.sort()).toEqual([200, 200, 503, 503]);
    expect(await put('e')).toBe(200);
    expect([throttle.matched, throttle.hits, stall.hits]).toEqual([5, 2, 3]);
  });

  it('reads a body slowly for a slow-body fault, and stores it whole', async () => {
    await using fixture = await createServerFixture();
    fixture.server.faults.add({ method: 'PUT', action: { type: 'slow-body', bytesPerSecond: 100_000 } });
    const body = randomBytes(30_000);
    const started = performance.now();
    const response = await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'slow', body });
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    const stored = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'slow' });
    expect(stored.body.equals(body)).toBe(true);
  });

  it('damages a body on its way in: BadDigest against Content-MD5, or stored damaged when unchecked', async () => {
    await using fixture = await createServerFixture();
    const body = randomBytes(200_000);
    const md5 = createHash('md5').update(body).digest('hex');
    const damaged = Buffer.from(body);
    damaged[150_000] = (damaged[150_000] ?? 0) ^ 1;
    const put = (key: string) =>
      fixture.call({ method: 'PUT', bucket: fixture.bucket, key, body, headers: { 'content-md5': md5 } });
    fixture.server.faults.add({ method: 'PUT', action: { type: 'corrupt-body', atByte: 150_000 } });
    const refused = await put('checked');
    expect([refused.status, refused.json().code]).toEqual([400, 'BadDigest']);
    expect((await fixture.call({ method: 'HEAD', bucket: fixture.bucket, key: 'checked' })).status).toBe(404);

    fixture.server.faults.add({
      method: 'PUT',
      action: { type: 'corrupt-body', atByte: 150_000, unchecked: true },
    });
    const stored = await put('unchecked');
    expect(stored.status).toBe(200);
    expect(stored.headers.etag).toBe(`"${createHash('md5').update(damaged).digest('hex')}"`);
    const read = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'unchecked' });
    expect(read.body.equals(damaged)).toBe(true);
    expect((await put('healthy')).status).toBe(200);
    expect(await readdir(join(fixture.server.dataDir, 'tmp'))).toEqual([]);
  });

  it('commits a Complete and drops its response', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    const etag = await uploadPart(fixture, { key: 'k', uploadId, partNumber: 1, body: 'committed' });
    fixture.server.faults.add({ operation: 'CompleteMultipartUpload', action: { type: 'drop-response' } });
    await expect(
      complete(fixture, { key: 'k', uploadId, parts: [{ PartNumber: 1, ETag: etag }] }),
    ).rejects.toMatchObject({
      code: 'ECONNRESET',
    });
    const object = await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'k' });
    expect(object.body.toString()).toBe('committed');
    const retry = await complete(fixture, { key: 'k', uploadId, parts: [{ PartNumber: 1, ETag: etag }] });
    expect(retry.json().code).toBe('NoSuchUpload');
  });

  it('is installed from the options and cleared at runtime', async () => {
    await using fixture = await createServerFixture({
      faults: [
        {
          operation: 'ListBuckets',
          times: Number.POSITIVE_INFINITY,
          action: { type: 'error', status: 503, code: 'ServiceUnavailable' },
        },
      ],
    });
    expect((await send(fixture.server.endpoint, { method: 'GET' })).status).toBe(503);
    fixture.server.faults.clear();
    expect((await send(fixture.server.endpoint, { method: 'GET' })).status).toBe(200);
  });
});

import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AttemptResult, createRateLimit, ServiceError } from '@jsskit/http-transport';
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/index.ts';
import { createClientFixture } from './helpers/client-fixture.ts';

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const refuseToHash = (): string => {
  throw new Error('hashed although contentMd5 was given');
};

describe('request hooks and a given Content-MD5', () => {
  it("sends a part and an object with the caller's MD5, unhashed, and reports progress and attempts", async () => {
    await using fixture = await createClientFixture();
    const { bucket } = fixture;
    const client = createClient({ transport: fixture.client.transport, md5Hex: refuseToHash });
    const body = new Uint8Array(2 * 1024 * 1024).fill(7);
    const sent: number[] = [];
    const attempts: AttemptResult[] = [];
    const limit = createRateLimit({ bytesPerSecond: 1024 ** 3 });
    const taken: number[] = [];
    const rateLimit = {
      ...limit,
      take: (bytes: number, signal?: AbortSignal) => {
        taken.push(bytes);
        return limit.take(bytes, signal);
      },
    };
    const request = {
      onUploadProgress: (delta: number) => sent.push(delta),
      admission: { afterAttempt: (result: AttemptResult) => void attempts.push(result) },
      rateLimit,
      expectContinue: true,
      timeouts: { headersMs: 60_000 },
    };
    const { uploadId } = await client.initiateMultipartUpload({ bucket, key: 'part', request });
    const part = await client.uploadPart({
      bucket,
      key: 'part',
      uploadId,
      partNumber: 1,
      body,
      contentMd5: md5(body),
      request,
    });
    expect(part.etag).toBe(md5(body));
    expect(sent.reduce((sum, delta) => sum + delta, 0)).toBe(body.byteLength);
    expect(taken.reduce((sum, bytes) => sum + bytes, 0)).toBeGreaterThanOrEqual(body.byteLength);
    expect(attempts.map((attempt) => attempt.willRetry)).toEqual([false, false]);
    await client.completeMultipartUpload({
      bucket,
      key: 'part',
      uploadId,
      parts: [{ partNumber: 1, etag: part.etag }],
      request,
    });

    sent.length = 0;
    const put = await client.putObject({ bucket, key: 'whole', body, contentMd5: md5(body), request });
    expect(put.etag).toBe(md5(body));
    expect(sent.reduce((sum, delta) => sum + delta, 0)).toBe(body.byteLength);
  });

  it('sends a wrong given MD5 as it is: the server refuses the bytes', async () => {
    await using fixture = await createClientFixture();
    const { client, bucket } = fixture;
    const error = await client
      .putObject({ bucket, key: 'k', body: 'hello', contentMd5: '0'.repeat(32) })
      .catch((caught: unknown) => caught);
    expect(ServiceError.isInstance(error) && error.serviceCode).toBe('BadDigest');
  });

  it('lets a request that is not retried by default be retried, and one that is, not', async () => {
    let requests = 0;
    const server = createServer((request, response) => {
      requests++;
      request.resume();
      request.on('end', () => response.writeHead(500, { 'content-length': '0' }).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = createClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: { accessKeyId: 'ak', secretAccessKey: 'sk' },
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    });
    try {
      await client
        .initiateMultipartUpload({ bucket: 'bucket', key: 'k', request: { retryable: false } })
        .catch(() => undefined);
      expect(requests).toBe(1);
      requests = 0;
      await client
        .putObject({ bucket: 'bucket', key: 'k', body: 'x', request: { retryable: false } })
        .catch(() => undefined);
      expect(requests).toBe(1);
    } finally {
      await client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

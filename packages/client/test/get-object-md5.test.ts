import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startLocalServer } from '@jsskit/local-server';
import { describe, expect, it } from 'vitest';
import { ClientError, createClient } from '../src/index.ts';
import { startCorruptingProxy } from './helpers/corrupting-proxy.ts';

const OBJECT = randomBytes(3 * 1024 * 1024 + 17);
const OBJECT_MD5 = createHash('md5').update(OBJECT).digest('hex');

async function readBytes(stream: ReadableStream<Uint8Array>): Promise<{ bytes: number; error: unknown }> {
  const reader = stream.getReader();
  let bytes = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.length;
  } catch (error) {
    return { bytes, error };
  }
  return { bytes, error: undefined };
}

/** A local server holding `big` (a single PUT) and `parts` (uploaded in two parts), and a client for it. */
async function startServerWithObjects() {
  const server = await startLocalServer();
  const credentials = server.credentials[0];
  const client = createClient({ endpoint: server.endpoint, credentials });
  const bucket = 'checks';
  await client.createBucket({ bucket });
  await client.putObject({ bucket, key: 'big', body: OBJECT });
  await client.putObject({ bucket, key: 'empty', body: new Uint8Array(0) });
  const { uploadId } = await client.initiateMultipartUpload({ bucket, key: 'parts' });
  const halves = [OBJECT.subarray(0, 1024), OBJECT.subarray(1024, 2048)];
  const parts = await Promise.all(
    halves.map(async (body, index) => {
      const { etag } = await client.uploadPart({
        bucket,
        key: 'parts',
        uploadId,
        partNumber: index + 1,
        body,
      });
      return { partNumber: index + 1, etag };
    }),
  );
  await client.completeMultipartUpload({ bucket, key: 'parts', uploadId, parts });
  return {
    server,
    client,
    bucket,
    credentials,
    async [Symbol.asyncDispose]() {
      await client.close();
      await server.close();
    },
  };
}

/** A server whose GET answers `hello` with an S3-style multipart ETag, counting requests. */
async function startDashETagServer() {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response
      .writeHead(200, { etag: '"5d41402abc4b2a76b9719d911017c592-2"', 'content-length': '5' })
      .end('hello');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = createClient({
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'ak', secretAccessKey: 'sk' },
  });
  return {
    client,
    requests: () => requests,
    async [Symbol.asyncDispose]() {
      await client.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('getObject with checkMd5', () => {
  it('reads a whole object whose bytes match its ETag, and an empty one', async () => {
    await using objects = await startServerWithObjects();
    const { client, bucket } = objects;
    const result = await client.getObject({ bucket, key: 'big', checkMd5: true });
    expect(result.etag).toBe(OBJECT_MD5);
    expect(await readBytes(result.body)).toEqual({ bytes: OBJECT.length, error: undefined });
    const empty = await client.getObject({ bucket, key: 'empty', checkMd5: true });
    expect(await readBytes(empty.body)).toEqual({ bytes: 0, error: undefined });
  });

  it('errors the web stream at its end when a byte was damaged on the wire', async () => {
    await using objects = await startServerWithObjects();
    await using proxy = await startCorruptingProxy(objects.server.endpoint, 1_000_000);
    const client = createClient({ endpoint: proxy.endpoint, credentials: objects.credentials });
    const result = await client.getObject({ bucket: objects.bucket, key: 'big', checkMd5: true });
    const { bytes, error } = await readBytes(result.body);
    await client.close();
    expect(proxy.corrupted()).toBe(1);
    expect(bytes).toBe(OBJECT.length);
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_CHECKSUM_MISMATCH');
    expect(String((error as Error).message)).toMatch(new RegExp(`^GetObject: .*ETag is ${OBJECT_MD5}`));
  });

  it('fails a Node Readable made with Readable.fromWeb the same way', async () => {
    await using objects = await startServerWithObjects();
    await using proxy = await startCorruptingProxy(objects.server.endpoint, 5);
    const client = createClient({ endpoint: proxy.endpoint, credentials: objects.credentials });
    const result = await client.getObject({ bucket: objects.bucket, key: 'big', checkMd5: true });
    const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const error = await pipeline(Readable.fromWeb(result.body as never), sink).catch((caught) => caught);
    await client.close();
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_CHECKSUM_MISMATCH');
  });

  it('fails on an object uploaded in parts, whose JSS ETag is not the MD5 of its bytes', async () => {
    await using objects = await startServerWithObjects();
    const result = await objects.client.getObject({ bucket: objects.bucket, key: 'parts', checkMd5: true });
    const { bytes, error } = await readBytes(result.body);
    expect(bytes).toBe(2048);
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_CHECKSUM_MISMATCH');
  });

  it('refuses checkMd5 with a range before sending', async () => {
    await using server = await startDashETagServer();
    const error = await server.client
      .getObject({ bucket: 'bucket', key: 'k', range: { start: 0 }, checkMd5: true })
      .catch((caught) => caught);
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_INVALID_OPTIONS');
    expect(server.requests()).toBe(0);
  });

  it('rejects with CLIENT_CHECKSUM_UNAVAILABLE when the ETag is not an MD5', async () => {
    await using server = await startDashETagServer();
    const error = await server.client
      .getObject({ bucket: 'bucket', key: 'k', checkMd5: true })
      .catch((caught) => caught);
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_CHECKSUM_UNAVAILABLE');
    const unchecked = await server.client.getObject({ bucket: 'bucket', key: 'k' });
    expect(await new Response(unchecked.body).text()).toBe('hello');
  });
});

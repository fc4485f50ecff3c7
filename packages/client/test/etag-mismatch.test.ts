import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ClientError, createClient } from '../src/index.ts';

const WRONG_ETAG = `"${'0'.repeat(32)}"`;

async function startWrongETagServer(): Promise<{ endpoint: string } & AsyncDisposable> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(200, { etag: WRONG_ETAG, 'content-length': '0' }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('ETag checks', () => {
  it('rejects a PutObject whose returned ETag is not the MD5 of the bytes sent', async () => {
    await using server = await startWrongETagServer();
    const client = createClient({
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'ak', secretAccessKey: 'sk' },
    });
    const error = await client
      .putObject({ bucket: 'bucket', key: 'k', body: 'hello' })
      .catch((caught) => caught);
    const partError = await client
      .uploadPart({ bucket: 'bucket', key: 'k', uploadId: 'U', partNumber: 1, body: new Uint8Array(3) })
      .catch((caught) => caught);
    await client.close();
    expect(ClientError.isInstance(error) && error.code).toBe('CLIENT_ETAG_MISMATCH');
    expect(ClientError.isInstance(partError) && partError.code).toBe('CLIENT_ETAG_MISMATCH');
  });
});

describe('ETag checks left to the caller', () => {
  it("returns the server's ETag unchecked with verifyETag: false", async () => {
    await using server = await startWrongETagServer();
    const client = createClient({
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'ak', secretAccessKey: 'sk' },
    });
    const put = await client.putObject({ bucket: 'bucket', key: 'k', body: 'hello', verifyETag: false });
    const part = await client.uploadPart({
      bucket: 'bucket',
      key: 'k',
      uploadId: 'U',
      partNumber: 1,
      body: new Uint8Array(3),
      verifyETag: false,
    });
    await client.close();
    expect([put.etag, part.etag]).toEqual(['0'.repeat(32), '0'.repeat(32)]);
  });
});

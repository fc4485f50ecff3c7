// The public entry points take `client` (a @jsskit/client client) as they take `transport`; against the
// local server on port 0.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@jsskit/client';
import { type LocalServer, startLocalServer } from '@jsskit/local-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPresignedUpload,
  downloadObject,
  listIncompleteUploads,
  MultipartError,
  sweepIncompleteUploads,
  uploadObject,
} from '../src/index.ts';

const MiB = 1024 * 1024;
const bucket = 'engine';
let server: LocalServer;
let client: Client;
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jsskit-multipart-client-'));
  server = await startLocalServer({ dataDir: join(directory, 'data') });
  client = createClient({ endpoint: server.endpoint, credentials: server.credentials[0] });
  await client.createBucket({ bucket });
});

afterAll(async () => {
  await client.close();
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

function codeOf(error: unknown): string | undefined {
  return MultipartError.isInstance(error) ? error.code : undefined;
}

describe('client instead of transport', () => {
  it('uploads in parts and in one PUT through a client, without the client hashing again', async () => {
    // The engine hashes every part once and hands the MD5 over: a client that cannot hash still uploads.
    const unhashing = createClient({
      transport: client.transport,
      md5Hex: () => {
        throw new Error('the client hashed a body the engine had hashed');
      },
    });
    const data = randomBytes(3 * MiB + 17);
    const parted = await uploadObject({
      client: unhashing,
      bucket,
      key: 'parts.bin',
      source: data,
      partSize: MiB,
    });
    expect(parted.parts).toBe(4);
    expect((await client.headObject({ bucket, key: 'parts.bin' })).etag).toBe(parted.etag);

    const small = randomBytes(1000);
    const single = await uploadObject({ client: unhashing, bucket, key: 'small.bin', source: small });
    expect([single.parts, single.etag]).toEqual([0, md5(small)]);
  });

  it('downloads through a client and checks the multipart ETag', async () => {
    const data = randomBytes(2 * MiB + 5);
    await uploadObject({ client, bucket, key: 'down.bin', source: data, partSize: MiB });
    const destination = join(directory, 'down.bin');
    const result = await downloadObject({ client, bucket, key: 'down.bin', destination, partSize: MiB });
    expect(result.check).toBe('multipart-etag');
    expect(md5(await readFile(destination))).toBe(md5(data));
  });

  it('lists and sweeps uploads through a client', async () => {
    const { uploadId } = await client.initiateMultipartUpload({ bucket, key: 'left/one' });
    const part = randomBytes(1024);
    await client.uploadPart({ bucket, key: 'left/one', uploadId, partNumber: 1, body: part });
    expect((await listIncompleteUploads(client, bucket, 'left/')).map((upload) => upload.UploadId)).toEqual([
      uploadId,
    ]);
    const dry = await sweepIncompleteUploads({
      client,
      bucket,
      prefix: 'left/',
      olderThanMs: -1,
      dryRun: true,
    });
    expect(dry.aborted.map((upload) => upload.Key)).toEqual(['left/one']);
    const swept = await sweepIncompleteUploads({ client, bucket, prefix: 'left/', olderThanMs: -1 });
    expect(swept.aborted.map((upload) => upload.Key)).toEqual(['left/one']);
    expect(await listIncompleteUploads(client, bucket, 'left/')).toEqual([]);
  });

  it('refuses client and transport together, and neither, as MULTIPART_INVALID_OPTIONS', async () => {
    const both = { client, transport: client.transport };
    const target = { bucket, key: 'never' };
    const calls: Promise<unknown>[] = [
      uploadObject({ ...both, ...target, source: new Uint8Array(1) }),
      uploadObject({ ...target, source: new Uint8Array(1) }),
      downloadObject({ ...both, ...target, destination: join(directory, 'never') }),
      sweepIncompleteUploads({ ...both, bucket, olderThanMs: 0 }),
      createPresignedUpload({ ...both, ...target, size: 1 }),
    ];
    const codes = await Promise.all(calls.map((call) => call.then(() => 'resolved', codeOf)));
    expect(codes).toEqual(Array(calls.length).fill('MULTIPART_INVALID_OPTIONS'));
    expect(await listIncompleteUploads(client, bucket, 'never')).toEqual([]);
  });
});

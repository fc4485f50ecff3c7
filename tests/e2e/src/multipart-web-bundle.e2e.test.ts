// @jsskit/multipart/web bundled for the browser by esbuild: the bundle must hold no Node module (no
// node:crypto, no node:fs, no node:http adapter), and, run as it is, must upload a Blob and a
// ReadableStream into the local server through fetch with hash-wasm doing the MD5s.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type LocalServer, startLocalServer } from '@jsskit/local-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleMultipartWeb, bytesFrom } from '../helpers/web-bundle.ts';

const MiB = 1024 * 1024;
let directory: string;
let server: LocalServer;
let inputs: string[];
let wasmBytesInBundle: number;
// The bundle's own exports: what a browser app would import from the two packages.
let web: typeof import('@jsskit/multipart/web') & typeof import('@jsskit/http-transport');

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jsskit-web-bundle-'));
  const built = await bundleMultipartWeb({ minify: false });
  inputs = built.inputs;
  wasmBytesInBundle = bytesFrom(built, '/hash-wasm/');
  const bundle = join(directory, 'web-bundle.mjs');
  await writeFile(bundle, built.bytes);
  web = await import(pathToFileURL(bundle).href);
  server = await startLocalServer({ dataDir: join(directory, 'data') });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

describe('@jsskit/multipart/web in a browser bundle', () => {
  it('bundles without any Node module and with the web hashing and fetch adapter', () => {
    const ours = inputs.filter((path) => path.includes('packages/'));
    expect(ours.some((path) => path.endsWith('multipart/src/internal/hashing-web.ts'))).toBe(true);
    expect(ours.some((path) => path.endsWith('http-transport/src/internal/default-adapter-web.ts'))).toBe(
      true,
    );
    expect(ours.filter((path) => /-node\.ts$|download-object|file-checkpoint-store/.test(path))).toEqual([]);
    expect(inputs.filter((path) => path.startsWith('node:'))).toEqual([]);
    // MD5 in WebAssembly, shaken down to MD5 alone: all of hash-wasm is 268 KB.
    expect(wasmBytesInBundle).toBeGreaterThan(4_000);
    expect(wasmBytesInBundle).toBeLessThan(24_000);
  });

  it('uploads a Blob in parts and a stream through fetch, checking every ETag with the web MD5', async () => {
    const [credentials] = server.credentials;
    const transport = web.createTransport({
      endpoint: server.endpoint,
      credentials: credentials as typeof credentials & object,
    });
    await transport.send({ method: 'PUT', bucket: 'browser' });
    const data = randomBytes(3 * MiB + 1234);
    const fromBlob = await web.uploadObject({
      transport,
      bucket: 'browser',
      key: 'blob.bin',
      source: new Blob([data]),
      partSize: MiB,
      checkpointStore: new web.MemoryCheckpointStore(),
      checkpointId: 'blob',
    });
    expect(fromBlob).toMatchObject({ parts: 4, size: data.length });
    const stream = new Blob([data]).stream();
    const fromStream = await web.uploadObject({
      transport,
      bucket: 'browser',
      key: 'stream.bin',
      source: stream,
      partSize: MiB,
    });
    expect(fromStream.size).toBe(data.length);
    for (const key of ['blob.bin', 'stream.bin']) {
      const stored = await transport.send({ method: 'GET', bucket: 'browser', key });
      expect(Buffer.from(stored.body).equals(data)).toBe(true);
    }
    await expect(
      web.uploadObject({ transport, bucket: 'browser', key: 'path.bin', source: '/etc/hostname' }),
    ).rejects.toMatchObject({
      code: 'MULTIPART_INVALID_OPTIONS',
      message: expect.stringContaining('File or Blob'),
    });
    await transport.close();
  });
});

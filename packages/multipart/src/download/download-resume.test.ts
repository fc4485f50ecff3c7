// Interrupted downloads in parts, resumed from the journal in `<path>.jss-partial.json`, against the local
// server on port 0 with real files.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient } from '@jsskit/client';
import { type LocalServer, startLocalServer } from '@jsskit/local-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingClient, damageFile, startCuttingProxy } from '../../test/helpers/download-helpers.ts';
import { MultipartError } from '../errors.ts';
import { uploadObject } from '../upload/multipart-upload.ts';
import { downloadObject } from './download-object.ts';

const MiB = 1024 * 1024;
const PART = MiB;
const PARTS = 9;
const bucket = 'resume';
let server: LocalServer;
let client: Client;
let directory: string;

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const codeOf = (error: unknown) => (MultipartError.isInstance(error) ? error.code : error);

async function upload(key: string): Promise<Buffer> {
  const data = randomBytes((PARTS - 1) * PART + 4321);
  await uploadObject({ client, bucket, key, source: data, partSize: PART });
  return data;
}

/** Downloads `key` at concurrency 2 until `parts` parts' worth of bytes are in place, then aborts. */
async function interrupted(key: string, destination: string, options: { concurrency?: number } = {}) {
  const controller = new AbortController();
  const error = await downloadObject({
    ...{ client, bucket, key, destination, partSize: PART, parallelThreshold: 0, concurrency: 2, ...options },
    signal: controller.signal,
    onProgress: (progress) => {
      if (progress.doneBytes >= 3.5 * PART) controller.abort();
    },
  }).catch((caught) => caught);
  expect(codeOf(error)).toBe('MULTIPART_ABORTED');
  return JSON.parse(await readFile(`${destination}.jss-partial.json`, 'utf8')) as {
    parts?: Record<string, string>;
  };
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jsskit-download-resume-'));
  server = await startLocalServer({ dataDir: join(directory, 'data') });
  client = createClient({ endpoint: server.endpoint, credentials: server.credentials[0] });
  await client.createBucket({ bucket });
});

afterAll(async () => {
  await client.close();
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

describe('downloadObject resuming in parts', () => {
  it('fetches only the parts an interrupted run did not finish', async () => {
    const data = await upload('big');
    const destination = join(directory, 'big.bin');
    const { parts = {} } = await interrupted('big', destination);
    const kept = Object.keys(parts).map(Number);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    const counting = countingClient(client);
    const result = await downloadObject({
      client: counting.client,
      bucket,
      key: 'big',
      destination,
      partSize: PART,
      parallelThreshold: 0,
    });
    const missing = Array.from({ length: PARTS }, (_, index) => index).filter(
      (index) => !kept.includes(index),
    );
    expect([...counting.ranges].sort((a = 0, b = 0) => a - b)).toEqual(missing.map((index) => index * PART));
    expect(result.resumedBytes).toBe(kept.length * PART);
    expect(result.check).toBe('multipart-etag');
    expect(md5(await readFile(destination))).toBe(md5(data));
    expect((await readdir(directory)).filter((name) => name.startsWith('big'))).toEqual(['big.bin']);
  });

  it('re-reads the kept parts and fetches again one damaged on disk between runs', async () => {
    const data = await upload('damaged');
    const destination = join(directory, 'damaged.bin');
    const { parts = {} } = await interrupted('damaged', destination);
    const kept = Object.keys(parts).map(Number);
    const damaged = kept[1] as number;
    await damageFile(`${destination}.jss-partial`, damaged * PART + 1000);
    const counting = countingClient(client);
    const result = await downloadObject({
      ...{ client: counting.client, bucket, key: 'damaged', destination },
      ...{ partSize: PART, parallelThreshold: 0 },
    });
    expect(counting.ranges).toContain(damaged * PART);
    expect(counting.ranges.filter((start) => kept.includes((start as number) / PART))).toEqual([
      damaged * PART,
    ]);
    expect(result.resumedBytes).toBe((kept.length - 1) * PART);
    expect(result.check).toBe('multipart-etag');
    expect(md5(await readFile(destination))).toBe(md5(data));
  });

  it('fails a one-stream partial damaged on disk when the layout is given, at either concurrency', async () => {
    await upload('streamed-damaged');
    for (const concurrency of [1, 2]) {
      const destination = join(directory, `streamed-damaged-${concurrency}.bin`);
      await interrupted('streamed-damaged', destination, { concurrency: 1 });
      await damageFile(`${destination}.jss-partial`, 1000);
      const error = await downloadObject({
        ...{ client, bucket, key: 'streamed-damaged', destination, concurrency },
        ...{ partSize: PART, parallelThreshold: 0 },
      }).catch((caught) => caught);
      expect(codeOf(error)).toBe('MULTIPART_CHECKSUM_MISMATCH');
      const left = (await readdir(directory)).filter((name) =>
        name.startsWith(`streamed-damaged-${concurrency}`),
      );
      expect(left).toEqual([]);
    }
  });

  it('starts over when the object changed between runs', async () => {
    await upload('changing');
    const destination = join(directory, 'changing.bin');
    await interrupted('changing', destination);
    const changed = await upload('changing');
    const result = await downloadObject({
      client,
      bucket,
      key: 'changing',
      destination,
      partSize: PART,
      parallelThreshold: 0,
    });
    expect(result.resumedBytes).toBe(0);
    expect(result.check).toBe('multipart-etag');
    expect(md5(await readFile(destination))).toBe(md5(changed));
  });

  it('continues a partial file written in one stream, hashing the whole parts it holds', async () => {
    const data = await upload('streamed');
    const destination = join(directory, 'streamed.bin');
    const sidecar = await interrupted('streamed', destination, { concurrency: 1 });
    expect(sidecar.parts).toBeUndefined();
    const streamed = (await stat(`${destination}.jss-partial`)).size;
    const counting = countingClient(client);
    const result = await downloadObject({
      client: counting.client,
      bucket,
      key: 'streamed',
      destination,
      partSize: PART,
      parallelThreshold: 0,
    });
    // The part holding the last bytes kept continues from there; the parts after it are fetched whole.
    expect(streamed % PART).not.toBe(0);
    expect(counting.ranges[0]).toBe(streamed);
    expect(counting.ranges.slice(1).every((start) => start !== undefined && start % PART === 0)).toBe(true);
    expect(result.resumedBytes).toBe(streamed);
    expect(result.receivedBytes).toBe(data.length - streamed);
    expect(result.check).toBe('multipart-etag');
    expect(md5(await readFile(destination))).toBe(md5(data));
  });

  it('asks again for the rest of the one part whose connection broke mid-body', async () => {
    const data = await upload('cut');
    const proxy = await startCuttingProxy(server.endpoint, 300_000);
    const cut = createClient({ endpoint: proxy.endpoint, credentials: server.credentials[0] });
    try {
      const counting = countingClient(cut);
      const destination = join(directory, 'cut.bin');
      const result = await downloadObject({
        client: counting.client,
        bucket,
        key: 'cut',
        destination,
        partSize: PART,
        parallelThreshold: 0,
      });
      expect(proxy.cuts()).toBe(1);
      expect(result.restarts).toBe(1);
      expect(counting.ranges).toHaveLength(PARTS + 1);
      // The restart asks from the byte reached, inside the first part, not from the part's start.
      const inside = counting.ranges.filter((start) => start !== undefined && start % PART !== 0);
      expect(inside).toHaveLength(1);
      expect(inside[0]).toBeGreaterThan(0);
      expect(inside[0]).toBeLessThan(300_000);
      expect(md5(await readFile(destination))).toBe(md5(data));
    } finally {
      await cut.close();
      await proxy.close();
    }
  });

  it('leaves no file when the object does not exist', async () => {
    const destination = join(directory, 'missing.bin');
    const error = await downloadObject({ client, bucket, key: 'missing', destination }).catch(
      (caught) => caught,
    );
    expect(codeOf(error)).toBe('MULTIPART_DOWNLOAD_FAILED');
    expect((await readdir(directory)).filter((name) => name.startsWith('missing'))).toEqual([]);
  });
});

// Downloads in parallel ranged GETs against the local server on port 0, into real files in a temp dir.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Client, createClient } from '@jsskit/client';
import { type LocalServer, startLocalServer } from '@jsskit/local-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingClient, startCorruptingProxy } from '../../test/helpers/download-helpers.ts';
import { MultipartError } from '../errors.ts';
import { MemoryBudget } from '../parts/memory-budget.ts';
import { uploadObject } from '../upload/multipart-upload.ts';
import { downloadObject } from './download-object.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const PART = MiB;
const bucket = 'down';
const MULTIPART = randomBytes(8 * PART + 1000);
const SINGLE = randomBytes(6 * PART + 7);
let server: LocalServer;
let client: Client;
let directory: string;

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const codeOf = (error: unknown) => (MultipartError.isInstance(error) ? error.code : error);

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jsskit-download-parts-'));
  server = await startLocalServer({ dataDir: join(directory, 'data') });
  client = createClient({ endpoint: server.endpoint, credentials: server.credentials[0] });
  await client.createBucket({ bucket });
  await uploadObject({ client, bucket, key: 'multi', source: MULTIPART, partSize: PART });
  await client.putObject({ bucket, key: 'single', body: SINGLE });
});

afterAll(async () => {
  await client.close();
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

describe('downloadObject in parts', () => {
  it('fetches a multipart object in parallel ranges, one per part, and checks its multipart ETag', async () => {
    const counting = countingClient(client);
    const destination = join(directory, 'multi.bin');
    let inFlightPeak = 0;
    const budget = new MemoryBudget(64 * MiB);
    const result = await downloadObject({
      client: counting.client,
      ...{ bucket, key: 'multi', destination, partSize: PART, parallelThreshold: 0, memoryBudget: budget },
      onProgress: () => (inFlightPeak = Math.max(inFlightPeak, budget.usedBytes)),
    });
    expect(result.check).toBe('multipart-etag');
    expect(md5(await readFile(destination))).toBe(md5(MULTIPART));
    // The plain first GET serves part 0; every other part is one ranged GET at its own offset.
    expect(counting.ranges).toEqual([
      undefined,
      ...Array.from({ length: 8 }, (_, index) => (index + 1) * PART),
    ]);
    expect(inFlightPeak).toBeGreaterThan(PART);
    expect(budget.usedBytes).toBe(0);
    expect(await readdir(directory)).not.toContain('multi.bin.jss-partial.json');
  });

  it('reads a single-PUT object in parts and checks its MD5 read back in order', async () => {
    const destination = join(directory, 'single.bin');
    const result = await downloadObject({
      client,
      bucket,
      key: 'single',
      destination,
      partSize: PART,
      parallelThreshold: 0,
    });
    expect(result.check).toBe('md5');
    expect(md5(await readFile(destination))).toBe(md5(SINGLE));
  });

  it('keeps to its memory budget: buffers of 1 MiB at most, as many as the budget holds', async () => {
    const budget = new MemoryBudget(PART);
    let peak = 0;
    const destination = join(directory, 'tight.bin');
    await downloadObject({
      ...{
        client,
        bucket,
        key: 'multi',
        destination,
        partSize: PART,
        parallelThreshold: 0,
        memoryBudget: budget,
        concurrency: 4,
      },
      onProgress: () => (peak = Math.max(peak, budget.usedBytes)),
    });
    expect(peak).toBe(PART);
    expect(md5(await readFile(destination))).toBe(md5(MULTIPART));
  });

  it('reads a small object, and any object at concurrency 1, in one GET', async () => {
    const counting = countingClient(client);
    await client.putObject({ bucket, key: 'small', body: MULTIPART.subarray(0, PART + 5) });
    const small = join(directory, 'small.bin');
    await downloadObject({
      client: counting.client,
      bucket,
      key: 'small',
      destination: small,
      partSize: PART,
      parallelThreshold: 0,
    });
    const whole = join(directory, 'whole.bin');
    const result = await downloadObject({
      ...{
        client: counting.client,
        bucket,
        key: 'multi',
        destination: whole,
        partSize: PART,
        parallelThreshold: 0,
        concurrency: 1,
      },
    });
    // Below the parallel threshold (32 MiB by default) a file download is one GET too.
    const below = join(directory, 'below.bin');
    await downloadObject({
      client: counting.client,
      bucket,
      key: 'multi',
      destination: below,
      partSize: PART,
    });
    expect(counting.ranges).toEqual([undefined, undefined, undefined]);
    expect(md5(await readFile(below))).toBe(md5(MULTIPART));
    expect(result.check).toBe('multipart-etag');
    expect(md5(await readFile(whole))).toBe(md5(MULTIPART));
  });

  it('streams to a Writable in one GET, in order', async () => {
    const counting = countingClient(client);
    const chunks: Buffer[] = [];
    const destination = new Writable({
      write: (chunk: Buffer, _encoding, callback) => callback(void chunks.push(chunk)),
    });
    const result = await downloadObject({
      client: counting.client,
      bucket,
      key: 'multi',
      destination,
      partSize: PART,
      parallelThreshold: 0,
    });
    expect(counting.ranges).toEqual([undefined]);
    expect(result.check).toBe('multipart-etag');
    expect(md5(Buffer.concat(chunks))).toBe(md5(MULTIPART));
  });

  it('catches a range damaged on the wire and removes the partial file', async () => {
    // At byte 100: the shortest answer, the last part, is 1000 bytes, and one shorter than that would be held.
    const proxy = await startCorruptingProxy(server.endpoint, 100);
    // A client per download: the proxy damages the first response of each connection.
    const fresh = () => createClient({ endpoint: proxy.endpoint, credentials: server.credentials[0] });
    const options = {
      bucket,
      key: 'multi',
      destination: join(directory, 'damaged.bin'),
      partSize: PART,
      parallelThreshold: 0,
    };
    const strict = fresh();
    const given = fresh();
    const lenient = fresh();
    try {
      const error = await downloadObject({ ...options, client: strict, requireChecksum: true }).catch(
        (caught) => caught,
      );
      expect(codeOf(error)).toBe('MULTIPART_CHECKSUM_MISMATCH');
      expect((await readdir(directory)).filter((name) => name.startsWith('damaged'))).toEqual([]);
      // A partSize given makes the layout known: a mismatch fails as with requireChecksum (ADR 0031).
      const failure = await downloadObject({ ...options, client: given }).catch((caught) => caught);
      expect(codeOf(failure)).toBe('MULTIPART_CHECKSUM_MISMATCH');
      expect((await readdir(directory)).filter((name) => name.startsWith('damaged'))).toEqual([]);
      // Neither given, a mismatch above the smallest part size is an unknown layout (ADR 0009).
      const { partSize: _, ...unknown } = options;
      expect((await downloadObject({ ...unknown, client: lenient })).check).toBe('size');
    } finally {
      await strict.close();
      await given.close();
      await lenient.close();
      await proxy.close();
    }
  });

  it('fails a stream whose bytes match neither ETag form when requireChecksum or partSize is given', async () => {
    // The object went up in 1 MiB parts: checked against the default layout, only its size can be.
    const sink = () => new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const options = { client, bucket, key: 'multi' };
    expect((await downloadObject({ ...options, destination: sink() })).check).toBe('size');
    const required = await downloadObject({ ...options, destination: sink(), requireChecksum: true }).catch(
      (caught) => caught,
    );
    expect(codeOf(required)).toBe('MULTIPART_CHECKSUM_MISMATCH');
    // A 2 MiB layout given explicitly is a layout the caller vouches for: its mismatch fails too.
    const given = await downloadObject({ ...options, destination: sink(), partSize: 2 * PART }).catch(
      (caught) => caught,
    );
    expect(codeOf(given)).toBe('MULTIPART_CHECKSUM_MISMATCH');
  });

  it('refuses a bad concurrency before touching anything', async () => {
    const destination = join(directory, 'refused.bin');
    const error = await downloadObject({ client, bucket, key: 'multi', destination, concurrency: 0 }).catch(
      (caught) => caught,
    );
    expect(codeOf(error)).toBe('MULTIPART_INVALID_OPTIONS');
    expect((await readdir(directory)).filter((name) => name.startsWith('refused'))).toEqual([]);
  });
});

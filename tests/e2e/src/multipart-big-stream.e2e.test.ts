// A stream of unknown size, gigabytes long and generated on the fly, uploaded into the local server: the part
// buffers never exceed the memory budget, the process does not grow with the stream, and the object is right.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Transport } from '@jsskit/http-transport';
import { MemoryBudget, uploadObject } from '@jsskit/multipart';
import { computeMultipartETag } from '@jsskit/wire-types';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
const TOTAL = 2048 * MiB + 12_345;
const BUDGET = 40 * MiB;
let fixture: LocalFixture;
let transport: Transport;

beforeAll(async () => {
  fixture = await startLocalFixture({ name: 'big-stream', bucket: 'big' });
  ({ transport } = fixture);
});

afterAll(() => fixture.close());

it('uploads 2 GiB of unknown size within its budget and with the right multipart ETag', async () => {
  const budget = new MemoryBudget(BUDGET);
  const partMd5s: string[] = [];
  let peakBuffered = 0;
  let peakRss = 0;
  const rssBefore = process.memoryUsage.rss();
  // Bytes made on the fly from one block (varied per MiB); the expected part MD5s follow the engine's
  // documented layout for unknown sizes: 8 MiB parts for the first 1000 parts.
  const block = Buffer.alloc(MiB, 0x5a);
  let part = createHash('md5');
  let inPart = 0;
  function* generate() {
    for (let offset = 0; offset < TOTAL; offset += MiB) {
      block.writeUInt32LE(offset / MiB, 0);
      const chunk = Buffer.from(block.subarray(0, Math.min(MiB, TOTAL - offset)));
      part.update(chunk);
      inPart += chunk.length;
      if (inPart === 8 * MiB) {
        partMd5s.push(part.digest('hex'));
        part = createHash('md5');
        inPart = 0;
      }
      peakBuffered = Math.max(peakBuffered, budget.usedBytes);
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      yield chunk;
    }
    if (inPart > 0) partMd5s.push(part.digest('hex'));
  }
  const result = await uploadObject({
    transport,
    bucket: 'big',
    key: 'stream',
    source: Readable.from(generate(), { objectMode: false }),
    memoryBudget: budget,
  });
  expect(result.size).toBe(TOTAL);
  expect(result.parts).toBe(257);
  expect(result.etag).toBe(computeMultipartETag(partMd5s));
  expect(peakBuffered).toBeLessThanOrEqual(BUDGET);
  // The process must not grow with the stream: far less than the 2 GiB that went through it.
  expect(peakRss - rssBefore).toBeLessThan(BUDGET + 160 * MiB);
}, 180_000);

// A part whose connection crawls without ever stalling (the server reads its body at 64 KiB/s) is cancelled
// once it takes far longer than the parts before it, and sent again; the upload does not wait for it.
import { type PartEvent, uploadObject } from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture, writeRandomSource } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
let fixture: LocalFixture;
let source: string;
let data: Buffer;

beforeAll(async () => {
  fixture = await startLocalFixture({ name: 'straggler-e2e', bucket: 'crawl' });
  ({ source, data } = await writeRandomSource(fixture.directory, 12 * MiB + 5));
});

afterAll(() => fixture.close());

describe('slow parts × a local server that crawls on one part', () => {
  it('cancels the straggler and sends it again, and the object is whole', async () => {
    const { server, transport } = fixture;
    // At 64 KiB/s this 1 MiB part would take 16 s; the others take milliseconds.
    const crawl = server.faults.add({
      operation: 'UploadPart',
      nth: 5,
      action: { type: 'slow-body', bytesPerSecond: 64 * 1024 },
    });
    const events: PartEvent[] = [];
    const result = await uploadObject({
      transport,
      bucket: 'crawl',
      key: 'whole.bin',
      source,
      partSize: MiB,
      concurrency: 2,
      slowPart: { factor: 4, minMs: 400 },
      onPart: (event) => events.push(event),
    });
    expect(crawl.hits).toBe(1);
    expect(result.retries).toBeGreaterThanOrEqual(1);
    const retried = events.filter((event) => event.state === 'retried').map((event) => event.partNumber);
    expect(retried).toHaveLength(1);
    const stored = await transport.send({ method: 'GET', bucket: 'crawl', key: 'whole.bin' });
    expect(Buffer.from(stored.body).equals(data)).toBe(true);
    expect(result.etag).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses a factor below 1 or a minMs that is not a positive integer', async () => {
    const base = { transport: fixture.transport, bucket: 'crawl', key: 'x', source: source };
    await expect(uploadObject({ ...base, slowPart: { factor: 0.5 } })).rejects.toThrow(/slowPart/);
    await expect(uploadObject({ ...base, slowPart: { minMs: -1 } })).rejects.toThrow(/slowPart/);
  });
});

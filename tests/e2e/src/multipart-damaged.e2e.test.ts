// Bytes damaged on their way to the server (a `corrupt-body` fault flips one bit): against a server that
// checks Content-MD5 (BadDigest, as JSS does) and one that ignores it (the ETag is the MD5 of the damaged
// bytes). The engine sends the damaged part again from its own bytes, and only that part; bytes that never
// arrive intact fail the upload with MULTIPART_CHECKSUM_MISMATCH, resumable once the link is healthy.
import { createHash } from 'node:crypto';
import { MemoryCheckpointStore, MultipartError, type PartEvent, uploadObject } from '@jsskit/multipart';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFixture, startLocalFixture, writeRandomSource } from '../helpers/local-fixture.ts';

const MiB = 1024 * 1024;
const BUCKET = 'damaged';
let fixture: LocalFixture;
let source: string;
let data: Buffer;

beforeAll(async () => {
  fixture = await startLocalFixture({ name: 'damaged-e2e', bucket: BUCKET });
  ({ source, data } = await writeRandomSource(fixture.directory, 5 * MiB + 4321));
});

afterEach(() => fixture.server.faults.clear());
afterAll(() => fixture.close());

async function upload(key: string, options: Partial<Parameters<typeof uploadObject>[0]> = {}) {
  const events: PartEvent[] = [];
  const result = await uploadObject({
    transport: fixture.transport,
    bucket: BUCKET,
    key,
    source,
    partSize: MiB,
    onPart: (event) => events.push(event),
    ...options,
  });
  return { result, retried: events.filter((event) => event.state === 'retried').map((e) => e.partNumber) };
}

async function expectStored(key: string, bytes: Buffer): Promise<void> {
  const stored = await fixture.transport.send({ method: 'GET', bucket: BUCKET, key });
  expect(Buffer.from(stored.body).equals(bytes)).toBe(true);
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

describe('multipart × bytes damaged on the way', () => {
  for (const unchecked of [false, true]) {
    const server = unchecked ? 'a server that ignores Content-MD5' : 'a server that checks Content-MD5';
    it(`sends a damaged part again, and only that part, to ${server}`, async () => {
      const fault = fixture.server.faults.add({
        operation: 'UploadPart',
        nth: 3,
        action: { type: 'corrupt-body', atByte: 4242, unchecked },
      });
      const key = `once-${unchecked}`;
      const { result, retried } = await upload(key);
      expect(fault.hits).toBe(1);
      expect(result).toMatchObject({ parts: 6, size: data.length, retries: 1 });
      expect(retried).toHaveLength(1);
      expect(result.sentBytes).toBe(data.length + MiB);
      await expectStored(key, data);
    });
  }

  it('fails a part that never arrives intact as a checksum mismatch, and resumes it once the link heals', async () => {
    const fault = fixture.server.faults.add({
      operation: 'UploadPart',
      nth: 2,
      times: 3,
      action: { type: 'corrupt-body', unchecked: true },
    });
    const checkpointStore = new MemoryCheckpointStore();
    const options = { checkpointStore, checkpointId: 'never-intact', concurrency: 1 };
    const error = await upload('never', options).catch((caught: unknown) => caught);
    expect(MultipartError.isInstance(error) && error.code).toBe('MULTIPART_CHECKSUM_MISMATCH');
    const failure = error as MultipartError;
    expect(failure.failedParts).toEqual([2]);
    expect(failure.message).toMatch(
      /part 2 never arrived intact in 3 sends: its MD5 is [0-9a-f]{32}, and the server answered ETag/,
    );
    expect(fault.hits).toBe(3);
    const head = await fixture.transport
      .send({ method: 'HEAD', bucket: BUCKET, key: 'never' })
      .catch((e) => e);
    expect(head).toMatchObject({ status: 404 });

    const { result } = await upload('never', options);
    expect(result.uploadId).toBe(failure.uploadId);
    expect(result.resumedBytes).toBe(MiB);
    await expectStored('never', data);
  });

  it('sends a small object again when its PutObject is damaged, and fails one that never arrives intact', async () => {
    const small = data.subarray(0, 300_000);
    fixture.server.faults.add({ operation: 'PutObject', action: { type: 'corrupt-body', atByte: 299_999 } });
    const { result, retried } = await upload('small', { source: small });
    expect(result).toMatchObject({ parts: 0, etag: md5(small), retries: 1 });
    expect(retried).toEqual([1]);
    await expectStored('small', small);

    fixture.server.faults.add({ operation: 'PutObject', times: 3, action: { type: 'corrupt-body' } });
    const error = await upload('small', { source: data.subarray(0, 200_000) }).catch((caught) => caught);
    expect(MultipartError.isInstance(error) && error.code).toBe('MULTIPART_CHECKSUM_MISMATCH');
    expect((error as Error).message).toMatch(/refused its Content-MD5 \(BadDigest\)/);
    expect((error as Error).cause).toMatchObject({ serviceCode: 'BadDigest' });
    // The server stored none of the damaged sends: the object is still the first one.
    await expectStored('small', small);
  });
});

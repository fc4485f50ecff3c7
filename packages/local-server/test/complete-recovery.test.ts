import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, startChildServer } from './helpers/child-server.ts';
import { startChildServerWithFaults } from './helpers/fault-child-server.ts';
import { send } from './helpers/jss-client.ts';

const BUCKET = 'recovery';
let dataDir: string;

beforeAll(async () => {
  buildServer();
  dataDir = await mkdtemp(join(tmpdir(), 'jss-recovery-'));
}, 120_000);

afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Every file under each blob directory, relative to it, sorted. */
async function blobContents(): Promise<string[][]> {
  const blobs = await readdir(join(dataDir, 'blobs'));
  return Promise.all(
    blobs.map(async (blob) =>
      (await readdir(join(dataDir, 'blobs', blob), { recursive: true })).map(String).sort(),
    ),
  );
}

async function putPart(endpoint: string, uploadId: string, partNumber: number, body: Buffer) {
  const query = `uploadId=${uploadId}&partNumber=${partNumber}`;
  const response = await send(endpoint, { method: 'PUT', bucket: BUCKET, key: 'big', query, body });
  return String(response.headers.etag).replaceAll('"', '');
}

describe('kill -9 after a Complete committed, before it tidied up', () => {
  it('start-up tidies the object as a Complete does: only the listed parts\u2019 bytes stay', async () => {
    const first = await startChildServerWithFaults(dataDir, [
      { operation: 'CompleteMultipartUpload', action: { type: 'stall', phase: 'after-commit', ms: 600_000 } },
    ]);
    await send(first.endpoint, { method: 'PUT', bucket: BUCKET });
    const initiated = await send(first.endpoint, {
      method: 'POST',
      bucket: BUCKET,
      key: 'big',
      query: 'uploads',
    });
    const uploadId = String(initiated.json().UploadId);
    const bodies = [randomBytes(1000), randomBytes(2000), randomBytes(3000)];
    const etags = await Promise.all(
      bodies.map((body, index) => putPart(first.endpoint, uploadId, index + 1, body)),
    );
    // What a part-record write cut short (say by a full disk) leaves next to the records.
    await writeFile(join(dataDir, 'uploads', uploadId, 'parts', '.2.json.0123456789abcdef.tmp'), '{"partN');
    const completing = send(first.endpoint, {
      method: 'POST',
      bucket: BUCKET,
      key: 'big',
      query: `uploadId=${uploadId}`,
      body: JSON.stringify({
        Part: [
          { PartNumber: 1, ETag: etags[0] },
          { PartNumber: 3, ETag: etags[2] },
        ],
      }),
    }).catch(() => undefined);
    // The commit has happened once the upload's directory has become the object's blob.
    await expect
      .poll(async () => (await blobContents()).some((files) => files.includes('upload.json')), {
        timeout: 20_000,
      })
      .toBe(true);
    await first.kill();
    await completing;

    const second = await startChildServer(dataDir);
    try {
      const object = await send(second.endpoint, { method: 'GET', bucket: BUCKET, key: 'big' });
      expect(object.body.equals(Buffer.concat([bodies[0] as Buffer, bodies[2] as Buffer]))).toBe(true);
      const [files, ...others] = await blobContents();
      expect(others).toEqual([]);
      expect(files).toEqual([
        'parts',
        expect.stringMatching(/^parts\/1-\w+\.data$/),
        expect.stringMatching(/^parts\/3-\w+\.data$/),
      ]);
      expect(await readdir(join(dataDir, 'uploads'))).toEqual([]);
    } finally {
      await second.kill();
    }
  });
});

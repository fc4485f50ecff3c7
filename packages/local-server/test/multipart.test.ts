import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { signRequestSync } from '@jsskit/signer';
import { computeMultipartETag } from '@jsskit/wire-types';
import { describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS } from './helpers/jss-client.ts';
import {
  complete,
  createServerFixture,
  initiate,
  type ServerFixture,
  uploadPart,
} from './helpers/server-fixture.ts';

async function getBody(fixture: ServerFixture, key: string): Promise<Buffer> {
  const response = await fixture.call({ method: 'GET', bucket: fixture.bucket, key });
  expect(response.status).toBe(200);
  return response.body;
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('multipart semantics (protocol §9)', () => {
  it('replaces a part uploaded again under the same number', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    await uploadPart(fixture, { key: 'k', uploadId, partNumber: 1, body: 'first' });
    const second = await uploadPart(fixture, { key: 'k', uploadId, partNumber: 1, body: 'second' });
    const listed = (
      await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'k', query: `uploadId=${uploadId}` })
    ).json();
    expect(listed.Part).toEqual([expect.objectContaining({ PartNumber: 1, ETag: second, Size: 6 })]);
    await complete(fixture, { key: 'k', uploadId, parts: [{ PartNumber: 1, ETag: second }] });
    expect((await getBody(fixture, 'k')).toString()).toBe('second');
  });

  it('makes the object visible at Complete and not before, leaving an existing version untouched until then', async () => {
    await using fixture = await createServerFixture();
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'k', body: 'old version' });
    const uploadId = await initiate(fixture, 'k');
    const etag = await uploadPart(fixture, { key: 'k', uploadId, partNumber: 1, body: 'new version' });
    expect((await getBody(fixture, 'k')).toString()).toBe('old version');
    await complete(fixture, { key: 'k', uploadId, parts: [{ PartNumber: 1, ETag: etag }] });
    expect((await getBody(fixture, 'k')).toString()).toBe('new version');
    const fresh = await initiate(fixture, 'never-completed');
    await uploadPart(fixture, { key: 'never-completed', uploadId: fresh, partNumber: 1, body: 'x' });
    expect(
      (await fixture.call({ method: 'HEAD', bucket: fixture.bucket, key: 'never-completed' })).status,
    ).toBe(404);
  });

  it('discards parts left out of Complete, and allows gaps in part numbers', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    const etags = new Map<number, string>();
    for (const partNumber of [1, 2, 5]) {
      etags.set(
        partNumber,
        await uploadPart(fixture, { key: 'k', uploadId, partNumber, body: `<${partNumber}>` }),
      );
    }
    const parts = [1, 5].map((PartNumber) => ({ PartNumber, ETag: etags.get(PartNumber) }));
    const done = await complete(fixture, { key: 'k', uploadId, parts });
    expect(done.json().ETag).toBe(computeMultipartETag([etags.get(1) ?? '', etags.get(5) ?? '']));
    expect((await getBody(fixture, 'k')).toString()).toBe('<1><5>');
    const dataFiles = (await filesUnder(join(fixture.server.dataDir, 'blobs'))).filter((file) =>
      file.endsWith('.data'),
    );
    expect(dataFiles).toHaveLength(2);
  });

  it('frees the parts at Abort, after which the upload id answers NoSuchUpload', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    await uploadPart(fixture, { key: 'k', uploadId, partNumber: 1, body: 'x' });
    await fixture.call({ method: 'DELETE', bucket: fixture.bucket, key: 'k', query: `uploadId=${uploadId}` });
    expect(await filesUnder(join(fixture.server.dataDir, 'uploads'))).toEqual([]);
    const part = await fixture.call({
      method: 'PUT',
      bucket: fixture.bucket,
      key: 'k',
      query: `uploadId=${uploadId}&partNumber=2`,
      body: 'y',
    });
    expect(part.json().code).toBe('NoSuchUpload');
    expect(await filesUnder(join(fixture.server.dataDir, 'tmp'))).toEqual([]);
  });

  it('answers NoSuchUpload for every use of a completed upload id', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    const etag = await uploadPart(fixture, { key: 'k', uploadId, partNumber: 1, body: 'x' });
    await complete(fixture, { key: 'k', uploadId, parts: [{ PartNumber: 1, ETag: etag }] });
    const query = `uploadId=${uploadId}`;
    const again = [
      await complete(fixture, { key: 'k', uploadId, parts: [{ PartNumber: 1, ETag: etag }] }),
      await fixture.call({ method: 'GET', bucket: fixture.bucket, key: 'k', query }),
      await fixture.call({ method: 'DELETE', bucket: fixture.bucket, key: 'k', query }),
      await fixture.call({
        method: 'PUT',
        bucket: fixture.bucket,
        key: 'k',
        query: `${query}&partNumber=1`,
        body: 'x',
      }),
    ];
    expect(again.map((response) => response.json().code)).toEqual(Array(4).fill('NoSuchUpload'));
  });

  it('refuses an upload id used with another key', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    const response = await fixture.call({
      method: 'GET',
      bucket: fixture.bucket,
      key: 'other',
      query: `uploadId=${uploadId}`,
    });
    expect(response.json().code).toBe('NoSuchUpload');
  });

  it('accepts the Complete bodies real clients send: numeric strings, quoted ETags, the Etag spelling (§13)', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    const one = await uploadPart(fixture, { key: 'k', uploadId, partNumber: 1, body: 'a' });
    const two = await uploadPart(fixture, { key: 'k', uploadId, partNumber: 2, body: 'b' });
    const body = JSON.stringify({
      Part: [
        { PartNumber: '1', ETag: `"${one}"` },
        { PartNumber: 2, Etag: two.toUpperCase() },
      ],
    });
    const response = await fixture.call({
      method: 'POST',
      bucket: fixture.bucket,
      key: 'k',
      query: `uploadId=${uploadId}`,
      body,
    });
    expect(response.status).toBe(200);
    expect((await getBody(fixture, 'k')).toString()).toBe('ab');
  });
});

describe('concurrency', () => {
  it('takes 16 parts of one upload in parallel', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'parallel');
    const bodies = Array.from({ length: 16 }, () => randomBytes(256 * 1024));
    const etags = await Promise.all(
      bodies.map((body, index) =>
        uploadPart(fixture, { key: 'parallel', uploadId, partNumber: index + 1, body }),
      ),
    );
    const parts = etags.map((ETag, index) => ({ PartNumber: index + 1, ETag }));
    expect((await complete(fixture, { key: 'parallel', uploadId, parts })).status).toBe(200);
    expect((await getBody(fixture, 'parallel')).equals(Buffer.concat(bodies))).toBe(true);
  });

  it('settles a Complete racing an Abort to exactly one winner, every time', async () => {
    await using fixture = await createServerFixture();
    for (let trial = 0; trial < 12; trial++) {
      const key = `race-${trial}`;
      const uploadId = await initiate(fixture, key);
      const etag = await uploadPart(fixture, { key, uploadId, partNumber: 1, body: 'data' });
      const [completed, aborted] = await Promise.all([
        complete(fixture, { key, uploadId, parts: [{ PartNumber: 1, ETag: etag }] }),
        fixture.call({ method: 'DELETE', bucket: fixture.bucket, key, query: `uploadId=${uploadId}` }),
      ]);
      const exists = (await fixture.call({ method: 'HEAD', bucket: fixture.bucket, key })).status === 200;
      const outcome = [completed.status, aborted.status, exists];
      expect([
        [200, 404, true],
        [404, 204, false],
      ]).toContainEqual(outcome);
    }
  });

  it('keeps an object consistent when a part upload races the Complete', async () => {
    await using fixture = await createServerFixture();
    for (let trial = 0; trial < 8; trial++) {
      const key = `late-${trial}`;
      const uploadId = await initiate(fixture, key);
      const etag = await uploadPart(fixture, { key, uploadId, partNumber: 1, body: 'listed' });
      const [completed, late] = await Promise.all([
        complete(fixture, { key, uploadId, parts: [{ PartNumber: 1, ETag: etag }] }),
        fixture.call({
          method: 'PUT',
          bucket: fixture.bucket,
          key,
          query: `uploadId=${uploadId}&partNumber=2`,
          body: 'late',
        }),
      ]);
      expect(completed.status).toBe(200);
      expect([200, 404]).toContain(late.status);
      expect((await getBody(fixture, key)).toString()).toBe('listed');
    }
    expect(await filesUnder(join(fixture.server.dataDir, 'tmp'))).toEqual([]);
  });

  it('lets a GET that started before an overwrite finish with the old bytes', async () => {
    await using fixture = await createServerFixture();
    const original = randomBytes(8 * 1024 * 1024);
    await fixture.call({ method: 'PUT', bucket: fixture.bucket, key: 'k', body: original });
    const headers = signRequestSync(
      { method: 'GET', bucket: fixture.bucket, key: 'k' },
      { credentials: TEST_CREDENTIALS },
    );
    const received = await new Promise<Buffer>((resolve, reject) => {
      request(
        `${fixture.server.endpoint}/${fixture.bucket}/k`,
        { headers: { ...headers }, agent: false },
        (response) => {
          const chunks: Buffer[] = [];
          response.once('data', (first: Buffer) => {
            chunks.push(first);
            response.pause();
            fixture
              .call({ method: 'PUT', bucket: fixture.bucket, key: 'k', body: 'replacement' })
              .then(() => {
                response.on('data', (chunk: Buffer) => chunks.push(chunk));
                response.on('end', () => resolve(Buffer.concat(chunks)));
                response.resume();
              }, reject);
          });
        },
      )
        .on('error', reject)
        .end();
    });
    expect(received.equals(original)).toBe(true);
    expect((await getBody(fixture, 'k')).toString()).toBe('replacement');
    await expect.poll(async () => (await filesUnder(join(fixture.server.dataDir, 'blobs'))).length).toBe(1);
  });
});

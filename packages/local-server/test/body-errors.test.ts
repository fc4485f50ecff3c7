import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServerFixture, initiate, uploadPart } from './helpers/server-fixture.ts';

const MiB = 1024 * 1024;

describe('CompleteMultipartUpload with an oversized body', () => {
  it('answers 400 MalformedJson, not a reset, when the body is over 2 MiB', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    const response = await fixture.call({
      method: 'POST',
      bucket: fixture.bucket,
      key: 'k',
      query: `uploadId=${uploadId}`,
      body: Buffer.alloc(3 * MiB, 0x20),
    });
    expect(response.status).toBe(400);
    expect(response.json().code).toBe('MalformedJson');
    expect(await fixture.call({ method: 'HEAD', bucket: fixture.bucket, key: 'k' })).toMatchObject({
      status: 404,
    });
  });
});

describe('a disk that fills up during a body (the disk-full fault)', () => {
  it('answers 500 InternalError saying the server is out of space, stores nothing, keeps the connection usable', async () => {
    await using fixture = await createServerFixture();
    fixture.server.faults.add({
      operation: 'PutObject',
      action: { type: 'disk-full', afterBodyBytes: 1000 },
    });
    const response = await fixture.call({
      method: 'PUT',
      bucket: fixture.bucket,
      key: 'k',
      body: Buffer.alloc(4 * MiB, 1),
    });
    expect(response.status).toBe(500);
    expect(response.json()).toMatchObject({
      code: 'InternalError',
      message: expect.stringMatching(/out of disk space/),
    });
    expect(await readdir(join(fixture.server.dataDir, 'tmp'))).toEqual([]);
    expect((await fixture.call({ method: 'HEAD', bucket: fixture.bucket, key: 'k' })).status).toBe(404);
  });

  it('answers a part upload the same way, and the upload takes the part once there is room again', async () => {
    await using fixture = await createServerFixture();
    const uploadId = await initiate(fixture, 'k');
    fixture.server.faults.add({ operation: 'UploadPart', action: { type: 'disk-full' } });
    const part = {
      method: 'PUT',
      bucket: fixture.bucket,
      key: 'k',
      query: `uploadId=${uploadId}&partNumber=1`,
    };
    const refused = await fixture.call({ ...part, body: Buffer.alloc(2 * MiB, 2) });
    expect([refused.status, refused.json().code]).toEqual([500, 'InternalError']);
    expect(await readdir(join(fixture.server.dataDir, 'tmp'))).toEqual([]);
    await uploadPart(fixture, { key: 'k', uploadId, partNumber: 1, body: Buffer.alloc(2 * MiB, 2) });
  });
});

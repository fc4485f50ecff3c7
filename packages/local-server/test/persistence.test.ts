import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../src/index.ts';
import { buildServer, startChildServer } from './helpers/child-server.ts';
import { send } from './helpers/jss-client.ts';

const BUCKET = 'crash-bucket';
const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');
let dataDirs: string[] = [];

async function freshDataDir(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'jss-persist-'));
  dataDirs.push(directory);
  return directory;
}

afterAll(async () => {
  await Promise.all(dataDirs.map((directory) => rm(directory, { recursive: true, force: true })));
  dataDirs = [];
});

function putPart(endpoint: string, uploadId: string, partNumber: number, body: Buffer) {
  return send(endpoint, {
    method: 'PUT',
    bucket: BUCKET,
    key: 'big',
    query: `uploadId=${uploadId}&partNumber=${partNumber}`,
    body,
  });
}

async function listParts(endpoint: string, uploadId: string) {
  const response = await send(endpoint, {
    method: 'GET',
    bucket: BUCKET,
    key: 'big',
    query: `uploadId=${uploadId}`,
  });
  return response.status === 200
    ? (response.json().Part as Array<{ PartNumber: number; ETag: string; Size: number }>)
    : undefined;
}

function completeBody(bodies: Buffer[]) {
  return JSON.stringify({ Part: bodies.map((body, index) => ({ PartNumber: index + 1, ETag: md5(body) })) });
}

describe('restart on the same data directory', () => {
  it('keeps every bucket, object and in-progress upload, and the upload can finish', async () => {
    const dataDir = await freshDataDir();
    let uploadId: string;
    {
      await using server = await startLocalServer({ dataDir });
      await send(server.endpoint, { method: 'PUT', bucket: BUCKET });
      await send(server.endpoint, { method: 'PUT', bucket: BUCKET, key: 'kept', body: 'still here' });
      uploadId = String(
        (await send(server.endpoint, { method: 'POST', bucket: BUCKET, key: 'big', query: 'uploads' })).json()
          .UploadId,
      );
      await putPart(server.endpoint, uploadId, 1, Buffer.from('part one;'));
    }
    await using server = await startLocalServer({ dataDir });
    expect(
      (await send(server.endpoint, { method: 'GET', bucket: BUCKET, key: 'kept' })).body.toString(),
    ).toBe('still here');
    expect(await listParts(server.endpoint, uploadId)).toHaveLength(1);
    await putPart(server.endpoint, uploadId, 2, Buffer.from('part two'));
    const body = completeBody([Buffer.from('part one;'), Buffer.from('part two')]);
    expect(
      (
        await send(server.endpoint, {
          method: 'POST',
          bucket: BUCKET,
          key: 'big',
          query: `uploadId=${uploadId}`,
          body,
        })
      ).status,
    ).toBe(200);
    expect((await send(server.endpoint, { method: 'GET', bucket: BUCKET, key: 'big' })).body.toString()).toBe(
      'part one;part two',
    );
  });
});

describe('kill -9 (a child-process server killed with SIGKILL)', () => {
  beforeAll(buildServer, 120_000);

  it('keeps every acknowledged part and no partial one when killed during part uploads', async () => {
    const dataDir = await freshDataDir();
    const first = await startChildServer(dataDir);
    await send(first.endpoint, { method: 'PUT', bucket: BUCKET });
    const uploadId = String(
      (await send(first.endpoint, { method: 'POST', bucket: BUCKET, key: 'big', query: 'uploads' })).json()
        .UploadId,
    );
    const bodies = Array.from({ length: 12 }, () => randomBytes(2 * 1024 * 1024));
    const acknowledged = new Set<number>();
    const uploads = bodies.map((body, index) =>
      putPart(first.endpoint, uploadId, index + 1, body).then(
        (response) => response.status === 200 && acknowledged.add(index + 1),
        () => undefined,
      ),
    );
    await expect.poll(() => acknowledged.size, { timeout: 20_000, interval: 1 }).toBeGreaterThanOrEqual(3);
    await first.kill();
    await Promise.all(uploads);

    const second = await startChildServer(dataDir);
    try {
      const parts = (await listParts(second.endpoint, uploadId)) ?? [];
      for (const part of parts)
        expect([part.ETag, part.Size]).toEqual([md5(bodies[part.PartNumber - 1] as Buffer), 2 * 1024 * 1024]);
      expect(parts.map((part) => part.PartNumber)).toEqual(expect.arrayContaining([...acknowledged]));
      for (const [index, body] of bodies.entries()) {
        if (!parts.some((part) => part.PartNumber === index + 1))
          expect((await putPart(second.endpoint, uploadId, index + 1, body)).status).toBe(200);
      }
      const done = await send(second.endpoint, {
        method: 'POST',
        bucket: BUCKET,
        key: 'big',
        query: `uploadId=${uploadId}`,
        body: completeBody(bodies),
      });
      expect(done.status).toBe(200);
      expect(
        (await send(second.endpoint, { method: 'GET', bucket: BUCKET, key: 'big' })).body.equals(
          Buffer.concat(bodies),
        ),
      ).toBe(true);
    } finally {
      await second.kill();
    }
  });

  it('leaves either the finished object or the intact upload when killed during Complete', async () => {
    const dataDir = await freshDataDir();
    let server = await startChildServer(dataDir);
    await send(server.endpoint, { method: 'PUT', bucket: BUCKET });
    const outcomes: string[] = [];
    try {
      for (const delayMs of [0, 1, 2, 3, 5, 8, 13, 21]) {
        const bodies = Array.from({ length: 40 }, () => randomBytes(16 * 1024));
        const uploadId = String(
          (
            await send(server.endpoint, { method: 'POST', bucket: BUCKET, key: 'big', query: 'uploads' })
          ).json().UploadId,
        );
        await Promise.all(bodies.map((body, index) => putPart(server.endpoint, uploadId, index + 1, body)));
        const completing = send(server.endpoint, {
          method: 'POST',
          bucket: BUCKET,
          key: 'big',
          query: `uploadId=${uploadId}`,
          body: completeBody(bodies),
        }).catch(() => undefined);
        await sleep(delayMs);
        await server.kill();
        await completing;
        server = await startChildServer(dataDir);
        const object = await send(server.endpoint, { method: 'GET', bucket: BUCKET, key: 'big' });
        const parts = await listParts(server.endpoint, uploadId);
        if (parts === undefined) {
          expect(object.body.equals(Buffer.concat(bodies))).toBe(true);
          outcomes.push('completed');
        } else {
          expect(parts.map((part) => part.ETag)).toEqual(bodies.map(md5));
          const retry = await send(server.endpoint, {
            method: 'POST',
            bucket: BUCKET,
            key: 'big',
            query: `uploadId=${uploadId}`,
            body: completeBody(bodies),
          });
          expect(retry.status).toBe(200);
          expect(
            (await send(server.endpoint, { method: 'GET', bucket: BUCKET, key: 'big' })).body.equals(
              Buffer.concat(bodies),
            ),
          ).toBe(true);
          outcomes.push('upload intact');
        }
      }
    } finally {
      await server.kill();
    }
    expect(outcomes).toHaveLength(8);
  });
});

// DeleteBucket against writes into the same bucket (docs/adr/0007): a write still receiving its body when the
// bucket goes answers NoSuchBucket and leaves nothing, and a restart never revives a deleted bucket's objects.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../src/index.ts';
import { send } from './helpers/jss-client.ts';
import { signedHead } from './helpers/raw-http.ts';

const BUCKET = 'race-bucket';
const dataDirs: string[] = [];

async function freshDataDir(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'jss-delete-race-'));
  dataDirs.push(directory);
  return directory;
}

afterAll(async () => {
  await Promise.all(dataDirs.map((directory) => rm(directory, { recursive: true, force: true })));
});

/** A PUT on a raw socket that asks `Expect: 100-continue`; its body is written by the test, piece by piece. */
function slowPut(endpoint: string, key: string, length: number) {
  const url = new URL(endpoint);
  const socket = connect(Number(url.port), url.hostname);
  let received = '';
  let onContinue: () => void = () => undefined;
  const continued = new Promise<void>((resolve) => {
    onContinue = resolve;
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    socket.on('data', (data) => {
      received += data.toString('latin1');
      if (received.startsWith('HTTP/1.1 100')) {
        received = received.slice(received.indexOf('\r\n\r\n') + 4);
        onContinue();
      }
      const end = received.indexOf('\r\n\r\n');
      const lengthMatch = /content-length: (\d+)/i.exec(received.slice(0, end));
      const body = received.slice(end + 4);
      if (end === -1 || body.length < Number(lengthMatch?.[1] ?? 0)) return;
      socket.destroy();
      resolve({ status: Number(received.split(' ')[1]), body });
    });
    socket.on('error', reject);
  });
  const headers = { 'Content-Length': String(length), Expect: '100-continue' };
  socket.write(signedHead({ method: 'PUT', bucket: BUCKET, key, headers }));
  return { continued, answered, write: (chunk: string) => socket.write(chunk) };
}

async function listedKeys(endpoint: string): Promise<string[]> {
  const response = await send(endpoint, { method: 'GET', bucket: BUCKET });
  expect(response.status).toBe(200);
  return (response.json().Contents as Array<{ Key: string }>).map((entry) => entry.Key);
}

describe('deleteBucket', () => {
  it('makes a PUT still receiving its body answer NoSuchBucket, and nothing comes back after a restart', async () => {
    const dataDir = await freshDataDir();
    {
      await using server = await startLocalServer({ dataDir });
      expect((await send(server.endpoint, { method: 'PUT', bucket: BUCKET })).status).toBe(201);
      const put = slowPut(server.endpoint, 'late', 8);
      await put.continued;
      put.write('half');

      const deleted = await send(server.endpoint, { method: 'DELETE', bucket: BUCKET });
      put.write('rest');
      const answer = await put.answered;

      expect(deleted.status).toBe(204);
      expect(answer.status).toBe(404);
      expect(JSON.parse(answer.body).code).toBe('NoSuchBucket');
    }
    await using server = await startLocalServer({ dataDir });
    expect((await send(server.endpoint, { method: 'PUT', bucket: BUCKET })).status).toBe(201);
    expect(await listedKeys(server.endpoint)).toEqual([]);
    expect((await send(server.endpoint, { method: 'DELETE', bucket: BUCKET })).status).toBe(204);
  });

  it('does not revive the objects of a bucket whose delete stopped after its bucket file was gone', async () => {
    const dataDir = await freshDataDir();
    {
      await using server = await startLocalServer({ dataDir });
      await send(server.endpoint, { method: 'PUT', bucket: BUCKET });
      await send(server.endpoint, { method: 'PUT', bucket: BUCKET, key: 'old', body: 'old bytes' });
    }
    // DeleteBucket removes the bucket file first, then the object records: a crash in between leaves this.
    await rm(join(dataDir, 'buckets', `${BUCKET}.json`));

    await using server = await startLocalServer({ dataDir });
    expect((await send(server.endpoint, { method: 'PUT', bucket: BUCKET })).status).toBe(201);

    expect(await listedKeys(server.endpoint)).toEqual([]);
    expect((await send(server.endpoint, { method: 'GET', bucket: BUCKET, key: 'old' })).status).toBe(404);
    expect((await send(server.endpoint, { method: 'DELETE', bucket: BUCKET })).status).toBe(204);
  });
});

import { AbortError } from '@jsskit/http-transport';
import { type RequestLogEntry, startLocalServer } from '@jsskit/local-server';
import { describe, expect, it } from 'vitest';
import { type Client, createClient } from '../src/index.ts';

const BUCKET = 'signals';

/** A local server that logs every request it answers, with a client and a bucket holding `k`. */
async function startLoggedServer() {
  const log: RequestLogEntry[] = [];
  const server = await startLocalServer({ log: (entry) => log.push(entry) });
  const client = createClient({ endpoint: server.endpoint, credentials: server.credentials[0] });
  await client.createBucket({ bucket: BUCKET });
  await client.putObject({ bucket: BUCKET, key: 'k', body: 'hello world' });
  log.length = 0;
  return {
    server,
    client,
    log,
    async [Symbol.asyncDispose]() {
      await client.close();
      await server.close();
    },
  };
}

async function drain(list: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of list);
}

/** One call of each kind, with `signal`. */
function everyCall(client: Client, signal: AbortSignal): Record<string, () => Promise<unknown>> {
  const object = { bucket: BUCKET, key: 'k', signal };
  const upload = { ...object, uploadId: 'U' };
  return {
    listBuckets: () => client.listBuckets({ signal }),
    createBucket: () => client.createBucket({ bucket: 'other', signal }),
    deleteBucket: () => client.deleteBucket({ bucket: BUCKET, signal }),
    headBucket: () => client.headBucket({ bucket: BUCKET, signal }),
    getBucketReferer: () => client.getBucketReferer({ bucket: BUCKET, signal }),
    putBucketReferer: () =>
      client.putBucketReferer({ bucket: BUCKET, effect: 'DENY', referers: [], allowEmpty: false, signal }),
    listObjects: () => drain(client.listObjects({ bucket: BUCKET, signal })),
    putObject: () => client.putObject({ ...object, body: 'x' }),
    putObjectBlob: () => client.putObject({ ...object, body: new Blob(['x']) }),
    getObject: () => client.getObject(object),
    headObject: () => client.headObject(object),
    deleteObject: () => client.deleteObject(object),
    copyObject: () => client.copyObject({ ...object, key: 'copy', source: { bucket: BUCKET, key: 'k' } }),
    moveObject: () => client.moveObject({ ...object, key: 'moved', source: { bucket: BUCKET, key: 'k' } }),
    initiateMultipartUpload: () => client.initiateMultipartUpload(object),
    uploadPart: () => client.uploadPart({ ...upload, partNumber: 1, body: new Uint8Array(1) }),
    completeMultipartUpload: () =>
      client.completeMultipartUpload({ ...upload, parts: [{ partNumber: 1, etag: 'a'.repeat(32) }] }),
    abortMultipartUpload: () => client.abortMultipartUpload(upload),
    listParts: () => client.listParts(upload),
    listMultipartUploads: () => drain(client.listMultipartUploads({ bucket: BUCKET, signal })),
  };
}

/** Resolves once `count()` reaches `target`, checking on every turn of the event loop. */
async function until(count: () => number, target: number): Promise<void> {
  while (count() < target) await new Promise((resolve) => setImmediate(resolve));
}

describe('signal', () => {
  it('rejects every kind of call with AbortError, sending nothing, when the signal is already aborted', async () => {
    await using logged = await startLoggedServer();
    const calls = everyCall(logged.client, AbortSignal.abort());
    const outcomes: Record<string, string> = {};
    for (const [name, call] of Object.entries(calls)) {
      outcomes[name] = await call().then(
        () => 'resolved',
        (error) => (AbortError.isInstance(error) ? 'AbortError' : String(error)),
      );
    }
    expect(outcomes).toEqual(Object.fromEntries(Object.keys(calls).map((name) => [name, 'AbortError'])));
    // A request sent by any of them would have been answered before this one.
    await logged.client.headObject({ bucket: BUCKET, key: 'k' });
    expect(logged.log.map((entry) => entry.operation)).toEqual(['HeadObject']);
  });

  it('aborts a call the server stalls before answering', async () => {
    await using logged = await startLoggedServer();
    const stall = logged.server.faults.add({
      operation: 'HeadObject',
      action: { type: 'stall', ms: 600_000 },
    });
    const controller = new AbortController();
    const call = logged.client.headObject({ bucket: BUCKET, key: 'k', signal: controller.signal });
    const outcome = call.catch((error) => error);
    await until(() => stall.hits, 1);
    controller.abort(new Error('user gave up'));
    const error = await outcome;
    expect(AbortError.isInstance(error)).toBe(true);
    expect(String(error.message)).toMatch(/^HeadObject: /);
  });

  it('aborts a body the server stalls halfway through', async () => {
    await using logged = await startLoggedServer();
    await logged.client.putObject({ bucket: BUCKET, key: 'big', body: new Uint8Array(1024 * 1024) });
    const stall = logged.server.faults.add({
      operation: 'GetObject',
      action: { type: 'stall', ms: 600_000, phase: 'during-response' },
    });
    const controller = new AbortController();
    const result = await logged.client.getObject({ bucket: BUCKET, key: 'big', signal: controller.signal });
    expect(stall.hits).toBe(1);
    const reader = result.body.getReader();
    let received = 0;
    const reading = (async () => {
      for (let read = await reader.read(); !read.done; read = await reader.read())
        received += read.value.length;
    })().catch((error) => error);
    await until(() => received, 1);
    controller.abort();
    const error = await reading;
    expect(AbortError.isInstance(error)).toBe(true);
    expect(received).toBeLessThan(1024 * 1024);
  });
});

import { type LocalServer, type LocalServerOptions, startLocalServer } from '../../src/index.ts';
import { send, type TestRequest, type TestResponse } from './jss-client.ts';

/** A server plus a `call` bound to it, and a bucket ready for use. */
export interface ServerFixture {
  server: LocalServer;
  call: (request: TestRequest) => Promise<TestResponse>;
  bucket: string;
}

let counter = 0;

/** Starts a server on port 0 with a fresh bucket; dispose it with `await using`. */
export async function createServerFixture(
  options: LocalServerOptions = {},
): Promise<ServerFixture & AsyncDisposable> {
  const server = await startLocalServer(options);
  const call = (request: TestRequest) => send(server.endpoint, request);
  counter += 1;
  const bucket = `bucket-${process.pid}-${counter}`;
  const created = await call({ method: 'PUT', bucket });
  if (created.status !== 201) throw new Error(`fixture bucket was not created: ${created.status}`);
  return { server, call, bucket, [Symbol.asyncDispose]: () => server.close() };
}

/** Initiates an upload and returns its id. */
export async function initiate(fixture: ServerFixture, key: string): Promise<string> {
  const response = await fixture.call({ method: 'POST', bucket: fixture.bucket, key, query: 'uploads' });
  if (response.status !== 200)
    throw new Error(`initiate failed: ${response.status} ${response.body.toString()}`);
  return String(response.json().UploadId);
}

/** Uploads one part and returns its unquoted ETag. */
export async function uploadPart(
  fixture: ServerFixture,
  target: { key: string; uploadId: string; partNumber: number; body: Buffer | string },
) {
  const response = await fixture.call({
    method: 'PUT',
    bucket: fixture.bucket,
    key: target.key,
    query: `uploadId=${target.uploadId}&partNumber=${target.partNumber}`,
    body: target.body,
  });
  if (response.status !== 200)
    throw new Error(`part ${target.partNumber} failed: ${response.status} ${response.body.toString()}`);
  return String(response.headers.etag).replaceAll('"', '');
}

/** Sends a Complete with the given parts. */
export function complete(
  fixture: ServerFixture,
  target: { key: string; uploadId: string; parts: Array<{ PartNumber: unknown; ETag: unknown }> },
) {
  return fixture.call({
    method: 'POST',
    bucket: fixture.bucket,
    key: target.key,
    query: `uploadId=${target.uploadId}`,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ Part: target.parts }),
  });
}

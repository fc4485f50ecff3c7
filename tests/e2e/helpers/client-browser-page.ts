// The page of the client's browser test, bundled for the browser by esbuild: it puts `clientPage` on the
// window for the test to call through page.evaluate, and runs the client's calls the way an app would, with
// hash-wasm's MD5 as `md5Hex` (the README's browser recipe). The bundle's entry sets `createMD5` on the
// window from hash-wasm.
import { ClientError, createClient, isNotFound } from '@jsskit/client';
import type { Credentials } from '@jsskit/signer';

interface Md5Hasher {
  init(): Md5Hasher;
  update(data: Uint8Array | string): Md5Hasher;
  digest(encoding: 'hex'): string;
}

/** What a run saw, as plain data that crosses into the test. */
export interface ClientPageReport {
  readonly putETag: string;
  readonly headSize: number;
  readonly listed: string[];
  readonly checkedText: string;
  readonly lastBytes: string;
  readonly damagedRead: { readonly bytes: number; readonly code: string | undefined };
  readonly notFoundAfterDelete: boolean;
  /** The ETag of a put by a client given no `md5Hex`: @noble/hashes' MD5, built in. */
  readonly builtInMd5PutETag: string;
}

export interface ClientPage {
  run(endpoint: string, credentials: Credentials, bucket: string): Promise<ClientPageReport>;
}

async function readToEnd(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  let bytes = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.length;
  } catch (error) {
    return { bytes, code: ClientError.isInstance(error) ? error.code : String(error) };
  }
  return { bytes, code: undefined };
}

const page: ClientPage = {
  async run(endpoint, credentials, bucket) {
    const { createMD5 } = globalThis as unknown as { createMD5: () => Promise<Md5Hasher> };
    const hasher = await createMD5();
    const client = createClient({
      endpoint,
      credentials,
      md5Hex: (data) => hasher.init().update(data).digest('hex'),
    });
    const { etag: putETag } = await client.putObject({ bucket, key: 'notes.txt', body: 'hello browser' });
    const { size: headSize } = await client.headObject({ bucket, key: 'notes.txt' });
    const listed: string[] = [];
    for await (const object of client.listObjects({ bucket })) listed.push(object.key);
    const checked = await client.getObject({ bucket, key: 'notes.txt', checkMd5: true });
    const checkedText = await new Response(checked.body).text();
    const tail = await client.getObject({ bucket, key: 'notes.txt', range: { lastBytes: 7 } });
    const lastBytes = await new Response(tail.body).text();
    const damaged = await client.getObject({ bucket, key: 'damaged.bin', checkMd5: true });
    const damagedRead = await readToEnd(damaged.body);
    await client.deleteObject({ bucket, key: 'notes.txt' });
    const notFoundAfterDelete = await client.headObject({ bucket, key: 'notes.txt' }).then(
      () => false,
      (error: unknown) => isNotFound(error),
    );
    await client.close();
    const plain = createClient({ endpoint, credentials });
    const { etag: builtInMd5PutETag } = await plain.putObject({
      bucket,
      key: 'plain.txt',
      body: 'no md5Hex',
    });
    await plain.deleteObject({ bucket, key: 'plain.txt' });
    await plain.close();
    return {
      putETag,
      headSize,
      listed,
      checkedText,
      lastBytes,
      damagedRead,
      notFoundAfterDelete,
      builtInMd5PutETag,
    };
  },
};

(globalThis as unknown as { clientPage: ClientPage }).clientPage = page;

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Client, createClient } from '@jsskit/client';
import { type LocalServer, type RequestLogEntry, startLocalServer } from '@jsskit/local-server';

/** A local server on port 0 with a bucket, a client, a request log and temp directories; `close()` ends all. */
export interface SyncFixture {
  readonly server: LocalServer;
  readonly client: Client;
  readonly bucket: string;
  readonly requests: RequestLogEntry[];
  readonly root: string;
  /** A new empty directory under the fixture's temp root. */
  directory(name: string): Promise<string>;
  /** Writes files (relative path → content) under a directory. */
  writeTree(directory: string, files: Record<string, string | Uint8Array>): Promise<void>;
  /** The directory `source` (made if missing) with these files written in it. */
  sourceTree(files: Record<string, string | Uint8Array>): Promise<string>;
  /** Requests of an operation seen since the log was last cleared. */
  count(operation: RequestLogEntry['operation']): number;
  /** Reads an object's bytes. */
  read(key: string): Promise<Buffer>;
  /** Every key of the bucket, sorted. */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

async function writeTree(directory: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const path = join(directory, relative);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

export async function createSyncFixture(
  options: { readonly minPartSize?: number } = {},
): Promise<SyncFixture> {
  const requests: RequestLogEntry[] = [];
  const server = await startLocalServer({
    log: (entry) => requests.push(entry),
    minPartSize: options.minPartSize,
  });
  const client = createClient({ endpoint: server.endpoint, credentials: server.credentials[0] });
  const bucket = 'sync-test';
  await client.createBucket({ bucket });
  const root = await mkdtemp(join(tmpdir(), 'jsskit-sync-'));
  return {
    server,
    client,
    bucket,
    requests,
    root,
    async directory(name) {
      const path = join(root, name);
      await mkdir(path, { recursive: true });
      return path;
    },
    writeTree,
    async sourceTree(files) {
      const from = join(root, 'source');
      await mkdir(from, { recursive: true });
      await writeTree(from, files);
      return from;
    },
    count: (operation) => requests.filter((entry) => entry.operation === operation).length,
    async read(key) {
      const { body } = await client.getObject({ bucket, key });
      return Buffer.from(await new Response(body).arrayBuffer());
    },
    async keys() {
      const keys: string[] = [];
      for await (const entry of client.listObjects({ bucket })) keys.push(entry.key);
      return keys.sort();
    },
    async close() {
      await client.close();
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

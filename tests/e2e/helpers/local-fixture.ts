import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport, type Transport, type TransportOptions } from '@jsskit/http-transport';
import { type LocalServer, startLocalServer } from '@jsskit/local-server';

/** A local server on port 0 with one bucket, in a temporary directory, and a transport to it. */
export interface LocalFixture {
  readonly directory: string;
  readonly server: LocalServer;
  readonly transport: Transport;
  /** A new transport to the server, with the fixture's options under `overrides`. */
  connect(overrides?: Partial<TransportOptions>): Transport;
  close(): Promise<void>;
}

export async function startLocalFixture(options: {
  readonly name: string;
  readonly bucket: string;
  readonly transport?: Partial<TransportOptions>;
}): Promise<LocalFixture> {
  const directory = await mkdtemp(join(tmpdir(), `jsskit-${options.name}-`));
  const server = await startLocalServer({ dataDir: join(directory, 'data') });
  const connect = (overrides: Partial<TransportOptions> = {}) =>
    createTransport({
      endpoint: server.endpoint,
      credentials: server.credentials[0] as (typeof server.credentials)[0],
      ...options.transport,
      ...overrides,
    });
  const transport = connect();
  await transport.send({ method: 'PUT', bucket: options.bucket });
  return {
    directory,
    server,
    transport,
    connect,
    close: async () => {
      await transport.close();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** A file of `bytes` random bytes in `directory`, and its contents. */
export async function writeRandomSource(
  directory: string,
  bytes: number,
): Promise<{ readonly source: string; readonly data: Buffer }> {
  const data = randomBytes(bytes);
  const source = join(directory, 'source.bin');
  await writeFile(source, data);
  return { source, data };
}

/** What the multipart e2e files share: bucket `mpu`, quick retries, a random source file, a reader. */
export interface MultipartFixture extends LocalFixture {
  readonly source: string;
  readonly data: Buffer;
  /** An object's bytes, read back with a plain GET. */
  readObject(key: string): Promise<Buffer>;
}

export async function startMultipartFixture(): Promise<MultipartFixture> {
  const fixture = await startLocalFixture({
    name: 'multipart-e2e',
    bucket: 'mpu',
    transport: { retry: { baseDelayMs: 5 }, timeouts: { headersMs: 2_000, stallMs: 2_000 } },
  });
  const { source, data } = await writeRandomSource(fixture.directory, 10 * 1024 * 1024 + 4321);
  const readObject = async (key: string) =>
    Buffer.from((await fixture.transport.send({ method: 'GET', bucket: 'mpu', key })).body);
  return { ...fixture, source, data, readObject };
}

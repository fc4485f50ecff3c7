import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport, type Transport, type TransportOptions } from '@jsskit/http-transport';
import { type LocalServer, startLocalServer } from '@jsskit/local-server';

/** A local server on port 0 with one bucket, a transport to it, and a file of random bytes. */
export interface LocalFixture {
  readonly directory: string;
  readonly server: LocalServer;
  readonly transport: Transport;
  /** The path of the random file. */
  readonly source: string;
  readonly data: Buffer;
  /** A new transport to the server, with the fixture's options under `overrides`. */
  connect(overrides?: Partial<TransportOptions>): Transport;
  close(): Promise<void>;
}

export async function startLocalFixture(options: {
  readonly name: string;
  readonly bucket: string;
  readonly fileBytes: number;
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
  const data = randomBytes(options.fileBytes);
  const source = join(directory, 'source.bin');
  await writeFile(source, data);
  return {
    directory,
    server,
    transport,
    source,
    data,
    connect,
    close: async () => {
      await transport.close();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

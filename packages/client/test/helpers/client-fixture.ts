import { startLocalServer } from '@jsskit/local-server';
import { type Client, createClient } from '../../src/index.ts';

/** A local server on port 0, a client for it and a fresh bucket; dispose it with `await using`. */
export interface ClientFixture extends AsyncDisposable {
  readonly client: Client;
  readonly bucket: string;
  readonly endpoint: string;
}

let counter = 0;

export async function createClientFixture(): Promise<ClientFixture> {
  const server = await startLocalServer();
  const client = createClient({ endpoint: server.endpoint, credentials: server.credentials[0] });
  counter += 1;
  const bucket = `client-${process.pid}-${counter}`;
  await client.createBucket({ bucket });
  return {
    client,
    bucket,
    endpoint: server.endpoint,
    [Symbol.asyncDispose]: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** The whole body of a web stream. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

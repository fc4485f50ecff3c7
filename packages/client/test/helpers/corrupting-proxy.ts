import { connect, createServer, type Socket } from 'node:net';

/** A TCP proxy in front of a server that damages the first response body of each connection. */
export interface CorruptingProxy extends AsyncDisposable {
  readonly endpoint: string;
  /** Responses whose body had a bit flipped. */
  corrupted(): number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Forwards every byte between client and `target`, except that the lowest bit of byte `atByte` of the first
 * response body on each connection is flipped: the server sent the right bytes, the wire damaged one.
 */
export async function startCorruptingProxy(target: string, atByte = 0): Promise<CorruptingProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let corrupted = 0;
  const server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let seen = Buffer.alloc(0);
    let done = false;
    upstream.on('data', (chunk: Buffer) => {
      if (done) return void client.write(chunk);
      seen = Buffer.concat([seen, chunk]);
      const headerEnd = seen.indexOf(HEADER_END);
      const at = headerEnd + HEADER_END.length + atByte;
      if (headerEnd === -1 || seen.length <= at) return;
      seen[at] = (seen[at] as number) ^ 1;
      corrupted += 1;
      done = true;
      client.write(seen);
    });
    client.pipe(upstream);
    for (const socket of [client, upstream]) {
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => {
        sockets.delete(socket);
        client.end();
        upstream.end();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const proxyPort = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${proxyPort}`,
    corrupted: () => corrupted,
    [Symbol.asyncDispose]: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// Helpers of the download tests: a client that records the ranges asked for, and TCP proxies in front of the
// local server that damage responses on the way (a flipped bit, a connection cut mid-body), and damage to a
// partial file on disk between runs.
import { open } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import type { Client, GetObjectOptions } from '@jsskit/client';

/** The real client, recording the range start of each GetObject (undefined: a plain GET). */
export function countingClient(real: Client): { client: Client; ranges: (number | undefined)[] } {
  const ranges: (number | undefined)[] = [];
  const getObject = (call: GetObjectOptions) => {
    ranges.push(call.range !== undefined && 'start' in call.range ? call.range.start : undefined);
    return real.getObject(call);
  };
  return { client: { ...real, getObject } as Client, ranges };
}

/** What a proxy does with each chunk the server sends on one connection (the nth, from 1). */
type Forward = (chunk: Buffer, sockets: { downstream: Socket; upstream: Socket }, connection: number) => void;

/** A TCP proxy on 127.0.0.1 port 0 in front of `target`, passing requests through and answers to `forward`. */
async function startProxy(target: string, forward: Forward) {
  const { port } = new URL(target);
  const sockets = new Set<Socket>();
  let connections = 0;
  const proxy = createServer((downstream) => {
    const upstream = connect(Number(port), '127.0.0.1');
    sockets.add(downstream).add(upstream);
    const connection = ++connections;
    upstream.on('data', (chunk: Buffer) => forward(chunk, { downstream, upstream }, connection));
    downstream.pipe(upstream);
    for (const socket of [downstream, upstream]) {
      socket.on('error', () => {
        downstream.destroy();
        upstream.destroy();
      });
      socket.on('close', () => {
        downstream.end();
        upstream.end();
      });
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        proxy.close(() => resolve());
      }),
  };
}

/** A proxy flipping one bit of the first response body on each connection, at `atByte`. */
export function startCorruptingProxy(target: string, atByte: number) {
  const seen = new Map<number, Buffer | 'done'>();
  return startProxy(target, (chunk, { downstream }, connection) => {
    const before = seen.get(connection);
    if (before === 'done') return void downstream.write(chunk);
    const bytes = Buffer.concat([before ?? Buffer.alloc(0), chunk]);
    const at = bytes.indexOf('\r\n\r\n') + 4 + atByte;
    if (at < 4 || bytes.length <= at) return void seen.set(connection, bytes);
    bytes[at] = (bytes[at] as number) ^ 1;
    seen.set(connection, 'done');
    downstream.write(bytes);
  });
}

/** A proxy that breaks its first connection after forwarding `afterBytes` bytes of responses. */
export async function startCuttingProxy(target: string, afterBytes: number) {
  let forwarded = 0;
  let cuts = 0;
  const proxy = await startProxy(target, (chunk, { downstream, upstream }, connection) => {
    if (connection !== 1 || forwarded + chunk.byteLength < afterBytes) {
      if (connection === 1) forwarded += chunk.byteLength;
      return void downstream.write(chunk);
    }
    downstream.write(chunk.subarray(0, afterBytes - forwarded), () => downstream.destroy());
    forwarded = afterBytes;
    upstream.destroy();
    cuts += 1;
  });
  return { ...proxy, cuts: () => cuts };
}

/** Overwrites 4 bytes of the file at `offset` with their complement: a kept part damaged on disk. */
export async function damageFile(path: string, offset: number): Promise<void> {
  const file = await open(path, 'r+');
  try {
    const bytes = Buffer.alloc(4);
    await file.read(bytes, 0, 4, offset);
    await file.write(
      bytes.map((byte) => byte ^ 0xff),
      0,
      4,
      offset,
    );
  } finally {
    await file.close();
  }
}

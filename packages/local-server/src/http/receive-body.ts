import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ServiceError } from '../internal/service-error.ts';
import type { ReceivedBody } from '../storage/records.ts';

/** The connection was reset on purpose by a fault: there is nobody left to answer. */
export class ConnectionResetByFault extends Error {
  override readonly name: string = 'ConnectionResetByFault';
}

/** How to receive one request body. */
export interface ReceiveOptions {
  readonly path: string;
  readonly expectedLength: number;
  /** Reset the connection once this many bytes arrived (a `reset` fault). */
  readonly resetAfterBytes?: number | undefined;
  /** Read no faster than this (a `slow-body` fault): later chunks wait, and TCP slows the sender down. */
  readonly bytesPerSecond?: number | undefined;
  /** Flip the lowest bit of the byte at this offset (a `corrupt-body` fault): damage on the way in. */
  readonly flipBitAt?: number | undefined;
  readonly onBytes: (bytes: number) => void;
}

/** `chunk`, which starts at `offset` of the body, with the bit at `flipBitAt` flipped if it holds that byte. */
function damaged(chunk: Buffer, offset: number, flipBitAt: number | undefined): Buffer {
  if (flipBitAt === undefined || flipBitAt < offset || flipBitAt >= offset + chunk.length) return chunk;
  const copy = Buffer.from(chunk);
  copy[flipBitAt - offset] = (copy[flipBitAt - offset] ?? 0) ^ 1;
  return copy;
}

/** Removes the file `stream` writes, once it exists (a write stream opens its file lazily). */
async function removeOpened(stream: WriteStream, path: string): Promise<void> {
  if (stream.pending) await once(stream, 'ready');
  await rm(path, { force: true });
}

/**
 * Streams a request body to a file while hashing it, never holding it in memory. A body shorter than its
 * Content-Length (the client went away) is `IncompleteBody`; the file is removed on any failure.
 */
export async function receiveBody(request: IncomingMessage, options: ReceiveOptions): Promise<ReceivedBody> {
  const hash = createHash('md5');
  const started = performance.now();
  let size = 0;
  const file = createWriteStream(options.path, { highWaterMark: 1 << 20 });
  const meter = new Transform({
    transform(received: Buffer, _encoding, callback) {
      const chunk = damaged(received, size, options.flipBitAt);
      size += chunk.length;
      options.onBytes(chunk.length);
      if (options.resetAfterBytes !== undefined && size >= options.resetAfterBytes) {
        // The temporary file goes before the connection does: a client that sees the reset finds nothing.
        void removeOpened(file, options.path)
          .catch(() => undefined)
          .then(() => {
            request.socket.resetAndDestroy();
            callback(new ConnectionResetByFault('reset by fault'));
          });
        return;
      }
      hash.update(chunk);
      const wait =
        options.bytesPerSecond === undefined
          ? 0
          : started + (size * 1000) / options.bytesPerSecond - performance.now();
      if (wait > 0) setTimeout(() => callback(null, chunk), wait);
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(request, meter, file);
  } catch (error) {
    await rm(options.path, { force: true });
    // A failing disk (an error with a syscall) is the server's fault, not an incomplete body.
    if (error instanceof ConnectionResetByFault || (error as NodeJS.ErrnoException).syscall !== undefined)
      throw error;
    throw new ServiceError('IncompleteBody', 'The request body ended before Content-Length bytes arrived');
  }
  if (size !== options.expectedLength) {
    await rm(options.path, { force: true });
    throw new ServiceError(
      'IncompleteBody',
      `Received ${size} bytes where Content-Length said ${options.expectedLength}`,
    );
  }
  return { path: options.path, size, md5: hash.digest('hex') };
}

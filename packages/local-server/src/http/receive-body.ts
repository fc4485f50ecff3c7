import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ServiceError } from '../internal/service-error.ts';
import type { ReceivedBody } from '../storage/records.ts';
import { bodyFailure, noSpaceError } from './body-failure.ts';
import { watchSilence } from './watch-silence.ts';

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
  /** The file write fails with ENOSPC once this many bytes arrived (a `disk-full` fault). */
  readonly diskFullAfterBytes?: number | undefined;
  /** RequestTimeout once the client sends nothing for this long (0: wait for ever). */
  readonly timeoutMs?: number | undefined;
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

/** The step between the request and the file: counts, hashes, and applies the body faults. */
function createMeter(request: IncomingMessage, file: WriteStream, hash: Hash, options: ReceiveOptions) {
  const started = performance.now();
  const meter = Object.assign(new Transform({ transform }), { size: 0 });
  function transform(
    received: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null, chunk?: Buffer) => void,
  ) {
    const chunk = damaged(received, meter.size, options.flipBitAt);
    meter.size += chunk.length;
    options.onBytes(chunk.length);
    if (options.resetAfterBytes !== undefined && meter.size >= options.resetAfterBytes) {
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
    if (options.diskFullAfterBytes !== undefined && meter.size > options.diskFullAfterBytes) {
      file.destroy(noSpaceError());
    }
    const wait =
      options.bytesPerSecond === undefined
        ? 0
        : started + (meter.size * 1000) / options.bytesPerSecond - performance.now();
    if (wait > 0) setTimeout(() => callback(null, chunk), wait);
    else callback(null, chunk);
  }
  return meter;
}

/**
 * Streams a request body to a file while hashing it, never holding it in memory. The request is piped, not
 * part of the pipeline: a failure on the server's side (a full disk, a silent client) leaves the connection
 * open for the error answer, and the rest of the body is drained. A body shorter than its Content-Length
 * (the client went away) is `IncompleteBody`; the file is removed on any failure.
 */
export async function receiveBody(request: IncomingMessage, options: ReceiveOptions): Promise<ReceivedBody> {
  const hash = createHash('md5');
  const file = createWriteStream(options.path, { highWaterMark: 1 << 20 });
  const meter = createMeter(request, file, hash, options);
  const wentAway = () => {
    if (!request.complete) meter.destroy(new Error('The client went away'));
  };
  request.once('close', wentAway);
  request.once('error', wentAway);
  request.pipe(meter);
  const stopWatching = watchSilence(request, options.timeoutMs ?? 0, () => {
    request.unpipe(meter);
    meter.destroy(new ServiceError('RequestTimeout', `No body bytes arrived for ${options.timeoutMs} ms`));
  });
  try {
    await pipeline(meter, file);
  } catch (error) {
    request.unpipe(meter);
    await rm(options.path, { force: true });
    throw error instanceof ConnectionResetByFault ? error : bodyFailure(error);
  } finally {
    stopWatching();
    request.off('close', wentAway);
    request.off('error', wentAway);
  }
  if (meter.size !== options.expectedLength) {
    await rm(options.path, { force: true });
    throw new ServiceError(
      'IncompleteBody',
      `Received ${meter.size} bytes where Content-Length said ${options.expectedLength}`,
    );
  }
  return { path: options.path, size: meter.size, md5: hash.digest('hex') };
}

import type { ClientRequest } from 'node:http';
import type { RateLimit } from '../rate-limit.ts';
import { type OpenedBody, slices } from '../request-body.ts';

// Bytes bodies are written in slices so that progress and the stall timer move while a part is sent.
const SLICE_BYTES = 1024 * 1024;

interface WriteControl {
  readonly onProgress: (deltaBytes: number) => void;
  /** True once the attempt ended (a response came early, a timeout, an abort): stop writing. */
  readonly isStopped: () => boolean;
  /** Caps the rate: each slice waits for `take` first, with `onPacing` told while it waits. */
  readonly rateLimit?: RateLimit | undefined;
  readonly signal: AbortSignal;
  readonly onPacing: (waiting: boolean) => void;
}

async function writeLimited(request: ClientRequest, chunk: Uint8Array, control: WriteControl): Promise<void> {
  const { rateLimit } = control;
  if (rateLimit === undefined) return write(request, chunk, control);
  for (const slice of slices(chunk, rateLimit.sliceBytes)) {
    if (control.isStopped()) return;
    control.onPacing(true);
    try {
      await rateLimit.take(slice.byteLength, control.signal);
    } finally {
      control.onPacing(false);
    }
    if (control.isStopped()) return;
    await write(request, slice, control);
  }
}

function write(request: ClientRequest, chunk: Uint8Array, control: WriteControl): Promise<void> {
  return new Promise((resolve, reject) => {
    const flushed = request.write(chunk, (error) => {
      if (error) return reject(error);
      control.onProgress(chunk.byteLength);
    });
    if (flushed) return resolve();
    const onDrain = () => {
      request.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      request.off('drain', onDrain);
      resolve();
    };
    request.once('drain', onDrain);
    request.once('close', onClose);
  });
}

/** Writes one attempt's body and ends the request. */
export async function writeBody(
  request: ClientRequest,
  body: OpenedBody | undefined,
  control: WriteControl,
): Promise<void> {
  if (body !== undefined && body.kind === 'bytes') {
    for (const slice of slices(body.bytes, SLICE_BYTES)) {
      if (control.isStopped()) break;
      await writeLimited(request, slice, control);
    }
  } else if (body !== undefined) {
    for await (const chunk of body.chunks) {
      if (control.isStopped()) break;
      await writeLimited(request, chunk, control);
    }
  }
  if (control.isStopped()) return;
  await new Promise<void>((resolve) => {
    request.once('close', resolve);
    request.end(() => {
      request.off('close', resolve);
      resolve();
    });
  });
}

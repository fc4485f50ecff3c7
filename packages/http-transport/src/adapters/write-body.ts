import type { ClientRequest } from 'node:http';
import type { OpenedBody } from '../request-body.ts';

// Bytes bodies are written in slices so that progress and the stall timer move while a part is sent.
const SLICE_BYTES = 1024 * 1024;

interface WriteControl {
  readonly onProgress: (deltaBytes: number) => void;
  /** True once the attempt ended (a response came early, a timeout, an abort): stop writing. */
  readonly isStopped: () => boolean;
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
    for (let offset = 0; offset < body.bytes.byteLength && !control.isStopped(); offset += SLICE_BYTES) {
      await write(request, body.bytes.subarray(offset, offset + SLICE_BYTES), control);
    }
  } else if (body !== undefined) {
    for await (const chunk of body.chunks) {
      if (control.isStopped()) break;
      await write(request, chunk, control);
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

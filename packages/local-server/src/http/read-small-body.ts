import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../internal/service-error.ts';
import { watchSilence } from './watch-silence.ts';

/** Limits of {@link readSmallBody}. */
export interface SmallBodyOptions {
  /** Bodies larger than this are MalformedJson. */
  readonly limit: number;
  /** RequestTimeout once the client sends nothing for this long (0: wait for ever). */
  readonly timeoutMs: number;
}

/**
 * Reads a small body (a Complete's part list) into a string. A failure stops reading without destroying
 * the request, so the error is answered on a live connection and the rest of the body is drained: the
 * client reads a 400, never a reset.
 */
export function readSmallBody(request: IncomingMessage, options: SmallBodyOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stopWatching = watchSilence(request, options.timeoutMs, () =>
      finish(new ServiceError('RequestTimeout', `No body bytes arrived for ${options.timeoutMs} ms`)),
    );
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= options.limit) chunks.push(chunk);
      else
        finish(new ServiceError('MalformedJson', `The request body is larger than ${options.limit} bytes`));
    };
    const onEnd = () => finish(undefined);
    const onClose = () => {
      if (!request.complete)
        finish(
          new ServiceError('IncompleteBody', 'The request body ended before Content-Length bytes arrived'),
        );
    };
    function finish(error: ServiceError | undefined) {
      stopWatching();
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('close', onClose);
      if (error === undefined) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(error);
    }
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('close', onClose);
  });
}

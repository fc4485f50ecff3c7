import { computePartETag } from '@jsskit/wire-types';
import { runtimeHashing } from '../internal/hashing.ts';
import { sendUntilIntact } from '../parts/damaged-body.ts';
import { countingAdmission } from '../throttling/part-throttling.ts';
import { uploadFailure } from './upload-failure.ts';
import { objectAttributes, type UploadResult } from './upload-options.ts';
import { resultOf, type UploadRun } from './upload-run.ts';

/**
 * Sends what fits in one part as a single PutObject with its Content-MD5, sent again while the answered
 * ETag shows a damaged body (damaged-body.ts). Its throttled attempts count, but it has no part to hold back.
 */
export async function putSingle(run: UploadRun, bytes: Uint8Array): Promise<Omit<UploadResult, 'seconds'>> {
  const { progress, options } = run;
  const md5 = computePartETag(bytes, runtimeHashing.md5Hex);
  progress.started(1, bytes.byteLength);
  run.completing = { size: bytes.byteLength, etag: md5 };
  const request = {
    onUploadProgress: (delta: number) => progress.sent(1, delta),
    admission: countingAdmission(run.limit, () => progress.retried(1, bytes.byteLength)),
    rateLimit: options.rateLimit,
  };
  await sendUntilIntact({
    what: `PutObject of ${options.key}`,
    md5,
    onResend: () => progress.retried(1, bytes.byteLength),
    send: async () => {
      const { etag } = await run.client.putObject({
        ...run.target,
        ...objectAttributes(options),
        body: bytes,
        contentMd5: md5,
        verifyETag: false,
        signal: run.stop.signal,
        request,
      });
      return etag;
    },
  }).catch((error: unknown) => {
    throw uploadFailure(error, run, { phase: 'single-put' });
  });
  progress.done(1, bytes.byteLength);
  return resultOf(run, { etag: md5, size: bytes.byteLength, parts: 0, confirmedByHead: false });
}

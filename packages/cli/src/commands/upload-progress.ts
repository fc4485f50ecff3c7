import type { PartEvent, UploadProgress } from '@jsskit/multipart';
import { formatBytes, type Output } from '../output.ts';
import type { ProgressDisplay, TransferProgress } from '../progress-display.ts';

/** What an upload's reports come to, for the display and for the line that ends an interrupted run. */
export interface UploadFollower {
  readonly onPart: (event: PartEvent) => void;
  readonly onProgress: (progress: UploadProgress) => void;
  /** Bytes of parts the server acknowledged, reused parts included. */
  confirmedBytes(): number;
  totalBytes(): number | undefined;
  /**
   * The upload completed: the last line shows it done, not `completing`, at the rate of the whole transfer
   * (the engine's rate is 0 for an upload too short to measure).
   */
  finish(result: { readonly sentBytes: number; readonly seconds: number }): void;
}

/**
 * Follows an upload: the display shows confirmed bytes (acknowledged parts plus parts reused on resume), which
 * never go back when a part is retried, unlike the bytes sent; a resume is said once, as soon as the first part
 * is sent or the first report arrives, not at the end (docs/adr/0022).
 */
export function followUpload(
  output: Output,
  display: ProgressDisplay,
  uploadId: () => string | undefined,
): UploadFollower {
  let reusedParts = 0;
  let reusedBytes = 0;
  let told = false;
  let latest: UploadProgress | undefined;
  const tellResume = () => {
    if (told) return;
    told = true;
    if (reusedParts > 0)
      output.notice(
        `resumed upload ${uploadId()}: skipped ${formatBytes(reusedBytes)} already on the server (${reusedParts} part${reusedParts === 1 ? '' : 's'}); sending the rest`,
      );
  };
  const show = (progress: UploadProgress, overrides: Partial<TransferProgress> = {}) =>
    display.update({ ...progress, doneBytes: progress.confirmedBytes, ...overrides });
  return {
    onPart: (event) => {
      if (event.state !== 'reused') return tellResume();
      reusedParts++;
      reusedBytes += event.size;
    },
    onProgress: (progress) => {
      tellResume();
      latest = progress;
      show(progress);
    },
    confirmedBytes: () => latest?.confirmedBytes ?? reusedBytes,
    totalBytes: () => latest?.totalBytes,
    finish: ({ sentBytes, seconds }) => {
      tellResume();
      const bytesPerSecond = seconds > 0 ? sentBytes / seconds : (latest?.bytesPerSecond ?? 0);
      if (latest !== undefined) show(latest, { phase: 'sending', etaSeconds: 0, bytesPerSecond });
      display.stop();
    },
  };
}

import { relative } from 'node:path';
import type { SyncAction, SyncProgress, SyncResult } from '@jsskit/sync';
import cliProgress from 'cli-progress';
import { reportError } from './cli-errors.ts';
import { formatBytes, type Output } from './output.ts';
import { formatRate } from './progress-display.ts';

/** What a directory run (`sync`, `cp -r`, `rm -r`) prints as it goes and at its end. */
export interface SyncReporter {
  readonly onAction: (action: SyncAction) => void;
  readonly onProgress: (progress: SyncProgress) => void;
  /** Stops the bar and prints the summary line. */
  finish(result: SyncResult): void;
  /** Stops the bar without a summary (the run failed as a whole). */
  stop(): void;
}

export interface SyncReporterOptions {
  /** Where `jss://` names point: the bucket. */
  readonly bucket: string;
  readonly dryRun: boolean;
  /** The TTY the bar is drawn on (stderr). */
  readonly stderr: NodeJS.WritableStream;
}

/** A path for people: relative to the working directory when it is inside it, absolute otherwise. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside === '' || inside.startsWith('..') ? path : inside;
}

/** `upload: a.txt to jss://b/p/a.txt`, `download: jss://b/k to k`, `delete: jss://b/k`. */
function humanLine(action: SyncAction, bucket: string): string {
  const url = `jss://${bucket}/${action.key}`;
  const path = action.path === undefined ? undefined : shown(action.path);
  if (action.kind === 'upload') return `upload: ${path} to ${url}`;
  if (action.kind === 'download')
    // A download checked by size alone says so; a dry run's reason is said once, in front of the line.
    return `download: ${url} to ${path}${action.reason === undefined || action.reason === 'dry run' ? '' : ` (${action.reason})`}`;
  return `delete: ${path ?? url}`;
}

/** One JSON line per action: `{"action":"upload","key":...,"path":...,"size":...}` (+ reason, error, code). */
function jsonLine(action: SyncAction): object {
  const failure = action.error === undefined ? undefined : reportError(action.error);
  return {
    action: action.kind,
    key: action.key,
    path: action.path,
    size: action.size,
    // A failure's reason is its error's message unless the library said more: print it once.
    reason: action.reason === action.error?.message ? undefined : action.reason,
    ...(failure === undefined ? {} : { error: failure.message, code: failure.code }),
  };
}

/** One bar for the whole run: files and bytes done of their totals, and the rate. */
function createBar(stream: NodeJS.WritableStream) {
  let bar: cliProgress.SingleBar | undefined;
  const payload = (progress: SyncProgress) => ({
    files: `${progress.filesDone}/${progress.filesTotal} files`,
    bytes: `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`,
    rate: formatRate(progress.bytesPerSecond),
  });
  return {
    update(progress: SyncProgress) {
      const total = Math.max(progress.bytesTotal, 1);
      const done = progress.bytesTotal === 0 ? 0 : progress.bytesDone;
      if (bar === undefined) {
        bar = new cliProgress.SingleBar(
          {
            format: 'sync {bar} {percentage}% | {files} | {bytes} | {rate}',
            stream: stream as NodeJS.WritableStream & { isTTY: boolean },
            hideCursor: true,
            barsize: 24,
            fps: 8,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, payload(progress));
      } else {
        bar.setTotal(total);
        bar.update(done, payload(progress));
      }
    },
    /** Clears the bar's line so that a line printed now does not run into it; it is drawn again next tick. */
    clearLine() {
      if (bar !== undefined) stream.write('\r\u001b[K');
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** Prints actions (a human line per transfer, delete and failure; JSON lines with --json) and the summary. */
export function createSyncReporter(output: Output, options: SyncReporterOptions): SyncReporter {
  const bar = output.isTty && !output.json ? createBar(options.stderr) : undefined;
  const dry = options.dryRun ? '(dry run) ' : '';
  return {
    onAction(action) {
      bar?.clearLine();
      if (output.json) output.result(jsonLine(action), '');
      else if (action.kind === 'fail') {
        const failure = reportError(action.error);
        output.log(`failed: ${action.path ?? action.key}: ${failure.message} [${failure.code}]`);
      } else if (action.kind !== 'skip') output.result({}, `${dry}${humanLine(action, options.bucket)}`);
    },
    onProgress(progress) {
      bar?.update(progress);
    },
    stop() {
      bar?.stop();
    },
    finish(result) {
      bar?.stop();
      const { uploaded, downloaded, deleted, skipped, failed, bytes, seconds } = result;
      const summary = {
        uploaded,
        downloaded,
        deleted,
        skipped,
        failed,
        bytes,
        seconds: Number(seconds.toFixed(3)),
      };
      output.result(
        summary,
        `${dry}${uploaded} uploaded, ${downloaded} downloaded, ${deleted} deleted, ${skipped} skipped, ` +
          `${failed} failed; ${formatBytes(bytes)} in ${seconds.toFixed(1)} s`,
      );
    },
  };
}

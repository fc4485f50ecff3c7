import cliProgress from 'cli-progress';
import { formatBytes, type Output } from './output.ts';

/** One progress report of an upload or a download, as the display needs it. */
export interface TransferProgress {
  readonly doneBytes: number;
  readonly totalBytes: number | undefined;
  readonly bytesPerSecond: number;
  readonly etaSeconds: number | undefined;
  readonly partsInFlight?: number | undefined;
  readonly retries?: number | undefined;
  /** Every part is confirmed and the upload is being completed: shown instead of the ETA. */
  readonly phase?: 'sending' | 'completing' | undefined;
}

/** Shows transfer progress: a bar on a TTY, a plain line every few seconds otherwise, nothing when quiet. */
export interface ProgressDisplay {
  update(progress: TransferProgress): void;
  stop(): void;
}

const PLAIN_INTERVAL_MS = 2_000;

/** `1 part`, `2 parts`, `0 retries`. */
function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `192 B/s`, `1.50 MiB/s`: whole bytes below a KiB. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

function details(progress: TransferProgress): string {
  const parts =
    progress.partsInFlight === undefined
      ? ''
      : ` | ${count(progress.partsInFlight, 'part', 'parts')} in flight`;
  const retries = progress.retries === undefined ? '' : ` | ${count(progress.retries, 'retry', 'retries')}`;
  return `${formatRate(progress.bytesPerSecond)}${parts}${retries}`;
}

// `eta 1m05s`, or `completing` once every part is confirmed and only Complete is left.
function remaining(progress: TransferProgress): string {
  if (progress.phase === 'completing') return 'completing';
  if (progress.etaSeconds === undefined || !Number.isFinite(progress.etaSeconds)) return 'eta --';
  const seconds = Math.round(progress.etaSeconds);
  return seconds >= 60
    ? `eta ${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`
    : `eta ${seconds}s`;
}

/** A display for one transfer, chosen from the output's settings. */
export function createProgressDisplay(
  output: Output,
  label: string,
  stream: NodeJS.WritableStream = process.stderr,
): ProgressDisplay {
  if (output.quiet) return { update: () => undefined, stop: () => undefined };
  if (output.isTty) return barDisplay(label, stream);
  let last = 0;
  let latest: TransferProgress | undefined;
  let printed = '';
  const text = (progress: TransferProgress) => {
    const total = progress.totalBytes === undefined ? '' : ` of ${formatBytes(progress.totalBytes)}`;
    return `${label}: ${formatBytes(progress.doneBytes)}${total}, ${details(progress)}, ${remaining(progress)}`;
  };
  const line = (progress: TransferProgress) => {
    printed = text(progress);
    output.log(printed);
  };
  return {
    update(progress) {
      latest = progress;
      const now = performance.now();
      if (now - last < PLAIN_INTERVAL_MS) return;
      last = now;
      line(progress);
    },
    // The last state is printed unless it was the last line: a short transfer's first line is not its end.
    stop() {
      if (latest !== undefined && text(latest) !== printed) line(latest);
    },
  };
}

// A known total gets a bar and a percentage; an unknown one (stdin) only the bytes so far: a bar of what was
// read so far would show 100% while the stream still runs.
function barFormat(label: string, totalKnown: boolean): string {
  return totalKnown
    ? `${label} {bar} {percentage}% | {done}{of} | {details} | {remaining}`
    : `${label} {done} so far | {details}`;
}

function barDisplay(label: string, stream: NodeJS.WritableStream): ProgressDisplay {
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(progress) {
      const payload = {
        done: formatBytes(progress.doneBytes),
        of: progress.totalBytes === undefined ? '' : ` of ${formatBytes(progress.totalBytes)}`,
        details: details(progress),
        remaining: remaining(progress),
      };
      const total = Math.max(progress.totalBytes ?? progress.doneBytes, 1);
      if (bar === undefined) {
        bar = new cliProgress.SingleBar(
          {
            format: barFormat(label, progress.totalBytes !== undefined),
            stream: stream as NodeJS.WritableStream & { isTTY: boolean },
            hideCursor: true,
            barsize: 24,
            fps: 8,
            etaBuffer: 1,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, progress.doneBytes, payload);
      } else {
        bar.setTotal(total);
        bar.update(progress.doneBytes, payload);
      }
    },
    stop() {
      bar?.stop();
    },
  };
}

import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type DownloadProgress, downloadObject, MultipartError, planUpload } from '@jsskit/multipart';
import { STORAGE_CLASSES } from '@jsskit/wire-types';
import { type Command, Option } from 'commander';
import { CHECKPOINT_DIR_HELP } from '../checkpoint-directory.ts';
import { InterruptedError, UsageError } from '../cli-errors.ts';
import type { CommandContext, Runner } from '../command-context.ts';
import { isJssUrl, type JssUrl, parseJssUrl, parseObjectUrl } from '../jss-url.ts';
import { formatBytes, mibPerSecond, type Output } from '../output.ts';
import { parsePartSize, parsePositiveInt, parseRate } from '../parse-options.ts';
import { createProgressDisplay, type ProgressDisplay } from '../progress-display.ts';
import { checkRemoteCopyOptions, copyRemote, SERVER_SIDE_COPY_HELP } from './copy-remote.ts';
import { type CopyOptions, rateLimitOf, upload } from './copy-upload.ts';

/**
 * Why only the size was checked: the ETag matched neither the MD5 nor the multipart ETag of the layout tried,
 * the one --part-size gave or the default for the size; a JSS multipart ETag does not say its part count, so
 * the part size the object was uploaded with is the remedy.
 */
function sizeOnlyNotice(result: { size: number; etag: string }): string {
  const tried = planUpload({ size: result.size }).partSize;
  return `checked the size only: the ETag ${result.etag} is neither the MD5 nor the multipart ETag of ${formatBytes(tried)} parts (the default layout for its size); pass the part size it was uploaded with as --part-size to check its bytes`;
}

/** With --part-size the layout is taken as known, so a mismatch is an error: say both ways it can arise. */
function withPartSizeHint(error: unknown, partSize: number | undefined): unknown {
  if (partSize === undefined || !MultipartError.isInstance(error)) return error;
  if (error.code !== 'MULTIPART_CHECKSUM_MISMATCH') return error;
  const hint = `the bytes were damaged on the way, or the object was not uploaded in ${formatBytes(partSize)} parts (--part-size): pass the part size it was, or leave --part-size out to check the size only`;
  return new MultipartError(error.code, `${error.message}; ${hint}`, { cause: error });
}

/** The file a download writes: the target, or the key's base name in it when it is a directory. */
async function downloadPath(target: string, key: string): Promise<string> {
  const info = await stat(target).catch(() => undefined);
  return info?.isDirectory() === true || target.endsWith('/') ? join(target, basename(key)) : target;
}

/** Follows a download: its progress, and its resume said once, at the first report, as uploads do. */
function followDownload(output: Output, display: ProgressDisplay) {
  const started = performance.now();
  let told = false;
  const tellResume = (resumedBytes: number) => {
    if (told || resumedBytes === 0) return;
    told = true;
    output.notice(`resumed download: kept ${formatBytes(resumedBytes)} from the last run`);
  };
  const onProgress = (progress: DownloadProgress) => {
    tellResume(progress.resumedBytes);
    const { doneBytes, totalBytes } = progress;
    const rate = progress.receivedBytes / Math.max((performance.now() - started) / 1000, 0.001);
    const etaSeconds = totalBytes === undefined ? undefined : (totalBytes - doneBytes) / Math.max(rate, 1);
    display.update({ doneBytes, totalBytes, bytesPerSecond: rate, etaSeconds });
  };
  return { onProgress, tellResume };
}

async function download(
  context: CommandContext,
  source: JssUrl,
  target: string,
  options: CopyOptions,
): Promise<void> {
  const { output, signal } = context;
  const toStdout = target === '-';
  const path = toStdout ? target : await downloadPath(target, source.key);
  const { transport } = await context.session();
  const display = createProgressDisplay(output, `download ${basename(source.key)}`);
  const follower = followDownload(output, display);
  try {
    const result = await downloadObject({
      ...{ transport, bucket: source.bucket, key: source.key, signal },
      destination: toStdout ? process.stdout : path,
      resume: options.resume,
      partSize: options.partSize,
      concurrency: options.concurrency,
      rateLimit: rateLimitOf(options),
      onProgress: follower.onProgress,
    });
    display.stop();
    follower.tellResume(result.resumedBytes);
    if (result.check === 'size') output.notice(sizeOnlyNotice(result));
    const human = toStdout
      ? ''
      : `download: jss://${source.bucket}/${source.key} to ${path} (${formatBytes(result.size)}, checked by ${result.check})`;
    const rate = mibPerSecond(result.receivedBytes, result.seconds);
    const value = { ...result, destination: toStdout ? '-' : path, mibPerSecond: rate };
    if (toStdout) output.resultBesideData(value);
    else output.result(value, human);
  } catch (error) {
    display.stop();
    if (MultipartError.isInstance(error) && error.code === 'MULTIPART_ABORTED' && signal.aborted)
      throw new InterruptedError(
        toStdout ? 'interrupted' : 'interrupted; run the same command again to resume the download',
        { cause: error },
      );
    throw withPartSizeHint(error, options.partSize);
  }
}

/** `jss cp SRC DST`: upload (file or -) or download (to a file or -). */
export function registerCopyCommand(program: Command, run: Runner): void {
  program
    .command('cp')
    .description(
      'copy a file or stdin (-) to jss://BUCKET/KEY, an object to a file or stdout (-), or to another jss:// location (server-side); uploads and downloads resume',
    )
    .argument('<source>', 'FILE, - (stdin) or jss://BUCKET/KEY')
    .argument('<destination>', 'jss://BUCKET/KEY (or BUCKET/PREFIX/), FILE, DIR or - (stdout)')
    .addHelpText('after', SERVER_SIDE_COPY_HELP)
    .option('--part-size <size>', 'part size (8MiB default; raised to fit 10000 parts)', parsePartSize)
    .option(
      '--concurrency <n>',
      'parts in flight at most, up or down (default 4; an upload lowers it to 128 MiB / part size)',
      parsePositiveInt,
    )
    .option('--no-adaptive', 'keep --concurrency parts in flight even when the server throttles')
    .option(
      '--limit-rate <rate>',
      'send or receive at most this many bytes per second (512K, 10M)',
      parseRate,
    )
    .addOption(
      new Option('--storage-class <class>', 'storage class of the new object').choices([...STORAGE_CLASSES]),
    )
    .option('--encrypt', 'server-side encryption (sends x-jss-server-side-encryption: true)')
    .option('--content-type <type>', 'Content-Type of the new object')
    .option('--no-resume', 'start afresh: no checkpoint for an upload, no partial file kept for a download')
    .option(
      '--restart',
      'abort the upload of this file an earlier run left (changed source, --no-resume), drop its checkpoint, start over',
    )
    .option('--checkpoint-dir <dir>', CHECKPOINT_DIR_HELP)
    .action((source: string, destination: string, options: CopyOptions, command: Command) =>
      run(command, async (context) => {
        if (isJssUrl(source) && isJssUrl(destination)) {
          const copy = { source: parseObjectUrl(source), target: parseJssUrl(destination) };
          checkRemoteCopyOptions(options);
          return copyRemote(context, { ...copy, mode: 'copy' });
        }
        if (isJssUrl(destination)) return upload(context, source, parseJssUrl(destination), options);
        if (options.restart === true) throw new UsageError('--restart applies to uploads, not downloads');
        if (isJssUrl(source)) return download(context, parseObjectUrl(source), destination, options);
        throw new UsageError('one side of cp must be jss://BUCKET/KEY');
      }),
    );
}

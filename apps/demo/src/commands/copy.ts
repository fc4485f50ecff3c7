import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { createRateLimit, type RateLimit } from '@jsskit/http-transport';
import { downloadObject, FileCheckpointStore, MultipartError, uploadObject } from '@jsskit/multipart';
import { STORAGE_CLASSES, type StorageClass } from '@jsskit/wire-types';
import { type Command, Option } from 'commander';
import { CHECKPOINT_DIR_HELP, checkpointDirectory } from '../checkpoint-directory.ts';
import { InterruptedError, UsageError } from '../cli-errors.ts';
import type { CommandContext, Runner } from '../command-context.ts';
import { isJssUrl, type JssUrl, parseJssUrl, parseObjectUrl } from '../jss-url.ts';
import { formatBytes, mibPerSecond } from '../output.ts';
import { parsePositiveInt, parseRate, parseSize } from '../parse-options.ts';
import { createProgressDisplay, type TransferProgress } from '../progress-display.ts';

interface CopyOptions {
  readonly partSize?: number;
  readonly concurrency?: number;
  readonly adaptive: boolean;
  readonly storageClass?: StorageClass;
  readonly encrypt?: boolean;
  readonly contentType?: string;
  readonly resume: boolean;
  readonly checkpointDir?: string;
  readonly limitRate?: number;
}

function rateLimitOf(options: CopyOptions): RateLimit | undefined {
  return options.limitRate === undefined ? undefined : createRateLimit({ bytesPerSecond: options.limitRate });
}

async function upload(
  context: CommandContext,
  source: string,
  target: JssUrl,
  options: CopyOptions,
): Promise<void> {
  const { output, signal, env } = context;
  const fromStdin = source === '-';
  if (fromStdin && (target.key === '' || target.key.endsWith('/')))
    throw new UsageError('uploading stdin needs a key: jss cp - jss://BUCKET/KEY');
  if (!fromStdin) {
    const info = await stat(source).catch(() => undefined);
    if (info === undefined || !info.isFile()) throw new UsageError(`${source} is not a readable file`);
  }
  const key = target.key === '' || target.key.endsWith('/') ? `${target.key}${basename(source)}` : target.key;
  const session = await context.session();
  const path = fromStdin ? undefined : resolve(source);
  const resumable = options.resume && path !== undefined;
  const display = createProgressDisplay(output, `upload ${fromStdin ? 'stdin' : basename(source)}`);
  let confirmed = 0;
  let total: number | undefined;
  let latest: TransferProgress | undefined;
  try {
    const result = await uploadObject({
      transport: session.transport,
      bucket: target.bucket,
      key,
      source: path ?? process.stdin,
      partSize: options.partSize,
      concurrency: options.concurrency,
      adaptiveConcurrency: options.adaptive,
      rateLimit: rateLimitOf(options),
      storageClass: options.storageClass,
      encrypt: options.encrypt,
      contentType: options.contentType,
      signal,
      checkpointStore: resumable
        ? new FileCheckpointStore(checkpointDirectory(options.checkpointDir, env))
        : undefined,
      checkpointId: resumable
        ? createHash('sha256')
            .update(`${session.identity}\n${target.bucket}\n${key}\n${path}`)
            .digest('hex')
            .slice(0, 32)
        : undefined,
      onProgress: (progress) => {
        confirmed = progress.confirmedBytes;
        total = progress.totalBytes;
        latest = { ...progress, doneBytes: Math.max(progress.sentBytes, progress.confirmedBytes) };
        display.update(latest);
      },
    });
    // Completed: the last line says so, not `completing`.
    if (latest !== undefined) display.update({ ...latest, phase: 'sending', etaSeconds: 0 });
    display.stop();
    if (result.throttles > 0)
      output.notice(
        `the server throttled ${result.throttles} request${result.throttles > 1 ? 's' : ''} (503/SlowDown); parts in flight went down to ${result.lowestConcurrency}`,
      );
    if (result.resumedBytes > 0)
      output.notice(
        `resumed upload ${result.uploadId}: skipped ${formatBytes(result.resumedBytes)} already on the server`,
      );
    const mib = (result.size - result.resumedBytes) / 1024 / 1024;
    output.result(
      {
        ...result,
        source,
        mibPerSecond: result.seconds > 0 ? Number((mib / result.seconds).toFixed(1)) : null,
      },
      `upload: ${source} to jss://${result.bucket}/${result.key} (${formatBytes(result.size)}, ${result.parts || 1} part${result.parts > 1 ? 's' : ''}, etag ${result.etag}, ${result.seconds.toFixed(1)} s)`,
    );
  } catch (error) {
    display.stop();
    if (MultipartError.isInstance(error) && error.code === 'MULTIPART_ABORTED' && signal.aborted) {
      const where =
        total === undefined ? formatBytes(confirmed) : `${formatBytes(confirmed)} of ${formatBytes(total)}`;
      throw new InterruptedError(
        resumable
          ? `interrupted after ${where} confirmed; run the same command again to resume`
          : `interrupted after ${where} confirmed (not resumable: ${fromStdin ? 'stdin' : '--no-resume'})`,
        { cause: error },
      );
    }
    throw error;
  }
}

async function download(
  context: CommandContext,
  source: JssUrl,
  target: string,
  options: CopyOptions,
): Promise<void> {
  const { output, signal } = context;
  const toStdout = target === '-';
  let path = target;
  if (!toStdout) {
    const info = await stat(target).catch(() => undefined);
    if (info?.isDirectory() === true || target.endsWith('/')) path = join(target, basename(source.key));
  }
  const { transport } = await context.session();
  const display = createProgressDisplay(output, `download ${basename(source.key)}`);
  const started = performance.now();
  try {
    const result = await downloadObject({
      transport,
      bucket: source.bucket,
      key: source.key,
      destination: toStdout ? process.stdout : path,
      resume: options.resume,
      partSize: options.partSize,
      rateLimit: rateLimitOf(options),
      signal,
      onProgress: (progress) => {
        const { doneBytes } = progress;
        const rate = progress.receivedBytes / Math.max((performance.now() - started) / 1000, 0.001);
        const left =
          progress.totalBytes === undefined
            ? undefined
            : (progress.totalBytes - doneBytes) / Math.max(rate, 1);
        display.update({
          doneBytes,
          totalBytes: progress.totalBytes,
          bytesPerSecond: rate,
          etaSeconds: left,
        });
      },
    });
    display.stop();
    if (result.resumedBytes > 0)
      output.notice(`resumed download: kept ${formatBytes(result.resumedBytes)} from the last run`);
    if (result.check === 'size')
      output.notice(
        `checked the size only: the ETag ${result.etag} is neither the MD5 nor the multipart ETag of the default layout (try --part-size)`,
      );
    const human = toStdout
      ? ''
      : `download: jss://${source.bucket}/${source.key} to ${path} (${formatBytes(result.size)}, checked by ${result.check})`;
    const rate = mibPerSecond(result.receivedBytes, result.seconds);
    const value = { ...result, destination: toStdout ? '-' : path, mibPerSecond: rate };
    if (!toStdout || output.json) output.result(value, human);
  } catch (error) {
    display.stop();
    if (MultipartError.isInstance(error) && error.code === 'MULTIPART_ABORTED' && signal.aborted)
      throw new InterruptedError(
        toStdout ? 'interrupted' : 'interrupted; run the same command again to resume the download',
        { cause: error },
      );
    throw error;
  }
}

/** `jss cp SRC DST`: upload (file or -) or download (to a file or -). */
export function registerCopyCommand(program: Command, run: Runner): void {
  program
    .command('cp')
    .description(
      'copy a file or stdin (-) to jss://BUCKET/KEY, or an object to a file or stdout (-); resumes',
    )
    .argument('<source>', 'FILE, - (stdin) or jss://BUCKET/KEY')
    .argument('<destination>', 'jss://BUCKET/KEY (or BUCKET/PREFIX/), FILE, DIR or - (stdout)')
    .option('--part-size <size>', 'part size (8MiB default; raised to fit 10000 parts)', parseSize)
    .option('--concurrency <n>', 'parts in flight at most (default 4)', parsePositiveInt)
    .option('--no-adaptive', 'keep --concurrency parts in flight even when the server throttles')
    .option(
      '--limit-rate <rate>',
      'send or receive at most this many bytes per second (512K, 10M)',
      parseRate,
    )
    .addOption(
      new Option('--storage-class <class>', 'storage class of the new object').choices([...STORAGE_CLASSES]),
    )
    .option('--encrypt', 'server-side encryption (AES256)')
    .option('--content-type <type>', 'Content-Type of the new object')
    .option('--no-resume', 'start afresh: no checkpoint for an upload, no partial file kept for a download')
    .option('--checkpoint-dir <dir>', CHECKPOINT_DIR_HELP)
    .action((source: string, destination: string, options: CopyOptions, command: Command) =>
      run(command, async (context) => {
        if (isJssUrl(source) && isJssUrl(destination))
          throw new UsageError('copying between two jss:// locations is not supported; download then upload');
        if (isJssUrl(destination)) return upload(context, source, parseJssUrl(destination), options);
        if (isJssUrl(source)) return download(context, parseObjectUrl(source), destination, options);
        throw new UsageError('one side of cp must be jss://BUCKET/KEY');
      }),
    );
}

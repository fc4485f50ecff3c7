import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createRateLimit, type RateLimit } from '@jsskit/http-transport';
import {
  createUpload,
  FileCheckpointStore,
  type MultipartUpload,
  type UploadResult,
} from '@jsskit/multipart';
import type { StorageClass } from '@jsskit/wire-types';
import { checkpointDirectory, checkpointIdOf, restartCheckpoint } from '../checkpoint-directory.ts';
import { UsageError } from '../cli-errors.ts';
import type { CommandContext } from '../command-context.ts';
import type { JssUrl } from '../jss-url.ts';
import { formatBytes, mibPerSecond, type Output } from '../output.ts';
import { createProgressDisplay } from '../progress-display.ts';
import type { Session } from '../session.ts';
import { stopMessage, type UploadNames, uploadFailure } from './upload-failure.ts';
import { planUpload } from './upload-plan.ts';
import { followUpload } from './upload-progress.ts';

/** The options of `jss cp`. */
export interface CopyOptions {
  readonly partSize?: number;
  readonly concurrency?: number;
  readonly adaptive: boolean;
  readonly storageClass?: StorageClass;
  readonly encrypt?: boolean;
  readonly contentType?: string;
  readonly resume: boolean;
  readonly restart?: boolean;
  readonly checkpointDir?: string;
  readonly limitRate?: number;
}

export function rateLimitOf(options: CopyOptions): RateLimit | undefined {
  return options.limitRate === undefined ? undefined : createRateLimit({ bytesPerSecond: options.limitRate });
}

/** Where an upload is checkpointed: none for stdin or --no-resume. */
interface Checkpoint {
  readonly store: FileCheckpointStore;
  readonly id: string;
}

/**
 * The checkpoint of a file's upload. `--restart` first aborts the upload an earlier run left and drops its
 * checkpoint; `--no-resume` leaves such an upload alone and says so (docs/adr/0022).
 */
async function prepareCheckpoint(
  context: CommandContext,
  session: Session,
  upload: { readonly path: string; readonly bucket: string; readonly key: string },
  options: CopyOptions,
): Promise<Checkpoint | undefined> {
  const { output, env } = context;
  const store = new FileCheckpointStore(checkpointDirectory(options.checkpointDir, env));
  const id = checkpointIdOf({ identity: session.identity, ...upload });
  if (options.restart === true) {
    const aborted = await restartCheckpoint(store, id, session.client);
    if (aborted !== undefined)
      output.notice(`--restart: aborted upload ${aborted} of this file and dropped its checkpoint`);
  } else if (!options.resume) {
    const earlier = await store.load(id);
    if (earlier !== undefined)
      output.notice(
        `--no-resume: upload ${earlier.uploadId} that an earlier run left is kept, resumable, with its checkpoint; ` +
          `jss cp --restart or jss abort jss://${upload.bucket}/${upload.key} --upload-id ${earlier.uploadId} drops it`,
      );
  }
  return options.resume ? { store, id } : undefined;
}

// `parts` is 0 for a single PUT (--json documents it): the human line says so rather than `1 part`.
function partsOf(parts: number): string {
  return parts === 0 ? 'single PUT' : `${parts} part${parts === 1 ? '' : 's'}`;
}

/** The checkpoint of a file's upload, none for stdin; a lock another `jss cp` holds is said as such. */
async function checkpointFor(
  context: CommandContext,
  session: Session,
  upload: { readonly path: string | undefined; readonly bucket: string; readonly key: string },
  options: CopyOptions,
  names: UploadNames,
): Promise<Checkpoint | undefined> {
  const { path } = upload;
  if (path === undefined) return undefined;
  return prepareCheckpoint(context, session, { ...upload, path }, options).catch((error: unknown) =>
    Promise.reject(uploadFailure(error, names, undefined)),
  );
}

function reportUpload(output: Output, result: UploadResult, source: string): void {
  if (result.throttles > 0)
    output.notice(
      `the server throttled ${result.throttles} request${result.throttles > 1 ? 's' : ''} (503/SlowDown); parts in flight went down to ${result.lowestConcurrency}`,
    );
  const sent = result.size - result.resumedBytes;
  output.result(
    { ...result, source, mibPerSecond: mibPerSecond(sent, result.seconds) },
    `upload: ${source} to jss://${result.bucket}/${result.key} (${formatBytes(result.size)}, ${partsOf(result.parts)}, etag ${result.etag}, ${result.seconds.toFixed(1)} s)`,
  );
}

function keyFor(source: string, target: JssUrl): string {
  return target.key === '' || target.key.endsWith('/') ? `${target.key}${basename(source)}` : target.key;
}

/** The size of the file to upload, or undefined for stdin. */
async function checkSource(
  source: string,
  target: JssUrl,
  options: CopyOptions,
): Promise<number | undefined> {
  if (source === '-') {
    if (target.key === '' || target.key.endsWith('/'))
      throw new UsageError('uploading stdin needs a key: jss cp - jss://BUCKET/KEY');
    if (options.restart === true)
      throw new UsageError('--restart applies to the upload of a file, not stdin');
    return undefined;
  }
  const info = await stat(source).catch(() => undefined);
  if (info === undefined || !info.isFile()) throw new UsageError(`${source} is not a readable file`);
  return info.size;
}

/** The engine options that come straight from `cp`'s flags. */
function objectOptions(options: CopyOptions) {
  return {
    partSize: options.partSize,
    adaptiveConcurrency: options.adaptive,
    rateLimit: rateLimitOf(options),
    storageClass: options.storageClass,
    encrypt: options.encrypt,
    contentType: options.contentType,
  };
}

/** `jss cp FILE|- jss://BUCKET/KEY`. */
export async function upload(
  context: CommandContext,
  source: string,
  target: JssUrl,
  options: CopyOptions,
): Promise<void> {
  const { output, signal } = context;
  const size = await checkSource(source, target, options);
  const key = keyFor(source, target);
  const session = await context.session();
  const path = size === undefined ? undefined : resolve(source);
  const notResumable = path === undefined ? 'stdin' : options.resume ? undefined : '--no-resume';
  const names: UploadNames = { source, target: `jss://${target.bucket}/${key}`, notResumable };
  const place = { path, bucket: target.bucket, key };
  const checkpoint = await checkpointFor(context, session, place, options, names);
  const { concurrency } = planUpload(output, { ...options, size });
  const display = createProgressDisplay(output, `upload ${path === undefined ? 'stdin' : basename(source)}`);
  let started: MultipartUpload | undefined;
  const follower = followUpload(output, display, () => started?.uploadId);
  started = createUpload({
    ...{ transport: session.transport, bucket: target.bucket, key, source: path ?? process.stdin },
    ...objectOptions(options),
    concurrency,
    signal,
    checkpointStore: checkpoint?.store,
    checkpointId: checkpoint?.id,
    // Stdin and --no-resume can never resume: what they leave on a failure or a Ctrl-C would only cost.
    onFailure: checkpoint === undefined ? 'abort' : 'keep',
    onProgress: follower.onProgress,
    onPart: follower.onPart,
  });
  const result = await started.done().catch((error: unknown) => {
    display.stop();
    throw uploadFailure(error, names, signal.aborted ? stopMessage(follower, names) : undefined);
  });
  follower.finish(result);
  reportUpload(output, result, source);
}

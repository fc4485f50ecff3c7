import type { Client } from '@jsskit/client';
import type { Transport } from '@jsskit/http-transport';
import type { UploadSummary } from '@jsskit/wire-types';
import type { CheckpointStore, ReleaseLock } from '../checkpoints/checkpoint-store.ts';
import { MultipartError } from '../errors.ts';
import { abortUpload } from '../service/jss-calls.ts';
import {
  clientOf,
  connectionClient,
  type EngineClient,
  type ServiceConnection,
} from '../service/service-connection.ts';
import { uploadSummaryOf } from '../service/wire-summaries.ts';

/** Options of {@link sweepIncompleteUploads}: `client` or `transport`, and what to sweep. */
export interface SweepOptions extends ServiceConnection {
  readonly bucket: string;
  readonly prefix?: string | undefined;
  /** Only uploads initiated longer ago than this are aborted. */
  readonly olderThanMs: number;
  /** List what would be aborted without aborting it. @defaultValue false */
  readonly dryRun?: boolean | undefined;
  /**
   * Touch only uploads recorded in this store's checkpoints (it must have `list`): other tools' and other
   * users' uploads under the prefix are left alone, and so is an upload whose checkpoint is locked by a
   * running uploader, however old. The checkpoint of an aborted upload is removed.
   */
  readonly ownedBy?: CheckpointStore | undefined;
  readonly now?: (() => number) | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** What a sweep found. */
export interface SweepResult {
  readonly aborted: readonly UploadSummary[];
  /** Too young, or (with `ownedBy`) still being uploaded. */
  readonly kept: readonly UploadSummary[];
  /** With `ownedBy`: uploads that are not in the store, never touched. */
  readonly notOwned: readonly UploadSummary[];
}

/** Upload id → checkpoint id, for the checkpoints of one bucket in a store. */
async function ownedUploads(store: CheckpointStore, bucket: string): Promise<Map<string, string>> {
  if (store.list === undefined)
    throw new MultipartError('MULTIPART_INVALID_OPTIONS', 'ownedBy needs a checkpoint store with list()');
  const owned = new Map<string, string>();
  for (const id of await store.list()) {
    const state = await store.load(id);
    if (state !== undefined && state.bucket === bucket) owned.set(state.uploadId, id);
  }
  return owned;
}

/** The checkpoint's lock, or undefined when a running uploader holds it. */
async function tryLock(store: CheckpointStore, id: string): Promise<ReleaseLock | undefined> {
  try {
    return await store.lock(id);
  } catch (error) {
    if (MultipartError.isInstance(error) && error.code === 'MULTIPART_LOCKED') return undefined;
    throw error;
  }
}

/**
 * Every in-progress upload under a prefix (the client's `listMultipartUploads`, every page), in the wire's
 * shape. The first argument is a client or a transport.
 */
// biome-ignore lint/complexity/useMaxParams: the CLI and the e2e tests call it positionally; an options form is for when the CLI moves to its package
export async function listIncompleteUploads(
  connection: Client | Transport,
  bucket: string,
  prefix: string | undefined,
  signal?: AbortSignal,
): Promise<UploadSummary[]> {
  return uploadsOf(clientOf(connection), { bucket, prefix, signal });
}

async function uploadsOf(
  client: EngineClient,
  {
    bucket,
    prefix,
    signal,
  }: {
    readonly bucket: string;
    readonly prefix?: string | undefined;
    readonly signal?: AbortSignal | undefined;
  },
): Promise<UploadSummary[]> {
  const uploads: UploadSummary[] = [];
  for await (const upload of client.listMultipartUploads({ bucket, prefix, signal }))
    uploads.push(uploadSummaryOf(upload));
  return uploads;
}

/**
 * Aborts in-progress uploads under a prefix that were initiated more than `olderThanMs` ago: the orphans a
 * crashed or abandoned client leaves. Uploads younger than that, which may still be running, are kept; with
 * `ownedBy`, only uploads of that checkpoint store are considered, and running ones (locked) are kept.
 */
export async function sweepIncompleteUploads(options: SweepOptions): Promise<SweepResult> {
  const now = (options.now ?? Date.now)();
  const client = connectionClient(options);
  const uploads = await uploadsOf(client, options);
  const { ownedBy: store } = options;
  const owned = store === undefined ? undefined : await ownedUploads(store, options.bucket);
  const aborted: UploadSummary[] = [];
  const kept: UploadSummary[] = [];
  const notOwned: UploadSummary[] = [];
  for (const upload of uploads) {
    const checkpointId = owned?.get(upload.UploadId);
    if (owned !== undefined && checkpointId === undefined) {
      notOwned.push(upload);
      continue;
    }
    const initiated = Date.parse(upload.Initiated);
    if (Number.isNaN(initiated) || now - initiated <= options.olderThanMs) {
      kept.push(upload);
      continue;
    }
    const unlock =
      store === undefined || checkpointId === undefined ? undefined : await tryLock(store, checkpointId);
    if (store !== undefined && unlock === undefined) {
      kept.push(upload);
      continue;
    }
    try {
      if (options.dryRun !== true) {
        await abortUpload(
          client,
          { bucket: options.bucket, key: upload.Key, uploadId: upload.UploadId },
          options.signal,
        );
        if (store !== undefined && checkpointId !== undefined) await store.remove(checkpointId);
      }
    } finally {
      await unlock?.();
    }
    aborted.push(upload);
  }
  return { aborted, kept, notOwned };
}

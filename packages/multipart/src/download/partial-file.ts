import { createReadStream } from 'node:fs';
import { type FileHandle, open, readFile, rename, rm, stat } from 'node:fs/promises';
import type { DownloadHashes } from './download-hashes.ts';
import type { DownloadOptions } from './download-object.ts';

/**
 * What `<path>.jss-partial.json` says of the partial file beside it: the object its bytes are from, and for
 * a download in parts, the part size and the MD5 of each part already written (by index from 0).
 */
export interface Sidecar {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  readonly size: number;
  readonly partSize?: number | undefined;
  readonly parts?: Readonly<Record<string, string>> | undefined;
}

/** One download while it runs: its partial file, if any, and how far it got. */
export interface DownloadRun {
  readonly options: DownloadOptions;
  readonly toFile: boolean;
  /** `<path>.jss-partial` for a file, '' for a Writable. */
  readonly partial: string;
  readonly sidecarPath: string;
  readonly file: FileHandle | undefined;
  /** Bytes of the object in place: kept from an earlier run, then received. */
  offset: number;
  resumedBytes: number;
  sidecar: Sidecar | undefined;
  /** Whether the partial file has a sidecar naming its object, so that a later run can resume from it. */
  resumable: boolean;
  hashes: DownloadHashes | undefined;
  restarts: number;
  received: number;
}

async function readSidecar(path: string): Promise<Sidecar | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Sidecar;
  } catch {
    return undefined;
  }
}

async function existingBytes(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Opens the partial file of a download to a path, kept from an earlier run of the same object if any. */
export async function startDownload(options: DownloadOptions): Promise<DownloadRun> {
  const toFile = typeof options.destination === 'string';
  const partial = toFile ? `${options.destination as string}.jss-partial` : '';
  const sidecarPath = `${partial}.json`;
  let offset = 0;
  let sidecar: Sidecar | undefined;
  if (toFile && options.resume !== false) {
    sidecar = await readSidecar(sidecarPath);
    if (sidecar?.bucket === options.bucket && sidecar.key === options.key)
      offset = Math.min(await existingBytes(partial), sidecar.size);
    else sidecar = undefined;
  }
  const resumable = sidecar !== undefined;
  const file = toFile ? await open(partial, offset > 0 ? 'r+' : 'w') : undefined;
  return {
    options,
    toFile,
    partial,
    sidecarPath,
    file,
    offset,
    resumedBytes: offset,
    sidecar,
    resumable,
    hashes: undefined,
    restarts: 0,
    received: 0,
  };
}

/** Forgets what was kept: the object changed, or the partial file has to be checked from its start. */
export function startOver(run: DownloadRun): void {
  run.offset = 0;
  run.resumedBytes = 0;
  run.sidecar = undefined;
  run.hashes = undefined;
}

/** Feeds the first `length` bytes of the partial file to the hashes (what an earlier run received). */
export async function feedFile(path: string, length: number, hashes: DownloadHashes): Promise<void> {
  if (length === 0) return;
  for await (const chunk of createReadStream(path, { start: 0, end: length - 1, highWaterMark: 1 << 20 }))
    hashes.update(chunk as Buffer);
}

/** A verified download to a path: the partial file becomes the file, its sidecar goes. */
export async function finishPartial(run: DownloadRun): Promise<void> {
  if (run.file === undefined) return;
  await run.file.close();
  await rename(run.partial, run.options.destination as string);
  await rm(run.sidecarPath, { force: true });
}

/** Removes the partial file and its sidecar. */
export async function removePartial(run: DownloadRun): Promise<void> {
  await rm(run.partial, { force: true });
  await rm(run.sidecarPath, { force: true });
  await rm(`${run.sidecarPath}.tmp`, { force: true });
}

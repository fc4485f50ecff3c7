import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { MultipartError } from '../errors.ts';
import type { ReleaseLock } from './checkpoint-store.ts';

/** How a lock file is kept and judged (docs/adr/0024-checkpoint-lock.md). */
export interface FileLockOptions {
  /** A lock whose file was not touched for this long is stale, whoever holds it. */
  readonly staleMs: number;
  /** How often a held lock's mtime is refreshed. */
  readonly heartbeatMs: number;
  /** The clock the lock's mtime is written with and judged by. */
  readonly now: () => number;
  /** Runs `beat` every `ms` while the lock is held; returns what stops it. */
  readonly schedule: (beat: () => Promise<void>, ms: number) => () => void;
  /** Awaited once a process has judged a lock stale, before it takes it over (a seam for tests). */
  readonly onStaleLock?: ((path: string) => Promise<void> | void) | undefined;
}

/** A lock or takeover-claim file as read: its text, holder and last touch. */
interface LockFile {
  readonly raw: string;
  readonly pid: number | undefined;
  readonly host: string | undefined;
  readonly touchedMs: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLockFile(path: string): Promise<LockFile | undefined> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    // Text and mtime of the same file: a rename over the path in between cannot mix two locks.
    const info = await handle.stat();
    const raw = await handle.readFile('utf8');
    let holder: { pid?: unknown; host?: unknown } = {};
    try {
      holder = JSON.parse(raw) as typeof holder;
    } catch {
      // Being written, or damaged: judged by its age alone.
    }
    const pid = typeof holder.pid === 'number' ? holder.pid : undefined;
    const host = typeof holder.host === 'string' ? holder.host : undefined;
    return { raw, pid, host, touchedMs: info.mtimeMs };
  } finally {
    await handle.close();
  }
}

// Stale: its holder is a dead process of this host, or nobody touched it for staleMs (a holder refreshes it).
function isStale(file: LockFile, options: FileLockOptions): boolean {
  if (file.host === hostname() && file.pid !== undefined && !isAlive(file.pid)) return true;
  return options.now() - file.touchedMs > options.staleMs;
}

function locked(path: string, holder: LockFile | undefined): MultipartError {
  const who = `process ${holder?.pid ?? '?'} on ${holder?.host ?? '?'}`;
  return new MultipartError('MULTIPART_LOCKED', `checkpoint ${basename(path, '.lock')} is locked by ${who}`);
}

/**
 * Replaces the stale lock `judged` with `mine` (a file next to it), unless another process is taking it
 * over too or already did. Takeovers are serialised by claim files: each writes its own, then looks for
 * another live one, so of two concurrent takeovers at most one goes on (both may give up). The lock is
 * replaced by a rename over it, so that it never disappears for a fresh acquirer to slip in.
 */
async function takeOver(
  path: string,
  judged: LockFile,
  mine: { readonly path: string; readonly raw: string; readonly options: FileLockOptions },
): Promise<boolean> {
  const claim = `${mine.path}.claim`;
  await writeFile(claim, mine.raw);
  const now = new Date(mine.options.now());
  await utimes(claim, now, now);
  try {
    const prefix = `${basename(path)}.`;
    for (const name of await readdir(dirname(path))) {
      const other = join(dirname(path), name);
      if (!name.startsWith(prefix) || !name.endsWith('.claim') || other === claim) continue;
      const file = await readLockFile(other);
      if (file === undefined) continue;
      if (!isStale(file, mine.options)) return false;
      await rm(other, { force: true });
    }
    if ((await readLockFile(path))?.raw !== judged.raw) return false;
    await rename(mine.path, path);
    return true;
  } finally {
    await rm(claim, { force: true });
  }
}

/** Creates the lock file exclusively with `raw`, or says it exists. */
async function create(path: string, raw: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(raw);
  } finally {
    await handle.close();
  }
  return true;
}

/** Refreshes the lock's mtime while it is ours; stops once another process has taken it over. */
function keepAlive(path: string, raw: string, options: FileLockOptions): () => void {
  let stop: () => void = () => undefined;
  const beat = async () => {
    const file = await readLockFile(path).catch(() => undefined);
    if (file?.raw !== raw) return stop();
    const now = new Date(options.now());
    await utimes(path, now, now).catch(() => undefined);
  };
  stop = options.schedule(beat, options.heartbeatMs);
  return stop;
}

/**
 * Takes the lock `path` (a file holding the owner's pid, host and a random token): created exclusively, or
 * taken over when stale (see {@link isStale}); refreshed every `heartbeatMs` while held.
 * @throws {MultipartError} `MULTIPART_LOCKED` when a live process holds it or is taking it over.
 */
export async function acquireFileLock(path: string, options: FileLockOptions): Promise<ReleaseLock> {
  const token = randomBytes(8).toString('hex');
  const raw = JSON.stringify({ pid: process.pid, host: hostname(), token });
  const mine = { path: `${path}.${token}.tmp`, raw, options };
  let isHeld = false;
  const touched = () => new Date(options.now());
  try {
    for (let attempt = 0; attempt < 3 && !isHeld; attempt++) {
      isHeld = await create(path, raw);
      if (isHeld) await utimes(path, touched(), touched());
      const holder = isHeld ? undefined : await readLockFile(path);
      if (holder === undefined) continue; // ours, or released meanwhile
      if (!isStale(holder, options)) throw locked(path, holder);
      await options.onStaleLock?.(path);
      await writeFile(mine.path, raw);
      await utimes(mine.path, touched(), touched());
      if (!(await takeOver(path, holder, mine))) throw locked(path, await readLockFile(path));
      isHeld = true;
    }
  } finally {
    await rm(mine.path, { force: true });
  }
  if (!isHeld) throw locked(path, await readLockFile(path));
  const stop = keepAlive(path, raw, options);
  return async () => {
    stop();
    // Only our own lock: one taken over from us (we were stale) belongs to its new holder.
    if ((await readLockFile(path))?.raw === raw) await rm(path, { force: true });
  };
}

import { link, readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type DataDirLockHolder, LocalServerError } from '../errors.ts';
import { createFileId } from '../internal/ids.ts';
import { writeFileAtomic, writeSynced } from './atomic-file.ts';

/** A data directory held by this process. */
export interface DataDirLock {
  /** Adds the endpoint to the lock file, for a second process to name (or use). */
  publish(endpoint: string): Promise<void>;
  /** Removes the lock file, if it is still this process's. */
  release(): Promise<void>;
}

const LOCK_FILE = 'lock.json';

/** The holder named by a data directory's lock file, or `undefined` when nobody holds it. */
export async function readDataDirLock(dataDir: string): Promise<DataDirLockHolder | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8')) as DataDirLockHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether the holder may still run: always for another host, else unless its pid is gone. */
function isAlive(holder: DataDirLockHolder): boolean {
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Creates `path` with `content` only if it does not exist: written aside, then hard-linked (atomic). */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const aside = `${path}.${createFileId()}.tmp`;
  await writeSynced(aside, content, 'wx');
  try {
    await link(aside, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(aside, { force: true });
  }
}

/**
 * Removes a dead holder's lock, once: a marker named after that holder is created exclusively first, so of
 * several processes that found the same dead lock only one removes it (a later one would remove the new
 * holder's lock instead). The marker stays, naming a holder that is gone for good.
 */
async function removeDeadLock(dataDir: string, dead: DataDirLockHolder): Promise<void> {
  const marker = join(dataDir, `${LOCK_FILE}.dead-${dead.pid}-${Date.parse(dead.startedAt)}`);
  if (await createExclusive(marker, '')) await rm(join(dataDir, LOCK_FILE), { force: true });
}

/** Markers of dead holders, once no process can still be racing on them (a minute on). */
async function removeOldMarkers(dataDir: string): Promise<void> {
  for (const name of await readdir(dataDir)) {
    if (!name.startsWith(`${LOCK_FILE}.dead-`)) continue;
    const marker = join(dataDir, name);
    const { mtimeMs } = await stat(marker);
    if (Date.now() - mtimeMs > 60_000) await rm(marker, { force: true });
  }
}

function lockedError(dataDir: string, holder: DataDirLockHolder): LocalServerError {
  const serving = holder.endpoint === undefined ? '' : `, serving ${holder.endpoint}`;
  return new LocalServerError(
    'LOCAL_SERVER_DATA_DIR_LOCKED',
    `The data directory ${dataDir} is in use by process ${holder.pid} on ${holder.hostname} (since ${holder.startedAt}${serving}): stop that server, or choose another data directory`,
    { holder },
  );
}

/**
 * Takes the data directory for this process: `lock.json` (pid, host, start time, later the endpoint) is
 * created atomically. A lock whose process is gone from this host is taken over.
 * @throws {LocalServerError} `LOCAL_SERVER_DATA_DIR_LOCKED` naming the live holder.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE);
  const mine: DataDirLockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await createExclusive(path, JSON.stringify(mine))) {
      await removeOldMarkers(dataDir);
      return heldLock(dataDir, mine);
    }
    const holder = await readDataDirLock(dataDir);
    if (holder === undefined) continue;
    if (isAlive(holder)) throw lockedError(dataDir, holder);
    await removeDeadLock(dataDir, holder);
  }
  const holder = await readDataDirLock(dataDir);
  throw lockedError(dataDir, holder ?? mine);
}

function heldLock(dataDir: string, mine: DataDirLockHolder): DataDirLock {
  const isMine = async () => {
    const holder = await readDataDirLock(dataDir).catch(() => undefined);
    return holder?.pid === mine.pid && holder.startedAt === mine.startedAt;
  };
  return {
    publish: async (endpoint) => {
      if (await isMine())
        await writeFileAtomic(join(dataDir, LOCK_FILE), JSON.stringify({ ...mine, endpoint }));
    },
    release: async () => {
      if (await isMine()) await rm(join(dataDir, LOCK_FILE), { force: true });
    },
  };
}

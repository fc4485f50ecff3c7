// The lock of FileCheckpointStore with real files: staleness by host and by heartbeat, and takeovers
// interleaved deterministically through the onStaleLock seam.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MultipartError } from '../errors.ts';
import { FileCheckpointStore, type FileCheckpointStoreOptions } from './file-checkpoint-store.ts';

const MINUTE = 60_000;
const directories: string[] = [];
afterEach(async () => {
  for (const directory of directories.splice(0)) await rm(directory, { recursive: true, force: true });
});

async function directory(): Promise<string> {
  const made = await mkdtemp(join(tmpdir(), 'jsskit-lock-'));
  directories.push(made);
  return made;
}

/** A store whose heartbeat runs only when the test calls `beat`. */
function store(path: string, options: FileCheckpointStoreOptions = {}) {
  const beats: (() => Promise<void>)[] = [];
  const schedule = (beat: () => Promise<void>) => {
    beats.push(beat);
    return () => beats.splice(beats.indexOf(beat), 1);
  };
  return { store: new FileCheckpointStore(path, { schedule, ...options }), beats };
}

const isLocked = (error: unknown) => MultipartError.isInstance(error) && error.code === 'MULTIPART_LOCKED';

/** Sets a file's mtime `ms` into the past. */
async function age(path: string, ms: number): Promise<void> {
  const then = new Date(Date.now() - ms);
  await utimes(path, then, then);
}

/** Resolves when `onStaleLock` is reached, and holds the lock taker there until `go` is called. */
function gate() {
  let reached: () => void = () => undefined;
  let go: () => void = () => undefined;
  const isReached = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const released = new Promise<void>((resolve) => {
    go = resolve;
  });
  const onStaleLock = () => {
    reached();
    return released;
  };
  return { isReached, go, onStaleLock };
}

describe('FileCheckpointStore lock', () => {
  it('takes over a lock of another host once untouched for staleMs, and not before', async () => {
    const path = await directory();
    const lock = join(path, 'a.lock');
    await writeFile(lock, JSON.stringify({ pid: 1, host: 'another-host', token: 't' }));
    await age(lock, 4 * MINUTE);
    await expect(store(path).store.lock('a')).rejects.toSatisfy(isLocked);
    await age(lock, 6 * MINUTE);
    const release = await store(path).store.lock('a');
    expect(JSON.parse(await readFile(lock, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    await release();
  });

  it('keeps a held lock from going stale by refreshing its mtime, and stops once released', async () => {
    const path = await directory();
    const holder = store(path, { staleMs: 2 * MINUTE, heartbeatMs: 10_000 });
    const release = await holder.store.lock('a');
    await age(join(path, 'a.lock'), 3 * MINUTE);
    for (const beat of holder.beats) await beat();
    expect(Date.now() - (await stat(join(path, 'a.lock'))).mtimeMs).toBeLessThan(MINUTE);
    await expect(store(path, { staleMs: 2 * MINUTE, heartbeatMs: 10_000 }).store.lock('a')).rejects.toSatisfy(
      isLocked,
    );
    await release();
    expect(holder.beats).toHaveLength(0);
  });

  it('lets only the first of two processes that judged a lock stale take it over', async () => {
    const path = await directory();
    const dead = Number(
      spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout,
    );
    await writeFile(join(path, 'a.lock'), JSON.stringify({ pid: dead, host: hostname() }));
    const late = gate();
    const slow = store(path, { onStaleLock: late.onStaleLock }).store.lock('a');
    await Promise.race([late.isReached, slow]);
    const release = await store(path).store.lock('a');
    const taken = await readFile(join(path, 'a.lock'), 'utf8');
    late.go();
    await expect(slow).rejects.toSatisfy(isLocked);
    expect(await readFile(join(path, 'a.lock'), 'utf8')).toBe(taken);
    await release();
    expect(await readdir(path)).toEqual([]);
  });

  it('lets at most one of two concurrent takeovers through, and leaves no claim behind', async () => {
    const path = await directory();
    await writeFile(join(path, 'a.lock'), JSON.stringify({ pid: 1, host: 'another-host' }));
    await age(join(path, 'a.lock'), 10 * MINUTE);
    const gates = [gate(), gate()];
    const takers = gates.map(({ onStaleLock }) => store(path, { onStaleLock }).store.lock('a'));
    await Promise.race([Promise.all(gates.map(({ isReached }) => isReached)), Promise.allSettled(takers)]);
    for (const { go } of gates) go();
    const results = await Promise.allSettled(takers);
    const held = results.filter((result) => result.status === 'fulfilled');
    expect(held.length).toBeLessThanOrEqual(1);
    for (const result of results)
      if (result.status === 'rejected') expect(isLocked(result.reason)).toBe(true);
    for (const result of held) await result.value();
    expect((await readdir(path)).filter((name) => name !== 'a.lock')).toEqual([]);
  });

  it('leaves the lock of the process that took it over when its stale former holder releases', async () => {
    const path = await directory();
    const former = store(path);
    const release = await former.store.lock('a');
    await age(join(path, 'a.lock'), 10 * MINUTE);
    const releaseNew = await store(path).store.lock('a');
    const taken = await readFile(join(path, 'a.lock'), 'utf8');
    for (const beat of former.beats) await beat();
    await release();
    expect(await readFile(join(path, 'a.lock'), 'utf8')).toBe(taken);
    await releaseNew();
  });

  it('removes temporary files a killed writer left, once it holds the lock', async () => {
    const path = await directory();
    await writeFile(join(path, 'a.json.0badc0de.tmp'), '{"version":1,');
    await writeFile(join(path, 'b.json.0badc0de.tmp'), '{"version":1,');
    const release = await store(path).store.lock('a');
    expect((await readdir(path)).sort()).toEqual(['a.lock', 'b.json.0badc0de.tmp']);
    await release();
  });

  it('removes its temporary file when a save fails', async () => {
    const path = await directory();
    const { store: checkpoints } = store(path);
    // A non-empty directory where the checkpoint goes: the rename over it fails.
    await mkdir(join(path, 'a.json', 'occupied'), { recursive: true });
    await expect(checkpoints.save('a', { version: 1 } as never)).rejects.toMatchObject({
      code: expect.any(String),
    });
    expect(await readdir(path)).toEqual(['a.json']);
  });
});

// FileCheckpointStore's lock between real processes: several that start together on a stale lock (its
// holder was killed) never hold it at the same time.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackages } from '../helpers/build-packages.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHILDREN = 6;
let directory: string;

beforeAll(async () => {
  buildPackages('multipart');
  directory = await mkdtemp(join(tmpdir(), 'jsskit-lock-race-'));
}, 60_000);

afterAll(() => rm(directory, { recursive: true, force: true }));

/** Starts the children, lets them go at once, and returns what each printed. */
async function race(id: string): Promise<string[]> {
  const children = Array.from({ length: CHILDREN }, () =>
    spawn(process.execPath, [join(here, '..', 'fixtures', 'lock-child.mjs'), directory, id], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const outputs = children.map(
    (child) =>
      new Promise<string>((done, fail) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
        });
        child.once('exit', (code) =>
          code === 0 ? done(text.trim()) : fail(new Error(`child exited ${code}`)),
        );
      }),
  );
  for (const child of children) child.stdin.write('go\n');
  return Promise.all(outputs);
}

describe('FileCheckpointStore lock across processes', () => {
  it.each([1, 2, 3])(
    "is never held by two processes taking over a dead one's lock together (round %i)",
    async (round) => {
      const id = `race-${round}`;
      const dead = execFileSync(process.execPath, [
        '-e',
        'process.stdout.write(String(process.pid))',
      ]).toString();
      await writeFile(join(directory, `${id}.lock`), JSON.stringify({ pid: Number(dead), host: hostname() }));
      const outcomes = await race(id);
      expect(outcomes).not.toContain('overlap');
      expect(outcomes.every((outcome) => outcome === 'held' || outcome === 'locked')).toBe(true);
      expect((await readdir(directory)).filter((name) => name.startsWith(id))).toEqual([]);
    },
  );

  it('is held by one process at a time when several start together on a free lock', async () => {
    const outcomes = await race('free');
    expect(outcomes).not.toContain('overlap');
    expect(outcomes.filter((outcome) => outcome === 'held').length).toBeGreaterThanOrEqual(1);
  });
});

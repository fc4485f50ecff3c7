import { randomBytes } from 'node:crypto';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JssRun } from './run-jss.ts';

/** What the step needs from the showcase. */
export interface SyncStep {
  /** A directory of its own to write the tree in. */
  readonly directory: string;
  readonly bucket: string;
  /** Runs `jss --json <args>` to the end. */
  readonly jss: (args: readonly string[]) => Promise<JssRun>;
  readonly check: (step: string, ok: boolean, detail: string) => void;
}

const FILES = 24;
const PREFIX = 'site';
/** The file changed between the two runs, and where: one byte, same size. */
const CHANGED = 'pages/page-07.html';
const CHANGED_AT = 100;

/** A small site: pages and assets of a few KiB each. */
async function writeSite(root: string): Promise<string[]> {
  const names: string[] = [];
  for (let index = 0; index < FILES; index++) {
    const folder = index % 3 === 0 ? 'assets' : 'pages';
    const name = `${folder}/${folder === 'assets' ? 'asset' : 'page'}-${String(index).padStart(2, '0')}.${folder === 'assets' ? 'bin' : 'html'}`;
    await mkdir(join(root, folder), { recursive: true });
    await writeFile(join(root, name), randomBytes(1024 + index * 97).toString('base64'));
    names.push(name);
  }
  return names;
}

/** Flips one byte of a file in place: the size stays, so only its content tells it changed. */
async function flipOneByte(path: string, at: number): Promise<void> {
  const file = await open(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await file.read(byte, 0, 1, at);
    byte[0] = (byte[0] ?? 0) ^ 0x01;
    await file.write(byte, 0, 1, at);
  } finally {
    await file.close();
  }
}

const summaryOf = (run: JssRun) => run.results.find((line) => !('action' in line)) ?? {};

/**
 * `jss sync` of a small directory, then one byte of one file changed at the same size and `jss sync` again:
 * exactly that file is uploaded (a sync by size and date would have missed it, or sent everything).
 */
export async function runSyncStep(step: SyncStep): Promise<void> {
  const root = join(step.directory, 'site');
  const names = await writeSite(root);
  if (!names.includes(CHANGED)) throw new Error(`the site has no ${CHANGED}`);
  const target = `jss://${step.bucket}/${PREFIX}`;
  const first = await step.jss(['sync', root, target]);
  const firstSummary = summaryOf(first);
  step.check(
    'sync',
    first.code === 0 && firstSummary.uploaded === FILES && firstSummary.failed === 0,
    `jss sync sent the ${String(firstSummary.uploaded)} files of a new ${FILES}-file directory`,
  );
  await flipOneByte(join(root, CHANGED), CHANGED_AT);
  const second = await step.jss(['sync', root, target]);
  const summary = summaryOf(second);
  const uploaded = second.results.filter((line) => line.action === 'upload').map((line) => line.key);
  step.check(
    'sync-one-byte',
    second.code === 0 &&
      summary.uploaded === 1 &&
      summary.skipped === FILES - 1 &&
      uploaded.length === 1 &&
      uploaded[0] === `${PREFIX}/${CHANGED}`,
    `one byte of ${CHANGED} changed, same size: jss sync uploaded ${uploaded.length} file (${String(uploaded[0])}), skipped ${String(summary.skipped)} by content`,
  );
}

// `jss sync`: a directory to a bucket folder and back by content, --delete, filters, --dry-run, --json, files
// that fail while the others go through (exit 1 or 3), and a run stopped by SIGINT that the next run resumes.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { jsonLines, runCli, startCli } from './helpers/run-cli.ts';
import { createRequestLog, readTree, until, writeTree } from './helpers/sync-tree.ts';

const MiB = 1024 * 1024;
const requests = createRequestLog();
let cli: CliServer;
let env: NodeJS.ProcessEnv;
let counter = 0;

/** A new empty directory for one test. */
async function freshDirectory(name: string): Promise<string> {
  const path = join(cli.directory, `${name}-${++counter}`);
  await mkdir(path, { recursive: true });
  return path;
}

/** Every key under a folder of the bucket, sorted. */
async function keysUnder(prefix: string): Promise<string[]> {
  const run = await runCli(['--json', 'ls', `jss://sync/${prefix}`, '-r'], env);
  expect(run.code, run.stderr).toBe(0);
  return jsonLines(run)
    .map((line) => String(line.key))
    .sort();
}

const summaryOf = (lines: Record<string, unknown>[]) => lines.find((line) => !('action' in line));
const actionsOf = (lines: Record<string, unknown>[], action: string) =>
  lines.filter((line) => line.action === action).map((line) => line.key);

beforeAll(async () => {
  cli = await startCliServer('cli-sync', 0, { log: requests.log });
  env = cli.env;
  expect((await runCli(['mb', 'jss://sync'], env)).code).toBe(0);
});
beforeEach(() => {
  cli.server.faults.clear();
  requests.clear();
});
afterAll(() => cli.close());

describe('jss sync', () => {
  it('syncs up and back down, then sends exactly the file changed at the same size, both ways', async () => {
    const from = await freshDirectory('source');
    const files = {
      'a.txt': 'alpha',
      'sub/b.txt': 'bravo',
      'sub/deep/c.bin': randomBytes(1500).toString('hex'),
    };
    await writeTree(from, files);
    const up = await runCli(['sync', from, 'jss://sync/tree'], env);
    expect(up.code, up.stderr).toBe(0);
    const lines = up.stdout.trim().split('\n');
    expect(lines.filter((line) => line.startsWith('upload: ')).sort()).toEqual(
      ['a.txt', 'sub/b.txt', 'sub/deep/c.bin'].map((key) =>
        expect.stringContaining(`to jss://sync/tree/${key}`),
      ),
    );
    expect(lines.at(-1)).toMatch(
      /^3 uploaded, 0 downloaded, 0 deleted, 0 skipped, 0 failed; [\d.]+ KiB in [\d.]+ s$/,
    );
    const to = join(await freshDirectory('to'), 'made');
    const down = await runCli(['sync', 'jss://sync/tree/', to], env);
    expect(down.code, down.stderr).toBe(0);
    expect(await readTree(to)).toEqual(files);

    await writeFile(join(from, 'sub/b.txt'), 'bravO');
    requests.clear();
    const again = jsonLines(await runCli(['--json', 'sync', from, 'jss://sync/tree'], env));
    expect(actionsOf(again, 'upload')).toEqual(['tree/sub/b.txt']);
    expect(summaryOf(again)).toMatchObject({ uploaded: 1, skipped: 2, failed: 0, bytes: 5 });
    expect(requests.count('PutObject')).toBe(1);

    // Down: the object just changed at the same size, then one changed by another writer.
    const downloads = async () => {
      requests.clear();
      const lines = jsonLines(await runCli(['--json', 'sync', 'jss://sync/tree', to], env));
      expect(summaryOf(lines)).toMatchObject({ downloaded: 1, skipped: 2, uploaded: 0, failed: 0 });
      expect(requests.count('GetObject')).toBe(1);
      return lines.filter((line) => line.action === 'download');
    };
    expect(await downloads()).toEqual([
      { action: 'download', key: 'tree/sub/b.txt', path: join(to, 'sub/b.txt'), size: 5 },
    ]);
    expect((await runCli(['cp', '-', 'jss://sync/tree/a.txt'], env, 'alphA')).code).toBe(0);
    expect(await downloads()).toEqual([
      { action: 'download', key: 'tree/a.txt', path: join(to, 'a.txt'), size: 5 },
    ]);
    expect(await readTree(to)).toEqual({ ...files, 'a.txt': 'alphA', 'sub/b.txt': 'bravO' });
  });

  it('--dry-run changes nothing; --delete removes what the source lacks, but not what --exclude leaves out', async () => {
    const from = await freshDirectory('delete');
    await writeTree(from, { 'keep.txt': 'keep', 'local.tmp': 'tmp' });
    for (const key of ['old.txt', 'remote.tmp'])
      expect((await runCli(['cp', '-', `jss://sync/del/${key}`], env, key)).code).toBe(0);
    const args = ['sync', from, 'jss://sync/del', '--delete', '--exclude', '*.tmp'];
    requests.clear();
    const dry = await runCli([...args, '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`(dry run) upload: ${join(from, 'keep.txt')} to jss://sync/del/keep.txt\n`);
    expect(dry.stdout).toContain('(dry run) delete: jss://sync/del/old.txt\n');
    expect(dry.stdout).toMatch(/\(dry run\) 1 uploaded, 0 downloaded, 1 deleted, 0 skipped, 0 failed/);
    expect(requests.count('PutObject') + requests.count('DeleteObject')).toBe(0);
    expect(await keysUnder('del/')).toEqual(['del/old.txt', 'del/remote.tmp']);

    const real = await runCli(args, env);
    expect(real.code, real.stderr).toBe(0);
    expect(await keysUnder('del/')).toEqual(['del/keep.txt', 'del/remote.tmp']);

    const to = await freshDirectory('delete-to');
    await writeTree(to, { 'stale.txt': 'stale', 'mine.tmp': 'mine' });
    const down = await runCli(['sync', 'jss://sync/del', to, '--delete', '--exclude', 'mine.tmp'], env);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain(`delete: ${join(to, 'stale.txt')}\n`);
    expect(await readTree(to)).toEqual({
      'keep.txt': 'keep',
      'remote.tmp': 'remote.tmp',
      'mine.tmp': 'mine',
    });
  });

  it('--include selects paths (repeatable) and --json prints one line per action and the summary', async () => {
    const from = await freshDirectory('include');
    await writeTree(from, { 'a.md': 'a', 'b.txt': 'b', 'c/d.txt': 'd', 'e.bin': 'e' });
    const run = await runCli(
      ['--json', 'sync', from, 'jss://sync/inc', '--include', '*.md', '--include', '**/*.txt'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const lines = jsonLines(run);
    expect(lines.slice(0, -1).sort((x, y) => String(x.key).localeCompare(String(y.key)))).toEqual([
      { action: 'upload', key: 'inc/a.md', path: join(from, 'a.md'), size: 1 },
      { action: 'upload', key: 'inc/b.txt', path: join(from, 'b.txt'), size: 1 },
      { action: 'upload', key: 'inc/c/d.txt', path: join(from, 'c/d.txt'), size: 1 },
    ]);
    expect(lines.at(-1)).toEqual({
      uploaded: 3,
      downloaded: 0,
      deleted: 0,
      skipped: 0,
      failed: 0,
      bytes: 3,
      seconds: expect.any(Number),
    });
  });

  it('reports a name JSS refuses (exit 1) and a file the service refuses (exit 3), and syncs the others', async () => {
    const from = await freshDirectory('refused');
    await writeTree(from, { 'good.txt': 'good', '\\bad.txt': 'bad' });
    const refused = await runCli(['sync', from, 'jss://sync'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^jss: failed: .*\\bad\.txt: .*JSS refuses.* \[SYNC_INVALID_KEY\]$/m);
    expect(refused.stderr).toMatch(/jss: sync: 1 file failed .* \[CLI_PARTIAL_FAILURE\]\n$/);
    expect(refused.stdout).toContain('upload: ');
    expect(await keysUnder('good')).toEqual(['good.txt']);

    const fails = await freshDirectory('fails');
    await writeTree(fails, { 'one.txt': '1', 'denied.txt': 'no', 'two.txt': '2' });
    cli.server.faults.add({
      operation: 'PutObject',
      key: 'fail/denied.txt',
      times: 1000,
      action: { type: 'error', status: 403, code: 'AccessDenied' },
    });
    const json = await runCli(['--json', 'sync', fails, 'jss://sync/fail'], env);
    expect(json.code).toBe(3);
    const lines = jsonLines(json);
    const failed = lines.find((line) => line.action === 'fail');
    expect(failed).toMatchObject({
      key: 'fail/denied.txt',
      path: join(fails, 'denied.txt'),
      code: 'AccessDenied',
    });
    expect(failed).not.toHaveProperty('reason'); // the error's message is printed once, as `error`
    expect(json.stderr).toContain('1 file failed (each in its JSON line), the others went through');
    expect(summaryOf(lines)).toMatchObject({ uploaded: 2, failed: 1 });
    expect(await keysUnder('fail/')).toEqual(['fail/one.txt', 'fail/two.txt']);
  });

  it('stops on SIGINT with exit 130, and the next run resumes the large file from its checkpoint', async () => {
    const from = await freshDirectory('interrupted');
    const big = randomBytes(4 * MiB);
    await writeTree(from, { 'a.txt': 'a', 'big.bin': big, 'z.txt': 'z' });
    // Parts after the first hang far longer than the test: only the signal ends the run.
    cli.server.faults.add({
      operation: 'UploadPart',
      nth: 2,
      times: 3,
      action: { type: 'stall', ms: 120_000 },
    });
    const args = ['sync', from, 'jss://sync/int', '--part-size', '1MiB', '--concurrency', '1'];
    const child = startCli(args, env);
    await until(() =>
      requests.entries.some((entry) => entry.operation === 'UploadPart' && entry.status === 200),
    );
    child.child.kill('SIGINT');
    const stopped = await child.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(
      /jss: interrupted; run the same command again to resume \[CLI_INTERRUPTED\]\n$/,
    );
    cli.server.faults.clear();
    requests.clear();
    const rerun = await runCli(['--json', ...args], env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(summaryOf(jsonLines(rerun))).toMatchObject({ failed: 0 });
    expect(actionsOf(jsonLines(rerun), 'upload')).toContain('int/big.bin');
    expect(requests.count('InitiateMultipartUpload')).toBe(0);
    const to = await freshDirectory('interrupted-to');
    expect((await runCli(['sync', 'jss://sync/int', to], env)).code).toBe(0);
    expect((await readFile(join(to, 'big.bin'))).equals(big)).toBe(true);
  });
});

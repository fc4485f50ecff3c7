// `jss cp -r` both ways (every file, no comparison), a directory without -r, sides that are not a directory and
// a bucket folder, and `jss rm -r` (--dry-run, --yes of 1205 keys, refused without a terminal, asked on one).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { type Client, createClient } from '@jsskit/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli as runInProcess } from '../src/cli.ts';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { jsonLines, runCli } from './helpers/run-cli.ts';
import { createRequestLog, readTree, until, writeTree } from './helpers/sync-tree.ts';

const requests = createRequestLog();
let cli: CliServer;
let env: NodeJS.ProcessEnv;
let client: Client;
const tree = { 'a.txt': 'alpha', 'sub/b.txt': 'bravo' };

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const entry of client.listObjects({ bucket: 'dirs', prefix })) keys.push(entry.key);
  return keys.sort();
}

/** A stream that says it is a terminal, and what was written to it. */
function terminal(): PassThrough & { isTTY: boolean; text(): string } {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; text(): string };
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.isTTY = true;
  stream.text = () => Buffer.concat(chunks).toString('utf8');
  return stream;
}

beforeAll(async () => {
  cli = await startCliServer('cli-dirs', 0, { log: requests.log });
  env = cli.env;
  client = createClient({ endpoint: cli.server.endpoint, credentials: cli.server.credentials[0] });
  await client.createBucket({ bucket: 'dirs' });
  await writeTree(join(cli.directory, 'tree'), tree);
});
beforeEach(() => requests.clear());
afterAll(async () => {
  await client.close();
  await cli.close();
});

describe('jss cp -r', () => {
  it('copies a directory to a folder and back, every file every time (no comparison)', async () => {
    const from = join(cli.directory, 'tree');
    const up = await runCli(['--json', 'cp', '-r', from, 'jss://dirs/copy'], env);
    expect(up.code, up.stderr).toBe(0);
    expect(jsonLines(up).at(-1)).toMatchObject({ uploaded: 2, skipped: 0, failed: 0 });
    const again = await runCli(['cp', '-r', from, 'jss://dirs/copy/'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^2 uploaded, 0 downloaded, 0 deleted, 0 skipped, 0 failed/m);
    expect(requests.count('PutObject')).toBe(4);
    expect(await keysUnder('copy/')).toEqual(['copy/a.txt', 'copy/sub/b.txt']);
    const to = join(cli.directory, 'copied');
    const down = await runCli(['cp', '-r', 'jss://dirs/copy', to], env);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toContain(`download: jss://dirs/copy/sub/b.txt to ${join(to, 'sub/b.txt')}\n`);
    expect(await readTree(to)).toEqual(tree);
  });

  it('says to add -r for a directory or a folder without it, and refuses single-file flags with it', async () => {
    const from = join(cli.directory, 'tree');
    const up = await runCli(['cp', from, 'jss://dirs/no-r/'], env);
    expect(up.code).toBe(2);
    expect(up.stderr).toMatch(/is a directory: add -r to copy what it holds .*\[CLI_USAGE\]\n$/);
    const down = await runCli(['cp', 'jss://dirs/copy/', join(cli.directory, 'no-r')], env);
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/names a folder, not an object: add -r .*\[CLI_USAGE\]\n$/);
    const flag = await runCli(['cp', '-r', from, 'jss://dirs/no-r/', '--storage-class', 'STANDARD'], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--storage-class applies to one file, not to cp -r');
    expect(requests.entries).toEqual([]);
  });
});

describe('sides of a directory run', () => {
  it('refuses two local sides, two remote ones, jss:// without a bucket, a missing directory and a file', async () => {
    const from = join(cli.directory, 'tree');
    const cases: [string[], RegExp][] = [
      [['sync', from, join(cli.directory, 'other')], /both sides are local paths/],
      [['sync', 'jss://dirs/a', 'jss://dirs/b'], /both sides are jss:\/\/ locations, which is not supported/],
      [['sync', from, 'jss://'], /jss:\/\/ names no bucket/],
      [['cp', '-r', join(cli.directory, 'missing'), 'jss://dirs/x'], /missing: no such directory/],
      [['sync', join(from, 'a.txt'), 'jss://dirs/x'], /a\.txt is not a directory/],
      [['sync', 'jss://dirs/copy', join(from, 'a.txt')], /a\.txt is not a directory/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, env);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/\[CLI_USAGE\]\n$/);
    }
    expect(requests.entries).toEqual([]);
  });
});

describe('jss rm -r', () => {
  it('lists with --dry-run, refuses without a terminal or --yes, and deletes 1205 keys with --yes', async () => {
    const keys = Array.from({ length: 1205 }, (_, index) => `many/${String(index).padStart(4, '0')}.txt`);
    for (let start = 0; start < keys.length; start += 50)
      await Promise.all(
        keys.slice(start, start + 50).map((key) => client.putObject({ bucket: 'dirs', key, body: 'x' })),
      );
    await client.putObject({ bucket: 'dirs', key: 'many-other/kept.txt', body: 'kept' });
    requests.clear();
    const refused = await runCli(['rm', '-r', 'jss://dirs/many'], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/no terminal to ask on: add --yes .*\[CLI_USAGE\]\n$/);
    expect(requests.entries).toEqual([]);

    const dry = await runCli(['--json', 'rm', '-r', 'jss://dirs/many', '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const lines = jsonLines(dry);
    expect(lines.filter((line) => line.action === 'delete').map((line) => line.key)).toEqual(keys);
    expect(lines.at(-1)).toMatchObject({ deleted: 1205, failed: 0 });
    expect(requests.count('DeleteObject')).toBe(0);

    const real = await runCli(['rm', '-r', 'jss://dirs/many', '--yes'], env);
    expect(real.code, real.stderr).toBe(0);
    expect(real.stdout).toContain('delete: jss://dirs/many/1204.txt\n');
    expect(real.stdout).toMatch(/^0 uploaded, 0 downloaded, 1205 deleted, 0 skipped, 0 failed/m);
    expect(requests.count('DeleteObject')).toBe(1205);
    expect(await keysUnder('many')).toEqual(['many-other/kept.txt']);
  });

  it('on a terminal says how many objects it will delete and asks: n or Ctrl-C keeps them, y deletes them', async () => {
    await client.putObject({ bucket: 'dirs', key: 'ask/one.txt', body: '1' });
    await client.putObject({ bucket: 'dirs', key: 'ask/two.txt', body: '2' });
    const ask = async (answer: string) => {
      const stdin = Object.assign(new PassThrough(), { isTTY: true });
      const [stdout, stderr] = [terminal(), terminal()];
      stdin.end(answer);
      const signal = new AbortController().signal;
      const code = await runInProcess(['rm', '-r', 'jss://dirs/ask/'], {
        stdin,
        stdout,
        stderr,
        env,
        signal,
      });
      return { code, stdout: stdout.text(), stderr: stderr.text() };
    };
    const no = await ask('n\n');
    expect(no.code).toBe(0);
    expect(no.stderr).toContain('delete 2 objects under jss://dirs/ask/? [y/N] ');
    expect(no.stderr).toContain('jss: nothing deleted\n');
    expect(await keysUnder('ask/')).toEqual(['ask/one.txt', 'ask/two.txt']);
    // Ctrl-C at the question: exit 130, nothing deleted.
    const [stdout, stderr] = [terminal(), terminal()];
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const controller = new AbortController();
    const asking = runInProcess(['rm', '-r', 'jss://dirs/ask/'], {
      stdin,
      stdout,
      stderr,
      env,
      signal: controller.signal,
    });
    await until(() => stderr.text().includes('[y/N]'));
    controller.abort(new Error('stopped by SIGINT'));
    expect(await asking).toBe(130);
    expect(stderr.text()).toMatch(
      /jss: interrupted before an answer: nothing deleted \[CLI_INTERRUPTED\]\n$/,
    );
    expect(await keysUnder('ask/')).toEqual(['ask/one.txt', 'ask/two.txt']);
    const yes = await ask('y\n');
    expect(yes.code, yes.stderr).toBe(0);
    expect(yes.stdout).toContain('delete: jss://dirs/ask/two.txt\n');
    expect(await keysUnder('ask/')).toEqual([]);
  });
});

describe('progress of a directory run', () => {
  it('draws one bar for the whole run on a terminal, and none with --json', async () => {
    const from = join(cli.directory, 'bar');
    await mkdir(from, { recursive: true });
    for (let index = 0; index < 5; index++) await writeFile(join(from, `f${index}.txt`), `file ${index}`);
    const run = async (args: string[]) => {
      const [stdout, stderr] = [terminal(), terminal()];
      const signal = new AbortController().signal;
      const code = await runInProcess(args, { stdout, stderr, env, signal });
      return { code, stdout: stdout.text(), stderr: stderr.text() };
    };
    const human = await run(['sync', from, 'jss://dirs/bar']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stderr).toMatch(/sync .*% \| 5\/5 files \| 30 B of 30 B \| /);
    const json = await run(['--json', 'sync', from, 'jss://dirs/bar2']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).not.toContain('files |');
    expect(jsonLines({ stdout: json.stdout } as never).at(-1)).toMatchObject({ uploaded: 5 });
  });
});

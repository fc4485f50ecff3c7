// `jss cp jss://A/K jss://B/K2` and `jss mv`: server-side copies and moves, in a bucket and across buckets.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { type CliRun, jsonLines, runCli } from './helpers/run-cli.ts';

const MiB = 1024 * 1024;
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
let cli: CliServer;
let env: NodeJS.ProcessEnv;
let sourceETag: string;

/** The object's bytes, read back with `jss cp jss://... -`. */
async function bytesOf(url: string): Promise<Buffer> {
  const run = await runCli(['cp', url, '-'], env);
  expect(run.code, run.stderr).toBe(0);
  return run.stdoutBytes;
}

async function etagOf(url: string): Promise<unknown> {
  return jsonLines(await runCli(['--json', 'stat', url], env))[0]?.etag;
}

function oneUsageLine(run: CliRun): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^jss: [^\n]+ \[CLI_USAGE\]\n$/);
}

beforeAll(async () => {
  cli = await startCliServer('cli-copy', 3 * MiB + 5);
  env = cli.env;
  for (const bucket of ['copy-a', 'copy-b'])
    expect((await runCli(['mb', `jss://${bucket}`], env)).code).toBe(0);
  // In parts: the copy keeps the multipart ETag (not the MD5 of the bytes) that a download checks.
  const upload = await runCli(['--json', 'cp', cli.file, 'jss://copy-a/src.bin', '--part-size', '1MiB'], env);
  expect(upload.code, upload.stderr).toBe(0);
  sourceETag = String(jsonLines(upload)[0]?.etag);
  expect(sourceETag).not.toBe(md5(cli.data));
});

afterAll(() => cli.close());

describe('jss cp between jss:// locations', () => {
  it('copies in a bucket, server-side, and prints the result with --json', async () => {
    const run = await runCli(['--json', 'cp', 'jss://copy-a/src.bin', 'jss://copy-a/dst.bin'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run)).toEqual([
      { source: 'jss://copy-a/src.bin', bucket: 'copy-a', key: 'dst.bin', etag: sourceETag },
    ]);
    expect((await bytesOf('jss://copy-a/dst.bin')).equals(cli.data)).toBe(true);
    expect(await etagOf('jss://copy-a/src.bin')).toBe(sourceETag);
  });

  it('copies across buckets, keeping the base name under a prefix or a bucket ending in /', async () => {
    const human = await runCli(['cp', 'jss://copy-a/src.bin', 'jss://copy-b/in/'], env);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toBe(`copy: jss://copy-a/src.bin to jss://copy-b/in/src.bin (etag ${sourceETag})\n`);
    const bare = jsonLines(await runCli(['--json', 'cp', 'jss://copy-a/src.bin', 'jss://copy-b'], env));
    expect(bare).toMatchObject([{ bucket: 'copy-b', key: 'src.bin', etag: sourceETag }]);
    expect((await bytesOf('jss://copy-b/in/src.bin')).equals(cli.data)).toBe(true);
    expect((await bytesOf('jss://copy-b/src.bin')).equals(cli.data)).toBe(true);
  });

  it('replaces an existing object: its bytes and its ETag', async () => {
    const other = Buffer.from('an older object of another size\n');
    expect((await runCli(['cp', '-', 'jss://copy-b/existing.bin'], env, other)).code).toBe(0);
    expect(await etagOf('jss://copy-b/existing.bin')).toBe(md5(other));
    const run = await runCli(['cp', 'jss://copy-a/src.bin', 'jss://copy-b/existing.bin'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(await etagOf('jss://copy-b/existing.bin')).toBe(sourceETag);
    expect((await bytesOf('jss://copy-b/existing.bin')).equals(cli.data)).toBe(true);
  });

  it('says NoSuchKey (exit 3) naming the missing source, and leaves the destination as it was', async () => {
    const kept = Buffer.from('kept\n');
    expect((await runCli(['cp', '-', 'jss://copy-b/kept.txt'], env, kept)).code).toBe(0);
    const run = await runCli(['cp', 'jss://copy-a/no-such.bin', 'jss://copy-b/kept.txt'], env);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^jss: [^\n]+ \[NoSuchKey\]\n$/);
    expect(run.stderr).toContain('/copy-a/no-such.bin does not exist');
    expect(await bytesOf('jss://copy-b/kept.txt')).toEqual(kept);
  });

  it.each([
    [['cp', 'jss://copy-a', 'jss://copy-b/x.bin']],
    [['cp', 'jss://copy-a/src.bin', 'jss://copy-b/x.bin', '--storage-class', 'REDUCED_REDUNDANCY']],
    [['cp', 'jss://copy-a/src.bin', 'jss://copy-b/x.bin', '--content-type', 'text/plain']],
    [['cp', 'jss://copy-a/src.bin', 'jss://copy-b/x.bin', '--encrypt']],
    [['cp', 'jss://copy-a/src.bin', 'jss://copy-b/x.bin', '--no-resume']],
    [['mv', 'jss://copy-a/src.bin', 'x.bin']],
    [['mv', 'input.bin', 'jss://copy-b/x.bin']],
    [['mv', 'jss://copy-a', 'jss://copy-b/x.bin']],
  ])('refuses %j with exit 2 on one line, copying nothing', async (args) => {
    oneUsageLine(await runCli(args, env));
    expect((await runCli(['stat', 'jss://copy-b/x.bin'], env)).code).toBe(3);
  });
});

describe('jss mv', () => {
  it('moves an object to another bucket: the source is gone, the destination has its bytes', async () => {
    expect((await runCli(['cp', 'jss://copy-a/src.bin', 'jss://copy-a/to-move.bin'], env)).code).toBe(0);
    const run = await runCli(['--json', 'mv', 'jss://copy-a/to-move.bin', 'jss://copy-b/moved/'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run)).toEqual([
      { source: 'jss://copy-a/to-move.bin', bucket: 'copy-b', key: 'moved/to-move.bin', etag: sourceETag },
    ]);
    const gone = await runCli(['stat', 'jss://copy-a/to-move.bin'], env);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain('[NoSuchKey]');
    expect((await bytesOf('jss://copy-b/moved/to-move.bin')).equals(cli.data)).toBe(true);
  });

  it('says NoSuchKey (exit 3) for a missing source', async () => {
    const run = await runCli(['mv', 'jss://copy-a/no-such.bin', 'jss://copy-b/nowhere.bin'], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^jss: [^\n]+ \[NoSuchKey\]\n$/);
  });
});

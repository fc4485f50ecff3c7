// The README's exit-code table, one row at a time, and the one-line error each failure prints.
// 130 (Ctrl-C, resumable) is covered by cli-resume.test.ts: 'stops cleanly on Ctrl-C with exit 130, then
// resumes', 'stops at once on Ctrl-C while stdin stays open ...' and 'resumes an interrupted download ...'.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { FileCheckpointStore } from '@jsskit/multipart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { runCli, startCli } from './helpers/run-cli.ts';

let cli: CliServer;
let env: NodeJS.ProcessEnv;

/** One line on stderr, ending with the code in brackets (cp runs are --quiet: no progress lines before it). */
function oneLineEndingWith(code: string): RegExp {
  return new RegExp(`^jss: [^\\n]+ \\[${code}\\]\\n$`);
}

beforeAll(async () => {
  cli = await startCliServer('cli-exit', 3 * 1024 * 1024 + 7);
  env = cli.env;
  expect((await runCli(['mb', 'jss://exit-codes'], env)).code).toBe(0);
  expect((await runCli(['cp', cli.file, 'jss://exit-codes/there.bin'], env)).code).toBe(0);
});

afterAll(() => cli.close());

describe('exit code 0: success', () => {
  it('exits 0 and prints nothing on stderr with --quiet', async () => {
    const run = await runCli(['--quiet', 'stat', 'jss://exit-codes/there.bin'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('exit code 1: a local system error', () => {
  it('exits 1 with the system code when the download directory does not exist', async () => {
    const target = join(cli.directory, 'no-such-directory', 'there.bin');
    const run = await runCli(['-q', 'cp', 'jss://exit-codes/there.bin', target], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(oneLineEndingWith('ENOENT'));
  });
});

describe('exit code 2: usage errors, nothing sent', () => {
  it.each([
    [['frobnicate'], 'see jss --help'],
    [['--frobnicate', 'ls'], 'see jss --help'],
    [['cp'], 'see jss cp --help'],
    [['cp', 'a', 'jss://exit-codes/a', '--part-size', 'lots'], 'see jss cp --help'],
    [['cp', 'a', 'jss://exit-codes/a', '--part-size', '0'], 'see jss cp --help'],
    [['presign', 'jss://exit-codes/a', '--method', 'POST'], 'see jss presign --help'],
  ])('says %j on one line ending in [CLI_USAGE]', async (args, where) => {
    const run = await runCli(args, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(oneLineEndingWith('CLI_USAGE'));
    expect(run.stderr).toContain(where);
  });

  it('refuses a key JSS would refuse (over 1024 bytes) before sending it: the client checks it', async () => {
    const run = await runCli(['stat', `jss://exit-codes/${'k'.repeat(1025)}`], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(oneLineEndingWith('CLIENT_INVALID_OPTIONS'));
    expect(run.stderr).toContain('is not a valid object key');
  });

  it('refuses serve on a public address without credentials', async () => {
    const data = join(cli.directory, 'served');
    const run = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--data', data], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(oneLineEndingWith('LOCAL_SERVER_INSECURE_BIND'));
  });

  it('refuses an upload that another jss cp is running', async () => {
    const checkpoints = join(cli.directory, 'locked-checkpoints');
    const args = ['-q', 'cp', cli.file, 'jss://exit-codes/locked.bin', '--part-size', '1MiB'];
    const refused = cli.server.faults.add({
      operation: 'UploadPart',
      action: { type: 'error', status: 403, code: 'AccessDenied' },
    });
    expect((await runCli(args, { ...env, JSS_CHECKPOINT_DIR: checkpoints })).code).toBe(3);
    refused.remove();
    const store = new FileCheckpointStore(checkpoints);
    const [id] = (await store.list?.()) ?? [];
    const release = await store.lock(String(id));
    try {
      const run = await runCli(args, { ...env, JSS_CHECKPOINT_DIR: checkpoints });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(oneLineEndingWith('MULTIPART_LOCKED'));
      expect(run.stderr).toContain(`another jss cp (process ${process.pid} on `);
      expect(run.stderr).toMatch(/is uploading \S+ to jss:\/\/exit-codes\/locked\.bin right now: wait/);
      expect(run.stderr).not.toMatch(/checkpoint [0-9a-f]+ is locked/);
    } finally {
      await release();
    }
  });
});

describe('exit code 3: the service answered with an error', () => {
  it('says NoSuchKey for stat of a missing key: a HEAD has no body, its 404 is enough', async () => {
    const run = await runCli(['stat', 'jss://exit-codes/missing.bin'], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(oneLineEndingWith('NoSuchKey'));
    expect(run.stderr).not.toContain('HTTP 404');
  });

  it('says NoSuchBucket for stat in a bucket that does not exist, though the HEAD answered a bare 404', async () => {
    const run = await runCli(['stat', 'jss://no-such-bucket-here/missing.bin'], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(oneLineEndingWith('NoSuchBucket'));
  });

  it('says a failed download once, with the service code and message', async () => {
    const run = await runCli(['-q', 'cp', 'jss://exit-codes/missing.bin', join(cli.directory, 'm.bin')], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(oneLineEndingWith('NoSuchKey'));
    expect(run.stderr.match(/GET \/exit-codes\/missing\.bin/g)).toHaveLength(1);
    expect(run.stderr).toContain('The specified key does not exist');
  });

  it("prints the server's message and code when it is out of space, after its retries", async () => {
    const full = cli.server.faults.add({
      operation: ['PutObject', 'UploadPart'],
      times: Number.POSITIVE_INFINITY,
      action: { type: 'error', status: 500, code: 'InternalError', message: 'No space left on the disk' },
    });
    try {
      const run = await runCli(['-q', 'cp', cli.file, 'jss://exit-codes/full.bin', '--no-resume'], env);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(oneLineEndingWith('InternalError'));
      expect(run.stderr).toMatch(/500 InternalError: No space left on the disk .*after 5 attempts/);
      expect(run.stderr).not.toMatch(/attempt\(s\)|attempts allowed|network|reachable/);
    } finally {
      full.remove();
    }
  });
});

describe('exit code 4: the endpoint could not be reached', () => {
  it('names the endpoint it could not reach', async () => {
    const run = await runCli(['ls'], { ...env, JSS_ENDPOINT: 'http://127.0.0.1:9' });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(oneLineEndingWith('TRANSPORT_NETWORK'));
    expect(run.stderr).toContain('http://127.0.0.1:9');
  });
});

describe('exit code 5: a checksum did not match', () => {
  it('refuses an upload the server stored damaged', async () => {
    const damage = cli.server.faults.add({
      operation: 'PutObject',
      times: Number.POSITIVE_INFINITY,
      action: { type: 'corrupt-body', unchecked: true },
    });
    try {
      const small = join(cli.directory, 'small.txt');
      await writeFile(small, 'hello');
      const run = await runCli(['-q', 'cp', small, 'jss://exit-codes/damaged.txt'], env);
      expect(run.code).toBe(5);
      expect(run.stderr).toMatch(oneLineEndingWith('MULTIPART_CHECKSUM_MISMATCH'));
    } finally {
      damage.remove();
    }
  });
});

describe('exit code 130: interrupted', () => {
  it('stops a listing waiting on the server at the first Ctrl-C, with 130 and one line', async () => {
    const stall = cli.server.faults.add({ operation: 'GetBucket', action: { type: 'stall', ms: 20_000 } });
    try {
      const listing = startCli(['ls', 'jss://exit-codes'], env);
      for (let tries = 0; tries < 400 && stall.hits === 0; tries++) await delay(25);
      expect(stall.hits).toBe(1);
      listing.child.kill('SIGINT');
      const run = await listing.done;
      expect(run.code).toBe(130);
      expect(run.stderr).toMatch(oneLineEndingWith('CLI_INTERRUPTED'));
      expect(run.stderr).toContain('stopped by SIGINT');
    } finally {
      stall.remove();
    }
  });
});

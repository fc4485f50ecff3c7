// `jss cp -`: an upload from stdin cannot resume, so Ctrl-C aborts it; its progress has no total to show.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { JSS, jsonLines, runCli, startCli } from './helpers/run-cli.ts';

const MiB = 1024 * 1024;
let cli: CliServer;

beforeAll(async () => {
  cli = await startCliServer('cli-stdin', 16 * MiB);
  expect((await runCli(['mb', 'jss://stdin'], cli.env)).code).toBe(0);
});

afterAll(() => cli.close());

async function uploadIds(key: string): Promise<unknown[]> {
  const listed = await runCli(['--json', 'uploads', `jss://stdin/${key}`], cli.env);
  return jsonLines(listed).map((row) => row.uploadId);
}

/** Polls the server until the one upload under `key` holds `count` parts. */
async function waitForParts(key: string, count: number): Promise<void> {
  for (let tries = 0; tries < 400; tries++) {
    const [uploadId] = await uploadIds(key);
    if (typeof uploadId === 'string') {
      const parts = await runCli(['--json', 'parts', `jss://stdin/${key}`, '--upload-id', uploadId], cli.env);
      if (jsonLines(parts).length >= count) return;
    }
    await delay(50);
  }
  throw new Error(`the upload of ${key} never reached ${count} parts`);
}

describe('jss cp - (stdin)', () => {
  it('aborts its upload on Ctrl-C, since it can never resume, and says so', async () => {
    const args = ['cp', '-', 'jss://stdin/ctrl-c.bin', '--part-size', '1MiB'];
    const first = startCli(args, cli.env, cli.data.subarray(0, 3 * MiB), { keepStdinOpen: true });
    await waitForParts('ctrl-c.bin', 2);
    const [uploadId] = await uploadIds('ctrl-c.bin');
    first.child.kill('SIGINT');
    const stopped = await first.done;
    first.child.stdin?.destroy();
    expect(stopped.code).toBe(130);
    const last = stopped.stderr.trimEnd().split('\n').at(-1);
    expect(last).toMatch(
      /^jss: interrupted after .* \(not resumable: stdin\); upload \S+ was aborted \[CLI_INTERRUPTED\]$/,
    );
    expect(last).toContain(String(uploadId));
    expect(await uploadIds('ctrl-c.bin')).toEqual([]);
  });

  it('gives the runnable jss abort when aborting fails too after a Ctrl-C', async () => {
    const refused = cli.server.faults.add({
      operation: 'AbortMultipartUpload',
      times: Number.POSITIVE_INFINITY,
      action: { type: 'error', status: 403, code: 'AccessDenied' },
    });
    const args = ['cp', '-', 'jss://stdin/kept.bin', '--part-size', '1MiB'];
    const first = startCli(args, cli.env, cli.data.subarray(0, 3 * MiB), { keepStdinOpen: true });
    await waitForParts('kept.bin', 2);
    const [uploadId] = await uploadIds('kept.bin');
    first.child.kill('SIGINT');
    const stopped = await first.done;
    first.child.stdin?.destroy();
    refused.remove();
    expect(stopped.code).toBe(130);
    const last = stopped.stderr.trimEnd().split('\n').at(-1);
    expect(last).toMatch(
      /\(not resumable: stdin\); aborting upload \S+ failed too \(.*AccessDenied.*\): it is left/,
    );
    const command = `jss abort jss://stdin/kept.bin --upload-id ${String(uploadId)} removes it [CLI_INTERRUPTED]`;
    expect(last?.endsWith(command)).toBe(true);
    const aborted = await runCli(['abort', 'jss://stdin/kept.bin', '--upload-id', String(uploadId)], cli.env);
    expect(aborted.code).toBe(0);
  });

  it('says a failed upload is left on the server, never resumable, with the runnable jss abort', async () => {
    const faults = [
      cli.server.faults.add({
        operation: 'UploadPart',
        times: Number.POSITIVE_INFINITY,
        action: { type: 'error', status: 403, code: 'AccessDenied' },
      }),
      cli.server.faults.add({
        operation: 'AbortMultipartUpload',
        times: Number.POSITIVE_INFINITY,
        action: { type: 'error', status: 500, code: 'InternalError' },
      }),
    ];
    const args = ['-q', 'cp', '-', 'jss://stdin/failed.bin', '--part-size', '1MiB'];
    const failing = startCli(args, cli.env, cli.data.subarray(0, 3 * MiB));
    // It stops reading stdin when the upload fails: the rest of the input meets a closed pipe.
    failing.child.stdin?.on('error', () => undefined);
    const run = await failing.done;
    for (const fault of faults) fault.remove();
    const [uploadId] = await uploadIds('failed.bin');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^jss: [^\n]+ \[AccessDenied\]\n$/);
    expect(run.stderr).toContain('it is left on the server');
    expect(run.stderr).toContain(
      `jss abort jss://stdin/failed.bin --upload-id ${String(uploadId)} removes it`,
    );
    expect(run.stderr).toMatch(/InternalError.*, after 5 attempts/);
    expect(run.stderr).not.toMatch(/resumable|attempt\(s\)|attempts allowed/);
    const aborted = await runCli(
      ['abort', 'jss://stdin/failed.bin', '--upload-id', String(uploadId)],
      cli.env,
    );
    expect(aborted.code).toBe(0);
  });

  // A terminal is needed for the bar: `script` (util-linux, in Debian's essential bsdutils) gives the
  // command one.
  it('shows bytes and rate on a terminal, never a percentage of what was read so far', async () => {
    const file = join(cli.directory, 'stdin.bin');
    await writeFile(file, cli.data);
    const command = `"${process.execPath}" "${JSS}" cp - jss://stdin/tty.bin --part-size 1MiB --limit-rate 4M < "${file}"`;
    const terminal = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { PATH: process.env.PATH, TERM: 'xterm', ...cli.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let screen = '';
    terminal.stdout.setEncoding('utf8').on('data', (text: string) => {
      screen += text;
    });
    const code = await new Promise((resolve) => terminal.once('close', resolve));
    expect(code).toBe(0);
    expect(screen).toMatch(/upload stdin \d[\d.]* (KiB|MiB) so far \| [\d.]+ (B|KiB|MiB)\/s/);
    expect(screen).not.toMatch(/\d+%/);
    expect(screen).toContain('upload: - to jss://stdin/tty.bin');
  });
});

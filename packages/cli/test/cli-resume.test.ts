// Interrupted `jss cp` runs (SIGKILL and Ctrl-C) continued by running the same command again.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { LocalServer } from '@jsskit/local-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { jsonLines, runCli, startCli } from './helpers/run-cli.ts';

const MiB = 1024 * 1024;
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
let cli: CliServer;
let directory: string;
let server: LocalServer;
let env: NodeJS.ProcessEnv;
let data: Buffer;
let file: string;

beforeAll(async () => {
  cli = await startCliServer('cli-resume', 24 * MiB + 5);
  ({ directory, server, env, data, file } = cli);
  expect((await runCli(['mb', 'jss://resume'], env)).code).toBe(0);
});

afterAll(() => cli.close());

/** Waits until the server holds `count` parts of the one upload under `key`. */
async function waitForParts(key: string, count: number): Promise<void> {
  for (let tries = 0; tries < 400; tries++) {
    const uploads = jsonLines(await runCli(['--json', 'uploads', `jss://resume/${key}`], env));
    const uploadId = uploads[0]?.uploadId;
    if (typeof uploadId === 'string') {
      const parts = await runCli(['--json', 'parts', `jss://resume/${key}`, '--upload-id', uploadId], env);
      if (jsonLines(parts).length >= count) return;
    }
    await delay(50);
  }
  throw new Error(`the upload of ${key} never reached ${count} parts`);
}

/** Starts an upload whose parts after `parts` stall, and stops it with `signal` once `parts` are on the server. */
async function interruptUpload(args: readonly string[], key: string, parts: number, signal: NodeJS.Signals) {
  const slow = server.faults.add({
    operation: 'UploadPart',
    nth: parts + 1,
    times: Number.POSITIVE_INFINITY,
    action: { type: 'stall', ms: 1_500 },
  });
  try {
    const first = startCli(args, env);
    await waitForParts(key, parts);
    first.child.kill(signal);
    return await first.done;
  } finally {
    slow.remove();
  }
}

describe('resuming jss cp', () => {
  it('continues an upload killed with SIGKILL, sending again at most the parts in flight', async () => {
    const args = [
      '--json',
      'cp',
      file,
      'jss://resume/killed.bin',
      '--part-size',
      '1MiB',
      '--concurrency',
      '3',
    ];
    expect((await interruptUpload(args, 'killed.bin', 6, 'SIGKILL')).signal).toBe('SIGKILL');
    const second = await runCli(args, env);
    expect(second.code).toBe(0);
    const [result] = jsonLines(second);
    expect(Number(result?.resumedBytes)).toBeGreaterThanOrEqual(3 * MiB); // 6 listed, at most 3 in flight
    expect(second.stderr).toMatch(/resumed upload \w+: skipped \d/);
    const object = await runCli(['cp', 'jss://resume/killed.bin', '-'], env);
    expect(md5(object.stdoutBytes)).toBe(md5(data));
  });

  it('stops cleanly on Ctrl-C with exit 130, then resumes', async () => {
    const args = ['--json', 'cp', file, 'jss://resume/interrupted.bin', '--part-size', '1MiB'];
    const stopped = await interruptUpload(args, 'interrupted.bin', 4, 'SIGINT');
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('run the same command again to resume');
    expect(stopped.stderr).not.toMatch(/\n\s+at /);
    const second = await runCli(args, env);
    expect(second.code).toBe(0);
    expect(Number(jsonLines(second)[0]?.resumedBytes)).toBeGreaterThanOrEqual(4 * MiB);
  });

  it('stops at once on Ctrl-C while stdin stays open and sends nothing more', async () => {
    const first = startCli(
      ['cp', '-', 'jss://resume/stdin.bin', '--part-size', '1MiB'],
      env,
      data.subarray(0, 3 * MiB),
      {
        keepStdinOpen: true,
      },
    );
    await waitForParts('stdin.bin', 2);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    first.child.stdin?.destroy();
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/interrupted after \d.* confirmed \(not resumable: stdin\)/);
  });

  it('uploads afresh with --no-resume and leaves no checkpoint', async () => {
    const checkpoints = join(directory, 'fresh-checkpoints');
    const run = await runCli(['--json', 'cp', file, 'jss://resume/fresh.bin', '--no-resume'], {
      ...env,
      JSS_CHECKPOINT_DIR: checkpoints,
    });
    expect(run.code).toBe(0);
    expect(jsonLines(run)[0]).toMatchObject({ resumedBytes: 0, size: data.length });
    await expect(stat(checkpoints)).rejects.toThrow();
  });

  it('resumes an interrupted download from its partial file', async () => {
    const target = join(directory, 'download.bin');
    const stall = server.faults.add({
      operation: 'GetObject',
      action: { type: 'stall', ms: 20_000, phase: 'during-response' },
    });
    const first = startCli(['cp', 'jss://resume/fresh.bin', target], env);
    for (let tries = 0; tries < 200 && stall.hits === 0; tries++) await delay(25);
    await delay(300);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    stall.remove();
    expect(stopped.code).toBe(130);
    const kept = (await stat(`${target}.jss-partial`)).size;
    expect(kept).toBeGreaterThan(0);
    const second = await runCli(['--json', 'cp', 'jss://resume/fresh.bin', target], env);
    expect(second.code).toBe(0);
    expect(jsonLines(second)[0]).toMatchObject({ resumedBytes: kept, receivedBytes: data.length - kept });
    // Said as it starts, before its first progress line, not at the end.
    const told = second.stderr.indexOf('resumed download: kept');
    expect(told).toBeGreaterThan(-1);
    expect(second.stderr.indexOf('download fresh.bin: ')).toBeGreaterThan(told);
    expect(md5(await readFile(target))).toBe(md5(data));
  });
});

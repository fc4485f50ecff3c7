// What `jss cp` says while it works: plans it changed, a resume as it starts, and progress lines in human units
// that never go back. Without a terminal the progress is a plain line every 2 s (and one at the end).
import { randomBytes } from 'node:crypto';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRate } from '../src/progress-display.ts';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { jsonLines, runCli, startCli } from './helpers/run-cli.ts';

const MiB = 1024 * 1024;
let cli: CliServer;

beforeAll(async () => {
  cli = await startCliServer('cli-progress', 6 * MiB);
  expect((await runCli(['mb', 'jss://progress'], cli.env)).code).toBe(0);
});

afterAll(() => cli.close());

/** The plain progress lines of one transfer: what was done, and the rest of the line. */
function progressLines(stderr: string, label: string): { done: string; line: string }[] {
  const pattern = new RegExp(`^jss: ${label}: (\\S+ \\S+)(?: of \\S+ \\S+)?, (.*)$`, 'gm');
  return [...stderr.matchAll(pattern)].map((match) => ({ done: String(match[1]), line: match[0] }));
}

describe('jss cp says what it does', () => {
  it('says single PUT rather than 1 part, and ends its progress at the rate of the whole transfer', async () => {
    const small = join(cli.directory, 'small.bin');
    await writeFile(small, randomBytes(2000));
    const human = await runCli(['cp', small, 'jss://progress/small.bin'], cli.env);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^upload: .+ \(1\.95 KiB, single PUT, etag \w+, [\d.]+ s\)\n$/);
    const json = await runCli(['--json', 'cp', small, 'jss://progress/small.bin'], cli.env);
    const [result] = jsonLines(json) as { sentBytes: number; seconds: number }[];
    const last = progressLines(json.stderr, 'upload small\\.bin').at(-1)?.line;
    expect(last).toContain(`, ${formatRate((result?.sentBytes ?? 0) / (result?.seconds ?? 1))} |`);
    expect(last).not.toContain(' 0 B/s');
  });

  it('says when the part size is raised and when --concurrency is lowered to fit the memory budget', async () => {
    const small = await runCli(
      ['--json', 'cp', cli.file, 'jss://progress/small-parts.bin', '--part-size', '1K'],
      cli.env,
    );
    expect(small.code).toBe(0);
    expect(small.stderr).toContain('part size raised from 1.00 KiB to 1.00 MiB');
    expect(jsonLines(small)[0]).toMatchObject({ parts: 6 });
    const big = join(cli.directory, 'sparse.bin');
    await writeFile(big, '');
    await truncate(big, 130 * MiB);
    const args = ['cp', big, 'jss://progress/sparse.bin', '--part-size', '64MiB', '--concurrency', '8'];
    const capped = await runCli(args, cli.env);
    expect(capped.code).toBe(0);
    expect(capped.stderr).toContain('--concurrency 8 lowered to 2');
  });

  it('shows confirmed bytes, which never go back when a part is retried, with counts in the singular', async () => {
    const reset = cli.server.faults.add({
      operation: 'UploadPart',
      key: 'retried.bin',
      nth: 2,
      action: { type: 'reset', afterBodyBytes: 600 * 1024 },
    });
    const args = ['cp', cli.file, 'jss://progress/retried.bin', '--part-size', '1MiB', '--concurrency', '1'];
    const run = await runCli([...args, '--limit-rate', '1M'], cli.env);
    reset.remove();
    expect(run.code).toBe(0);
    expect(reset.hits).toBe(1);
    const lines = progressLines(run.stderr, 'upload input\\.bin');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const confirmed = lines.map(({ done }) => done);
    for (const done of confirmed) expect(done).toMatch(/^(0 B|\d\.00 MiB)$/);
    const mebibytes = confirmed.map((done) => Number.parseFloat(done));
    expect(mebibytes).toEqual([...mebibytes].sort((a, b) => a - b));
    expect(lines.at(-1)?.line).toContain('| 1 retry');
    expect(run.stderr).not.toMatch(/\b1 (parts|retries)\b/);
  });

  it('prints a slow rate in whole bytes per second', async () => {
    const file = join(cli.directory, 'slow.bin');
    await writeFile(file, randomBytes(2000));
    expect((await runCli(['cp', file, 'jss://progress/slow.bin'], cli.env)).code).toBe(0);
    const target = join(cli.directory, 'slow.out');
    const run = await runCli(['cp', 'jss://progress/slow.bin', target, '--limit-rate', '300'], cli.env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/ \d+ B\/s/);
    expect(run.stderr).not.toMatch(/\d\.\d+ B\/s/);
  });

  it('says it resumes as it starts, not only at the end', async () => {
    const file = join(cli.directory, 'resumed.bin');
    await writeFile(file, randomBytes(4 * MiB));
    const args = ['cp', file, 'jss://progress/resumed.bin', '--part-size', '1MiB', '--concurrency', '1'];
    const refusal = cli.server.faults.add({
      operation: 'UploadPart',
      key: 'resumed.bin',
      nth: 3,
      action: { type: 'error', status: 400, code: 'InvalidArgument' },
    });
    expect((await runCli(args, cli.env)).code).toBe(3);
    refusal.remove();
    // The rest of the parts hang: the run can only say it resumed before it ends if it says so at the start.
    const stall = cli.server.faults.add({
      operation: 'UploadPart',
      key: 'resumed.bin',
      times: Number.POSITIVE_INFINITY,
      action: { type: 'stall', ms: 20_000 },
    });
    const second = startCli(args, cli.env);
    await Promise.race([second.stderrContains('resumed upload'), second.done]);
    second.child.kill('SIGINT');
    const stopped = await second.done;
    stall.remove();
    expect(stopped.stderr).toMatch(/resumed upload \S+: skipped 2\.00 MiB already on the server \(2 parts\)/);
    expect(stopped.code).toBe(130);
  });
});

// Two `jss` processes on the same embedded store: the second says who holds it, and the first is unharmed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from './helpers/run-cli.ts';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jsskit-cli-lock-'));
});

afterAll(() => rm(directory, { recursive: true, force: true }));

describe('the embedded store, held by another jss process', () => {
  it('makes a second command exit with one line naming the holder, and the first finishes its upload', async () => {
    const env = {
      JSS_DATA_DIR: join(directory, 'store'),
      JSS_CHECKPOINT_DIR: join(directory, 'checkpoints'),
    };
    expect((await runCli(['mb', 'jss://locked'], env)).code).toBe(0);
    const first = startCli(['cp', '-', 'jss://locked/streamed.txt'], env, 'first half, ', {
      keepStdinOpen: true,
    });
    await first.stderrContains('using the embedded local store');

    const second = await runCli(['--quiet', 'ls', 'jss://locked'], env);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/^jss: [^\n]* \[LOCAL_SERVER_DATA_DIR_LOCKED\]\n$/);
    expect(second.stderr).toContain(`in use by another process (pid ${first.child.pid} on `);

    first.child.stdin?.end('second half');
    const finished = await first.done;
    expect(finished.code).toBe(0);
    expect(finished.stderr).not.toMatch(/Error|\n\s+at /);
    const read = await runCli(['--quiet', 'cp', 'jss://locked/streamed.txt', '-'], env);
    expect(read).toMatchObject({ code: 0, stdout: 'first half, second half', stderr: '' });
  });
});

// `jss` with no endpoint (the embedded store), and `jss serve`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli, startCli } from './helpers/run-cli.ts';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jsskit-cli-local-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('the embedded local store', () => {
  it('serves mb, cp and ls across runs from the data directory, and says so on stderr', async () => {
    const env = {
      JSS_DATA_DIR: join(directory, 'embedded'),
      JSS_CHECKPOINT_DIR: join(directory, 'checkpoints'),
    };
    const made = await runCli(['mb', 'jss://local-first'], env);
    expect(made.code).toBe(0);
    expect(made.stderr).toContain(`using the embedded local store in ${join(directory, 'embedded')}`);
    const file = join(directory, 'hello.txt');
    await writeFile(file, 'hello, jss\n');
    expect((await runCli(['cp', file, 'jss://local-first/hello.txt'], env)).code).toBe(0);
    const listed = jsonLines(await runCli(['--json', 'ls', 'jss://local-first'], env));
    expect(listed).toEqual([expect.objectContaining({ key: 'hello.txt', size: 11 })]);
    const quiet = await runCli(['--quiet', 'cp', 'jss://local-first/hello.txt', '-'], env);
    expect(quiet).toMatchObject({ code: 0, stdout: 'hello, jss\n', stderr: '' });
  });
});

describe('jss serve', () => {
  it('prints its endpoint as JSON when ready, serves requests, and stops on SIGTERM', async () => {
    const server = startCli(['--json', 'serve', '--port', '0', '--data', join(directory, 'served')], {});
    await server.stderrContains('Ctrl-C stops');
    const { endpoint } = JSON.parse(server.stdoutSoFar()) as { endpoint: string };
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const env = {
      JSS_ENDPOINT: endpoint,
      JSS_ACCESS_KEY: 'qbS5QXpLORrvdrmb',
      JSS_SECRET_KEY: '1MYaiNh3NeN9SuxaqFjSrc7I49rWKkQCxpl9eLNZ',
    };
    expect((await runCli(['mb', 'jss://served'], env)).code).toBe(0);
    expect(jsonLines(await runCli(['--json', 'ls'], env)).map((row) => row.bucket)).toEqual(['served']);
    server.child.kill('SIGTERM');
    const stopped = await server.done;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('stopped');
  });

  it('refuses a bad port as a usage error', async () => {
    expect((await runCli(['serve', '--port', '70000'], {})).code).toBe(2);
  });
});

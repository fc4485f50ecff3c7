// `jss serve` says which key pair it accepts; `jss presign` refuses the embedded store, whose server is gone
// by the time the URL is used.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli, startCli } from './helpers/run-cli.ts';

const EXAMPLE = { accessKey: 'qbS5QXpLORrvdrmb', secretKey: '1MYaiNh3NeN9SuxaqFjSrc7I49rWKkQCxpl9eLNZ' };
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jsskit-cli-serve-'));
});

afterAll(() => rm(directory, { recursive: true, force: true }));

/** Starts `jss serve` with `args`, waits until it is ready, and returns what it printed and its endpoint. */
async function serve(args: readonly string[]) {
  const server = startCli(['--json', ...args, 'serve', '--port', '0', '--data', join(directory, 'data')], {});
  await server.stderrContains('Ctrl-C stops');
  const ready = JSON.parse(server.stdoutSoFar()) as Record<string, string>;
  server.child.kill('SIGINT');
  const stopped = await server.done;
  expect(stopped.code).toBe(0);
  return { ready, stderr: stopped.stderr };
}

describe('jss serve', () => {
  it('names in its --help the global options that apply to it: --data and the key pair', async () => {
    const run = await runCli(['serve', '--help'], {});
    expect(run.code).toBe(0);
    for (const option of ['--host', '--port', '--data', '--access-key', '--secret-key'])
      expect(run.stdout).toContain(option);
  });

  it('prints the documented example key pair it accepts, secret included', async () => {
    const { ready, stderr } = await serve([]);
    expect(stderr).toContain(`JSS_ACCESS_KEY=${EXAMPLE.accessKey} JSS_SECRET_KEY=${EXAMPLE.secretKey}`);
    expect(ready).toMatchObject(EXAMPLE);
  });

  it('names the access key of a pair it was given, never its secret', async () => {
    const { ready, stderr } = await serve(['--access-key', 'own-key-id', '--secret-key', 'own-secret-xyz']);
    expect(stderr).toContain('access key own-key-id');
    expect(`${stderr}${JSON.stringify(ready)}`).not.toContain('own-secret-xyz');
    expect(ready.accessKey).toBe('own-key-id');
  });
});

describe('jss presign', () => {
  it('refuses the embedded store and points to jss serve, starting nothing', async () => {
    const run = await runCli(['presign', 'jss://photos/a.jpg'], {
      JSS_DATA_DIR: join(directory, 'embedded'),
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^jss: [^\n]*`jss serve`[^\n]*\[CLI_USAGE\]\n$/);
  });

  it('still presigns against an endpoint', async () => {
    const server = startCli(['--json', 'serve', '--port', '0', '--data', join(directory, 'presign')], {});
    await server.stderrContains('Ctrl-C stops');
    const { endpoint } = JSON.parse(server.stdoutSoFar()) as { endpoint: string };
    const env = {
      JSS_ENDPOINT: endpoint,
      JSS_ACCESS_KEY: EXAMPLE.accessKey,
      JSS_SECRET_KEY: EXAMPLE.secretKey,
    };
    const run = await runCli(['--json', 'presign', 'jss://photos/a.jpg'], env);
    server.child.kill('SIGINT');
    await server.done;
    expect(run.code).toBe(0);
    expect(String(jsonLines(run)[0]?.url)).toMatch(new RegExp(`^${endpoint}/photos/a\\.jpg\\?`));
  });
});

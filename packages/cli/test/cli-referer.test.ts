// `jss referer`: show, set and clear a bucket's referer rules, and what they do to jss's own reads.
import { createTransport, type Transport } from '@jsskit/http-transport';
import { DEFAULT_CREDENTIALS } from '@jsskit/local-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { jsonLines, runCli } from './helpers/run-cli.ts';

let cli: CliServer;
let env: NodeJS.ProcessEnv;
let transport: Transport;

async function rulesOf(bucket: string): Promise<Record<string, unknown> | undefined> {
  const run = await runCli(['--json', 'referer', `jss://${bucket}`], env);
  expect(run.code, run.stderr).toBe(0);
  return jsonLines(run)[0];
}

/** The status of a GET of the object sent with this Referer (the CLI sends none). */
async function statusWithReferer(referer: string): Promise<number> {
  const request = { method: 'GET', bucket: 'ref', key: 'k.txt', headers: { referer } } as const;
  return transport.send(request).then(
    (response) => response.status,
    (error: { status?: number }) => error.status ?? 0,
  );
}

beforeAll(async () => {
  cli = await startCliServer('cli-referer', 16);
  env = cli.env;
  transport = createTransport({
    endpoint: cli.server.endpoint,
    credentials: cli.server.credentials[0] ?? DEFAULT_CREDENTIALS,
  });
  expect((await runCli(['mb', 'jss://ref'], env)).code).toBe(0);
  expect((await runCli(['cp', '-', 'jss://ref/k.txt'], env, 'hello\n')).code).toBe(0);
});

afterAll(async () => {
  await transport.close();
  await cli.close();
});

describe('jss referer', () => {
  it('shows the rules of a bucket nobody configured: an empty ALLOW list, which protects nothing', async () => {
    expect(await rulesOf('ref')).toEqual({ bucket: 'ref', effect: 'ALLOW', referers: [], allowEmpty: false });
    const human = await runCli(['referer', 'jss://ref'], env);
    expect(human.stdout).toMatch(/^Bucket\s+jss:\/\/ref\nEffect\s+ALLOW\nReferers\s+\(none\)\n/);
    expect(human.stdout).toContain('every request passes');
  });

  it('sets an ALLOW list: a matching Referer passes, jss cp and stat (no Referer) are refused', async () => {
    const set = await runCli(['--json', 'referer', 'jss://ref', '--allow', 'a.com, *.b.com'], env);
    expect(set.code, set.stderr).toBe(0);
    const rules = { bucket: 'ref', effect: 'ALLOW', referers: ['a.com', '*.b.com'], allowEmpty: false };
    expect(jsonLines(set)).toEqual([rules]);
    expect(set.stderr).toContain('--allow-empty lets them in');
    expect(await rulesOf('ref')).toEqual(rules);
    expect(await statusWithReferer('https://x.b.com/page')).toBe(200);
    expect(await statusWithReferer('https://evil.com/')).toBe(403);
    const get = await runCli(['cp', 'jss://ref/k.txt', '-'], env);
    expect(get.code).toBe(3);
    expect(get.stdout).toBe('');
    expect(get.stderr).toMatch(/^jss: [^\n]+ \[AccessDenied\]\n$/);
    const stat = await runCli(['stat', 'jss://ref/k.txt'], env);
    expect(stat.code).toBe(3);
    expect(stat.stderr).toMatch(/^jss: [^\n]+ \[AccessDenied\]\n$/);
  });

  it('lets requests without a Referer in with --allow-empty', async () => {
    const set = await runCli(['referer', 'jss://ref', '--allow', 'a.com', '--allow-empty'], env);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('requests without a Referer pass');
    const get = await runCli(['cp', 'jss://ref/k.txt', '-'], env);
    expect(get).toMatchObject({ code: 0, stdout: 'hello\n' });
  });

  it('sets a DENY list, which keeps out only the Referers it matches', async () => {
    const set = await runCli(['--json', 'referer', 'jss://ref', '--deny', 'evil.com', '--allow-empty'], env);
    expect(jsonLines(set)).toEqual([
      { bucket: 'ref', effect: 'DENY', referers: ['evil.com'], allowEmpty: true },
    ]);
    expect(await statusWithReferer('https://evil.com/')).toBe(403);
    expect(await statusWithReferer('https://a.com/')).toBe(200);
  });

  it('clears the rules with --clear: every read passes again', async () => {
    expect((await runCli(['referer', 'jss://ref', '--allow', 'a.com'], env)).code).toBe(0);
    expect((await runCli(['cp', 'jss://ref/k.txt', '-'], env)).code).toBe(3);
    const cleared = await runCli(['--json', 'referer', 'jss://ref', '--clear'], env);
    expect(jsonLines(cleared)).toEqual([{ bucket: 'ref', effect: 'ALLOW', referers: [], allowEmpty: false }]);
    expect(await rulesOf('ref')).toMatchObject({ referers: [] });
    expect(await runCli(['cp', 'jss://ref/k.txt', '-'], env)).toMatchObject({ code: 0, stdout: 'hello\n' });
  });

  it('says NoSuchBucket (exit 3) for a bucket that does not exist', async () => {
    const run = await runCli(['referer', 'jss://no-such-bucket', '--allow', 'a.com'], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^jss: [^\n]+ \[NoSuchBucket\]\n$/);
  });

  it.each([
    [['--allow', 'a.com', '--deny', 'b.com'], 'give one of --allow, --deny or --clear'],
    [['--allow', 'a.com', '--clear'], 'give one of --allow, --deny or --clear'],
    [['--allow', ''], 'none empty'],
    [['--deny', 'a.com,,b.com'], 'none empty'],
    [['--allow', 'a.com,'], 'none empty'],
    [['--allow-empty'], '--allow-empty goes with --allow or --deny'],
    [['--clear', '--allow-empty'], '--allow-empty goes with --allow or --deny'],
  ])('refuses %j with exit 2 on one line, changing nothing', async (options, message) => {
    expect((await runCli(['referer', 'jss://ref', '--deny', 'kept.com', '--allow-empty'], env)).code).toBe(0);
    const run = await runCli(['referer', 'jss://ref', ...options], env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^jss: [^\n]+ \[CLI_USAGE\]\n$/);
    expect(run.stderr).toContain(message);
    expect(await rulesOf('ref')).toMatchObject({ effect: 'DENY', referers: ['kept.com'] });
  });

  it('refuses a key after the bucket with exit 2', async () => {
    const run = await runCli(['referer', 'jss://ref/k.txt', '--allow', 'a.com'], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^jss: [^\n]*jss:\/\/ref\/k\.txt[^\n]*\[CLI_USAGE\]\n$/);
  });
});

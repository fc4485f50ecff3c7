// What `jss` prints as results: --quiet keeps them, and --json fields of one meaning have one type.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { jsonLines, runCli } from './helpers/run-cli.ts';

let cli: CliServer;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  cli = await startCliServer('cli-output', 300_000);
  env = cli.env;
  expect((await runCli(['mb', 'jss://output'], env)).code).toBe(0);
  expect((await runCli(['cp', cli.file, 'jss://output/there.bin'], env)).code).toBe(0);
});

afterAll(() => cli.close());

describe('jss --quiet', () => {
  it('prints a presigned URL, so that URL=$(jss -q presign ...) works', async () => {
    const run = await runCli(['-q', 'presign', 'jss://output/there.bin'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/output\/there\.bin\?\S*Signature=\S+\n$/);
  });

  it.each([
    [['-q', 'ls'], /jss:\/\/output/],
    [['-q', 'ls', 'jss://output'], /there\.bin/],
    [['-q', 'stat', 'jss://output/there.bin'], /Size\s+300000/],
  ])('prints the result of %j and nothing on stderr', async (args, result) => {
    const run = await runCli(args, env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(result);
  });

  it('prints the result of an upload and of a download, without their progress', async () => {
    const up = await runCli(['-q', 'cp', cli.file, 'jss://output/quiet.bin'], env);
    expect(up).toMatchObject({ code: 0, stderr: '' });
    expect(up.stdout).toMatch(/^upload: .+ to jss:\/\/output\/quiet\.bin \(/);
    const down = await runCli(['-q', 'cp', 'jss://output/quiet.bin', join(cli.directory, 'quiet.bin')], env);
    expect(down).toMatchObject({ code: 0, stderr: '' });
    expect(down.stdout).toMatch(/^download: jss:\/\/output\/quiet\.bin to /);
  });
});

describe('jss --json', () => {
  it('says mb made a bucket with a boolean and ls when buckets were made with a date', async () => {
    const made = jsonLines(await runCli(['--json', 'mb', 'jss://output-json'], env));
    expect(made).toEqual([{ bucket: 'output-json', created: true }]);
    const listed = jsonLines(await runCli(['--json', 'ls'], env));
    for (const bucket of listed) {
      expect(bucket).not.toHaveProperty('created');
      expect(bucket.creationDate).toEqual(expect.any(String));
      expect(Number.isNaN(Date.parse(String(bucket.creationDate)))).toBe(false);
    }
  });

  it('prints mibPerSecond for a download as for an upload', async () => {
    const target = join(cli.directory, 'json.bin');
    const down = jsonLines(await runCli(['--json', 'cp', 'jss://output/there.bin', target], env));
    expect(down[0]?.mibPerSecond).toEqual(expect.any(Number));
    const up = jsonLines(await runCli(['--json', 'cp', cli.file, 'jss://output/again.bin'], env));
    expect(up[0]?.mibPerSecond).toEqual(expect.any(Number));
  });
});

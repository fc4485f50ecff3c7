// `jss mb` and `jss rb` take a bucket alone: a key after it is a usage error, and nothing is made or removed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { jsonLines, runCli } from './helpers/run-cli.ts';

let cli: CliServer;

beforeAll(async () => {
  cli = await startCliServer('cli-buckets', 16);
});

afterAll(() => cli.close());

async function buckets(): Promise<unknown[]> {
  return jsonLines(await runCli(['--json', 'ls'], cli.env)).map((row) => row.bucket);
}

describe('jss mb and jss rb', () => {
  it('refuse a key after the bucket with exit 2 and one line, making nothing', async () => {
    const made = await runCli(['mb', 'jss://made/extra/key'], cli.env);
    expect(made.code).toBe(2);
    expect(made.stderr).toMatch(/^jss: [^\n]*jss:\/\/made\/extra\/key[^\n]*\[CLI_USAGE\]\n$/);
    expect(await buckets()).toEqual([]);
  });

  it('refuse a key after the bucket with exit 2 and one line, removing nothing', async () => {
    expect((await runCli(['mb', 'jss://kept/'], cli.env)).code).toBe(0);
    const removed = await runCli(['rb', 'jss://kept/whatever'], cli.env);
    expect(removed.code).toBe(2);
    expect(removed.stderr).toMatch(/^jss: [^\n]*jss:\/\/kept\/whatever[^\n]*\[CLI_USAGE\]\n$/);
    expect(await buckets()).toEqual(['kept']);
    expect((await runCli(['rb', 'jss://kept'], cli.env)).code).toBe(0);
  });
});

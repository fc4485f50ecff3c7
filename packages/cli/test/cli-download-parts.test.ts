// `jss cp jss://B/K FILE` of a large object: ranged GETs in parallel, one per part, or one GET with
// --concurrency 1; either way the file holds the object's bytes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliServer, startCliServer } from './helpers/cli-server.ts';
import { runCli } from './helpers/run-cli.ts';

const MiB = 1024 * 1024;
let cli: CliServer;
const gets: (string | undefined)[] = [];

beforeAll(async () => {
  cli = await startCliServer('cli-download-parts', 40 * MiB + 3, {
    log: (entry) => {
      if (entry.operation === 'GetObject') gets.push(entry.path);
    },
  });
  expect((await runCli(['mb', 'jss://parts'], cli.env)).code).toBe(0);
  const upload = await runCli(['cp', cli.file, 'jss://parts/big.bin', '--part-size', '8MiB'], cli.env);
  expect(upload.code, upload.stderr).toBe(0);
});

afterAll(() => cli.close());

describe('jss cp of a large object to a file', () => {
  it('downloads in parallel ranges by default, and in one GET with --concurrency 1', async () => {
    gets.length = 0;
    const parallel = join(cli.directory, 'parallel.bin');
    const run = await runCli(['cp', 'jss://parts/big.bin', parallel, '--part-size', '8MiB'], cli.env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('checked by multipart-etag');
    expect(gets.length).toBeGreaterThanOrEqual(5); // one per part (the first GET is cut short after part 1)
    expect((await readFile(parallel)).equals(cli.data)).toBe(true);

    gets.length = 0;
    const single = join(cli.directory, 'single.bin');
    const one = await runCli(['cp', 'jss://parts/big.bin', single, '--concurrency', '1'], cli.env);
    expect(one.code, one.stderr).toBe(0);
    expect(gets).toHaveLength(1);
    expect((await readFile(single)).equals(cli.data)).toBe(true);
  });
});

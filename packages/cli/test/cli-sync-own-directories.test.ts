// `jss sync` of a directory that holds jss's own directories (the embedded store, the checkpoints): they are
// neither uploaded nor, with --delete, removed. Runs against the embedded store, no endpoint.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, runCli } from './helpers/run-cli.ts';

let tree: string;
let args: string[];

beforeAll(async () => {
  tree = await mkdtemp(join(tmpdir(), 'jsskit-cli-own-'));
  await writeFile(join(tree, 'a.txt'), 'a');
  args = ['--data', join(tree, '.store'), '--json'];
  expect((await runCli([...args, 'mb', 'jss://self'], {})).code).toBe(0);
});

afterAll(() => rm(tree, { recursive: true, force: true }));

describe('jss sync and the embedded store inside the tree', () => {
  it('neither uploads the store nor deletes it', async () => {
    const checkpoints = join(tree, '.checkpoints');
    const up = await runCli([...args, 'sync', tree, 'jss://self/x', '--checkpoint-dir', checkpoints], {});
    expect(up.code, up.stderr).toBe(0);
    const listed = jsonLines(await runCli([...args, 'ls', 'jss://self/x/', '-r'], {}));
    expect(listed.map((line) => line.key)).toEqual(['x/a.txt']);

    const down = await runCli(
      [...args, 'sync', 'jss://self/empty', tree, '--delete', '--checkpoint-dir', checkpoints],
      {},
    );
    expect(down.code, down.stderr).toBe(0);
    expect((await readdir(tree)).sort()).toEqual(['.checkpoints', '.store']);
    expect((await runCli([...args, 'stat', 'jss://self/x/a.txt'], {})).code).toBe(0);
  });

  it('runs 16 files at once without a listener-leak warning on stderr', async () => {
    const many = join(tree, '..', `${join(tree).split('/').pop()}-many`);
    await mkdir(many, { recursive: true });
    for (let index = 0; index < 24; index++) await writeFile(join(many, `f${index}`), String(index));
    const run = await runCli([...args, 'sync', many, 'jss://self/many', '--concurrency', '16'], {});
    await rm(many, { recursive: true, force: true });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('MaxListenersExceededWarning');
  });
});

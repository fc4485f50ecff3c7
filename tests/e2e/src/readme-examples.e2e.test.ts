import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@jsskit/client';
import { startLocalServer } from '@jsskit/local-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackages, REPOSITORY_ROOT } from '../helpers/build-packages.ts';
import {
  blockName,
  compileBlocks,
  type ExampleProject,
  exampleFile,
  extractBlocks,
  type ReadmeBlock,
  readmeBlocks,
  runBlock,
} from '../helpers/readme-examples.ts';

/** Objects to create before each block of a README runs, by bucket then key. */
type Seed = Readonly<Record<string, Readonly<Record<string, string | Uint8Array>>>>;

// Every README whose examples are checked, with what its examples expect to find on the server. Adding a
// README is one line here; its blocks are found by their info string (see helpers/readme-examples.ts). The
// root README's blocks are shell commands (the quick start), which CI runs as written.
interface Checked {
  readonly path: string;
  readonly seed?: Seed;
  /** Files in the example's working directory. */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
}

const READMES: readonly Checked[] = [
  { path: 'packages/signer/README.md' },
  { path: 'packages/wire-types/README.md' },
  { path: 'packages/http-transport/README.md', seed: { photos: {} } },
  { path: 'packages/local-server/README.md' },
  { path: 'packages/cli/README.md', seed: { docs: {} } },
  {
    path: 'packages/multipart/README.md',
    seed: { backups: {} },
    files: { 'db.tar': new Uint8Array(3 << 20) },
  },
  {
    path: 'packages/client/README.md',
    seed: { photos: { '2026/a.jpg': new Uint8Array(2048), 'notes.txt': 'hello' } },
  },
  {
    path: 'packages/sync/README.md',
    seed: { backups: {} },
    files: { 'site/index.html': '<h1>hello</h1>', 'site/css/main.css': 'h1 {}', 'site/draft.tmp': 'x' },
  },
];

// Example files the READMEs link to, checked the same way (each a program of its own).
const EXAMPLE_FILES: readonly string[] = ['packages/signer/examples/sign-header.mjs'];

const blocks = new Map<string, ReadmeBlock[]>();
for (const { path } of READMES) blocks.set(path, await readmeBlocks(path));
for (const path of EXAMPLE_FILES) blocks.set(path, [await exampleFile(path)]);

let project: ExampleProject;

beforeAll(async () => {
  // The examples import the packages as users do, from their dist: build what is stale, of every package, so
  // that a README added above needs nothing more.
  buildPackages(...readdirSync(join(REPOSITORY_ROOT, 'packages')));
  project = await compileBlocks(
    [...blocks.values()].flat(),
    join(REPOSITORY_ROOT, 'tests', 'e2e', 'node_modules'),
  );
});

afterAll(() => project?.remove());

describe('extractBlocks', () => {
  const readme = [
    '# x', // 1
    '```sh', // 2
    'npm install x', // 3
    '```', // 4
    '```ts compile-only', // 5
    'const a = 1;', // 6
    '```', // 7
    '~~~~javascript file=setup.js', // 8
    'export const b = 2;', // 9
    '```', // 10: not the end of a ~~~~ fence
    '~~~~', // 11
    '```', // 12: a fence without a language
    '```', // 13
  ].join('\n');

  it('takes ts/js blocks with their line, language and words, and nothing else', () => {
    expect(extractBlocks('R.md', readme)).toEqual([
      {
        readme: 'R.md',
        line: 5,
        codeLine: 6,
        language: 'ts',
        compileOnly: true,
        file: undefined,
        code: 'const a = 1;\n',
      },
      {
        readme: 'R.md',
        line: 8,
        codeLine: 9,
        language: 'js',
        compileOnly: false,
        file: 'setup.js',
        code: 'export const b = 2;\n```\n',
      },
    ]);
  });

  it('refuses a word it does not know, so that a typo cannot turn a check off', () => {
    expect(() => extractBlocks('R.md', '```ts compile-onyl\nx\n```\n')).toThrow(
      "R.md:1: unknown word 'compile-onyl' in the info string 'ts compile-onyl'",
    );
  });
});

it('compiles the README examples with no message outside them', () => {
  expect(project.otherDiagnostics).toEqual([]);
});

/** A fresh server with the README's buckets and objects, for one block. */
async function withServer<T>(
  seed: Seed,
  use: (environment: { endpoint: string; accessKeyId: string; secretAccessKey: string }) => Promise<T>,
): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jsskit-readme-server-'));
  const server = await startLocalServer({ dataDir: join(dataDir, 'data') });
  try {
    const credentials = server.credentials[0];
    if (credentials === undefined) throw new Error('the local server has no credentials');
    const client = createClient({ endpoint: server.endpoint, credentials });
    for (const [bucket, objects] of Object.entries(seed)) {
      await client.createBucket({ bucket });
      for (const [key, body] of Object.entries(objects)) await client.putObject({ bucket, key, body });
    }
    await client.close();
    return await use({ endpoint: server.endpoint, ...credentials });
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

for (const { path, seed = {}, files } of [
  ...READMES,
  ...EXAMPLE_FILES.map((file): Checked => ({ path: file })),
]) {
  const examples = blocks.get(path) ?? [];
  describe(path, () => {
    it('has at least one TypeScript or JavaScript block', () => {
      expect(examples.length).toBeGreaterThan(0);
    });
    for (const block of examples) {
      const what = block.file ?? (block.compileOnly ? 'compiles' : 'compiles and runs');
      it(`line ${block.line} (${block.language}): ${what}`, async () => {
        const messages = project.diagnostics(block);
        if (messages.length > 0)
          expect.fail(`${blockName(block)}: the example does not compile:\n${messages.join('\n')}`);
        if (block.compileOnly || block.file !== undefined) return;
        await withServer(seed, (environment) => runBlock(project, block, { ...environment, files }));
      });
    }
  });
}

import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLocalServer } from '@jsskit/local-server';
import { afterAll, describe, expect, it } from 'vitest';
import { type ReadmeBlock, readmeBlocks } from '../helpers/readme-examples.ts';
import {
  installAlone,
  packInstalledDependency,
  packWorkspacePackage,
  removeTemporaryDirectories,
  repositoryRoot,
} from './pack-install.ts';

afterAll(removeTemporaryDirectories);

// Asynchronously: the local server answers from this process, so a synchronous child would deadlock it.
const runNode = promisify(execFile);

// Strict, with Node's types (the examples read `process.env`) from the repository: the packed install has
// only what the client needs.
const STRICT_CONSUMER = {
  compilerOptions: {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2023', 'dom', 'dom.iterable'],
    typeRoots: [join(repositoryRoot, 'tests', 'e2e', 'node_modules', '@types')],
    types: ['node'],
    outDir: 'out',
  },
};

/** A block's module name in the consumer project: its `file=` name, else its README line. */
function moduleName(block: ReadmeBlock): string {
  return block.file?.replace(/\.m?js$/, '.ts') ?? `readme-${block.line}.ts`;
}

describe('@jsskit/client packed and installed alone', () => {
  it('installs with only its layers, zod and @noble/hashes; its README examples compile strictly against it and the first one runs', async () => {
    await using server = await startLocalServer();
    const credentials = server.credentials[0];
    const project = installAlone([
      packInstalledDependency('zod', 'client'),
      packInstalledDependency('@noble/hashes', 'client'),
      ...['signer', 'wire-types', 'http-transport', 'client'].map(packWorkspacePackage),
    ]);
    const installed = readdirSync(join(project, 'node_modules')).filter((name) => !name.startsWith('.'));
    expect(installed.sort()).toEqual(['@jsskit', '@noble', 'zod']);
    expect(readdirSync(join(project, 'node_modules', '@jsskit')).sort()).toEqual([
      'client',
      'http-transport',
      'signer',
      'wire-types',
    ]);
    // Every example of the README, compiled against the packed packages (the README examples test compiles
    // them against the workspace's); the first one runs below.
    const blocks = await readmeBlocks('packages/client/README.md');
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    // The browser block's MD5, installed after the check above of what the client needs.
    execFileSync(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', packInstalledDependency('hash-wasm', 'multipart')],
      {
        cwd: project,
        stdio: 'ignore',
      },
    );
    for (const block of blocks) writeFileSync(join(project, moduleName(block)), block.code);
    const consumer = { ...STRICT_CONSUMER, files: blocks.map(moduleName) };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(consumer));
    execFileSync(join(repositoryRoot, 'node_modules', '.bin', 'tsc'), ['-p', project], { encoding: 'utf8' });

    const setup = `import { createClient } from '@jsskit/client';
      const client = createClient({ endpoint: ${JSON.stringify(server.endpoint)}, credentials: ${JSON.stringify(credentials)} });
      await client.createBucket({ bucket: 'photos' });
      await client.putObject({ bucket: 'photos', key: '2026/a.jpg', body: new Uint8Array(2048), contentType: 'image/jpeg' });
      await client.close();`;
    writeFileSync(join(project, 'setup.mjs'), setup);
    // Nothing from the user's environment: the server's address and keys only.
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: project,
      JSS_ENDPOINT: server.endpoint,
      JSS_ACCESS_KEY: credentials?.accessKeyId,
      JSS_SECRET_KEY: credentials?.secretAccessKey,
    };
    await runNode(process.execPath, ['setup.mjs'], { cwd: project, env });
    const first = blocks[0] as ReadmeBlock;
    const { stdout: printed } = await runNode(
      process.execPath,
      [join('out', moduleName(first).replace(/\.ts$/, '.js'))],
      { cwd: project, env },
    );
    expect(printed.trim().split('\n')).toEqual([
      expect.stringMatching(/^2026\/a\.jpg 2048 [0-9a-f]{32} \d{4}-/),
      '2048 image/jpeg',
      '1024 1024',
      '5d41402abc4b2a76b9719d911017c592',
    ]);
  });
});

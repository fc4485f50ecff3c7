import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLocalServer } from '@jsskit/local-server';
import { afterAll, describe, expect, it } from 'vitest';
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

const STRICT_CONSUMER = {
  compilerOptions: {
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2023', 'dom', 'dom.iterable'],
    types: [],
    outDir: 'out',
  },
  files: ['example.ts'],
};

const README = join(repositoryRoot, 'packages', 'client', 'README.md');

/** The first TypeScript block after `## Example` in the client's README. */
function readmeExample(): string {
  const readme = readFileSync(README, 'utf8');
  const example = /## Example[^\n]*\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (example === undefined) throw new Error('the client README has no example');
  return example;
}

// The README's other blocks use the first example's `client`, unless they make their own.
const PREAMBLE = "import type { Client } from '@jsskit/client';\ndeclare const client: Client;\n";

/** Every TypeScript block of the client's README after the first, each as a module of its own. */
function readmeOtherBlocks(): string[] {
  const readme = readFileSync(README, 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
  return blocks
    .slice(1)
    .map((block) => `${/const client = /.test(block) ? '' : PREAMBLE}${block}\nexport {};\n`);
}

describe('@jsskit/client packed and installed alone', () => {
  it('installs with only its layers, zod and @noble/hashes; its README example compiles strictly and runs, its other blocks compile', async () => {
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
    const source = readmeExample()
      .replace("'https://oss.cn-north-1.jcloudcs.com'", JSON.stringify(server.endpoint))
      .replace("accessKeyId: 'AK'", `accessKeyId: ${JSON.stringify(credentials?.accessKeyId)}`)
      .replace("secretAccessKey: 'SK'", `secretAccessKey: ${JSON.stringify(credentials?.secretAccessKey)}`);
    writeFileSync(join(project, 'example.ts'), source);
    // The browser block's MD5, installed after the check above of what the client needs.
    execFileSync(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', packInstalledDependency('hash-wasm', 'multipart')],
      {
        cwd: project,
        stdio: 'ignore',
      },
    );
    const others = readmeOtherBlocks().map((block, index) => {
      writeFileSync(join(project, `readme-${index + 1}.ts`), block);
      return `readme-${index + 1}.ts`;
    });
    expect(others.length).toBeGreaterThanOrEqual(8);
    const consumer = { ...STRICT_CONSUMER, files: ['example.ts', ...others] };
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(consumer));
    execFileSync(join(repositoryRoot, 'node_modules', '.bin', 'tsc'), ['-p', project], { encoding: 'utf8' });

    const setup = `import { createClient } from '@jsskit/client';
      const client = createClient({ endpoint: ${JSON.stringify(server.endpoint)}, credentials: ${JSON.stringify(credentials)} });
      await client.createBucket({ bucket: 'photos' });
      await client.putObject({ bucket: 'photos', key: '2026/a.jpg', body: new Uint8Array(2048), contentType: 'image/jpeg' });
      await client.close();`;
    writeFileSync(join(project, 'setup.mjs'), setup);
    await runNode(process.execPath, ['setup.mjs'], { cwd: project });
    const { stdout: printed } = await runNode(process.execPath, [join('out', 'example.js')], {
      cwd: project,
    });
    expect(printed.trim().split('\n')).toEqual([
      expect.stringMatching(/^2026\/a\.jpg 2048 [0-9a-f]{32} \d{4}-/),
      '2048 image/jpeg',
      '1024 1024',
      '5d41402abc4b2a76b9719d911017c592',
    ]);
  });
});

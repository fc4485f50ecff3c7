// `pnpm release:dry` packs what a release would publish and installs it with npm alone. The checks of one
// tarball are tried on planted folders; the whole run is tried on the repository as it is (built by
// `pnpm test` before vitest runs).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readmeProblems, tarballProblems } from './release-dry.mjs';
import { root } from './scratch-repository.mjs';

const scratch = await mkdtemp(join(tmpdir(), 'jsskit-release-test-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function plant(name, manifest, files) {
  const directory = join(scratch, name);
  await mkdir(join(directory, 'dist'), { recursive: true });
  await writeFile(join(directory, 'package.json'), JSON.stringify({ name, version: '1.0.0', ...manifest }));
  for (const [file, text] of Object.entries(files)) await writeFile(join(directory, file), text);
  return directory;
}

const complete = {
  LICENSE: 'MIT',
  'README.md': '# x\n[changes](CHANGELOG.md)',
  'CHANGELOG.md': '# x',
  'dist/index.d.ts': '',
};

describe('the checks of one tarball', () => {
  it('pass a tarball with its license, readme, changelog, types and plain ranges', async () => {
    const directory = await plant(
      'good',
      { types: './dist/index.d.ts', dependencies: { zod: '^4.0.0' } },
      complete,
    );
    expect(tarballProblems('good', directory, '1.0.0')).toEqual([]);
    expect(await readmeProblems('good', directory)).toEqual([]);
  });

  it('name a workspace or catalog range, a missing file or types, and a version not cut', async () => {
    const manifest = {
      types: './dist/missing.d.ts',
      dependencies: { '@jsskit/signer': 'workspace:^' },
      peerDependencies: { zod: 'catalog:' },
    };
    const { 'CHANGELOG.md': _changelog, ...files } = complete;
    files['README.md'] += '\n[the protocol](../../docs/protocol.md)';
    const directory = await plant('bad', manifest, files);
    const problems = tarballProblems('bad', directory, '1.0.1');
    expect(problems).toEqual([
      'bad: version 1.0.0, expected 1.0.1',
      'bad: dependencies.@jsskit/signer is "workspace:^", which npm cannot install',
      'bad: peerDependencies.zod is "catalog:", which npm cannot install',
      'bad: the tarball has no CHANGELOG.md',
      'bad: types ./dist/missing.d.ts is not in the tarball',
    ]);
    expect(await readmeProblems('bad', directory)).toEqual([
      'bad: README links CHANGELOG.md, which the tarball does not contain',
      'bad: README links ../../docs/protocol.md, which the tarball does not contain',
    ]);
  });
});

describe('pnpm release:dry', () => {
  it('packs every published package, installs them with npm alone, and they import and type-check', () => {
    const output = execFileSync(process.execPath, [join(root, 'tooling', 'scripts', 'release-dry.mjs')], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(output).toMatch(/@jsskit\/signer@\d+\.\d+\.\d+/);
    expect(output).toMatch(/every package packs, installs with npm alone, imports and type-checks/);
  }, 300_000);
});

// What every published package ships besides its code: the license text its package.json names, and
// dependency ranges that let consumers deduplicate and take patch fixes (no exact pins).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const rootLicense = await readFile(`${root}LICENSE`, 'utf8');
const published = [];
for (const name of await readdir(`${root}packages`)) {
  const manifest = JSON.parse(await readFile(`${root}packages/${name}/package.json`, 'utf8'));
  if (manifest.private !== true) published.push([name, manifest]);
}

describe.each(published)('@jsskit/%s', (name, manifest) => {
  it('ships the MIT license its package.json names', async () => {
    expect(manifest.license).toBe('MIT');
    expect(await readFile(`${root}packages/${name}/LICENSE`, 'utf8')).toBe(rootLicense);
  });

  // changeset version writes CHANGELOG.md next to package.json; npm packs it only when `files` names it.
  it('ships the CHANGELOG its README links', () => {
    expect(manifest.files).toContain('CHANGELOG.md');
  });

  it('asks for its runtime dependencies by range, not by exact version', () => {
    const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
    for (const [dependency, range] of Object.entries(ranges))
      expect(range, dependency).toMatch(/^(workspace:\^|\^\d+\.\d+\.\d+)$/);
  });

  // A bin under dist does not exist when the workspace is installed, before any build: pnpm then warned
  // 'Failed to create bin' on every fresh install.
  it('links its commands to files that exist before the build', () => {
    for (const [command, path] of Object.entries(manifest.bin ?? {})) {
      expect(path, command).not.toMatch(/^(\.\/)?dist\//);
      expect(existsSync(`${root}packages/${name}/${path}`), command).toBe(true);
    }
  });
});

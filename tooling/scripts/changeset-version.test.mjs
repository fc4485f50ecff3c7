// `changeset version` cuts versions offline: a copy of the repository (its tracked files, without the pending
// changesets) gets one patch changeset for @jsskit/signer alone, and only the signer moves, with a CHANGELOG.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesetVersion, copyRepository, publishedPackages, root } from './scratch-repository.mjs';

let scratch;

/** Every package.json of the published packages, by directory. */
async function manifests(base) {
  const entries = await publishedPackages(root);
  return Object.fromEntries(
    await Promise.all(
      entries.map(async ([name]) => [
        name,
        await readFile(join(base, 'packages', name, 'package.json'), 'utf8'),
      ]),
    ),
  );
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'jsskit-version-'));
  await copyRepository(scratch);
  const changeset = '---\n"@jsskit/signer": patch\n---\n\nA fix in the signer alone.\n';
  await writeFile(join(scratch, '.changeset', 'signer-alone.md'), changeset);
  changesetVersion(scratch);
}, 120_000);

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('changeset version', () => {
  it('bumps the signer alone by a patch, with a CHANGELOG entry, offline', async () => {
    const before = await manifests(root);
    const after = await manifests(scratch);
    const version = JSON.parse(before.signer).version;
    const [major, minor, patch] = version.split('.').map(Number);
    expect(JSON.parse(after.signer).version).toBe(`${major}.${minor}.${patch + 1}`);
    const changelog = await readFile(join(scratch, 'packages', 'signer', 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(
      new RegExp(`## ${major}\\.${minor}\\.${patch + 1}[\\s\\S]*A fix in the signer alone\\.`),
    );
    expect(existsSync(join(scratch, '.changeset', 'signer-alone.md'))).toBe(false);
  });

  it('moves no other package: its dependents still accept the new signer through workspace:^', async () => {
    const before = await manifests(root);
    const after = await manifests(scratch);
    const changelog = (base, name) =>
      readFile(join(base, 'packages', name, 'CHANGELOG.md'), 'utf8').catch(() => '');
    const others = Object.keys(after).filter((name) => name !== 'signer');
    expect(others.length).toBeGreaterThanOrEqual(5);
    for (const name of others) {
      expect(after[name], name).toBe(before[name]);
      expect(await changelog(scratch, name), name).toBe(await changelog(root, name));
    }
  });
});

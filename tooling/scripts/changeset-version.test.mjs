// `changeset version` cuts versions offline: a copy of the repository (its tracked files, without the pending
// changesets) gets one patch changeset for @jsskit/signer alone, and only the signer moves, with a CHANGELOG.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PENDING_CHANGESET = /^\.changeset\/(?!README\.md$)[^/]+\.md$/;
let scratch;

/** The tracked files of the repository, less the pending changesets, copied to `target`. */
async function copyRepository(target) {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0');
  for (const file of files.filter((name) => name !== '' && !PENDING_CHANGESET.test(name))) {
    if (!existsSync(join(root, file))) continue;
    await mkdir(dirname(join(target, file)), { recursive: true });
    await cp(join(root, file), join(target, file));
  }
  // The changelog generator is resolved from the copy's node_modules, as from the repository's.
  await symlink(join(root, 'node_modules'), join(target, 'node_modules'), 'dir');
}

/** Every package.json of the workspace packages, by directory. */
async function manifests(base) {
  const names = ['signer', 'wire-types', 'http-transport', 'multipart', 'local-server'];
  const entries = await Promise.all(
    names.map(async (name) => [name, await readFile(join(base, 'packages', name, 'package.json'), 'utf8')]),
  );
  return Object.fromEntries(entries);
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'jsskit-version-'));
  await copyRepository(scratch);
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], {
      cwd: scratch,
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'copy');
  const changeset = '---\n"@jsskit/signer": patch\n---\n\nA fix in the signer alone.\n';
  await writeFile(join(scratch, '.changeset', 'signer-alone.md'), changeset);
  execFileSync(process.execPath, [join(root, 'node_modules', '@changesets', 'cli', 'bin.js'), 'version'], {
    cwd: scratch,
    stdio: 'pipe',
  });
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
    for (const name of ['wire-types', 'http-transport', 'multipart', 'local-server']) {
      expect(after[name], name).toBe(before[name]);
      expect(await changelog(scratch, name), name).toBe(await changelog(root, name));
    }
  });
});

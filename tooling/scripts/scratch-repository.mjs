// A copy of the repository's tracked files in a scratch directory, for the release checks that must not
// touch the working tree (`changeset version` rewrites manifests and deletes changesets).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

const PENDING_CHANGESET = /^\.changeset\/(?!README\.md$)[^/]+\.md$/;

/**
 * Copies the tracked files to `target` (without the pending changesets unless `changesets` is true), links
 * the root's node_modules (the changelog generator and pnpm are resolved from there) and commits the copy
 * in a new git repository, as `changeset version` expects.
 */
export async function copyRepository(target, { changesets = false } = {}) {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0');
  for (const file of files) {
    if (file === '' || !existsSync(join(root, file))) continue;
    if (!changesets && PENDING_CHANGESET.test(file)) continue;
    await mkdir(dirname(join(target, file)), { recursive: true });
    await cp(join(root, file), join(target, file));
  }
  await symlink(join(root, 'node_modules'), join(target, 'node_modules'), 'dir');
  const git = (...args) =>
    execFileSync('git', ['-c', 'user.name=release', '-c', 'user.email=release@example.invalid', ...args], {
      cwd: target,
      stdio: 'pipe',
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'copy');
}

/** Runs `changeset version` in `directory` with the repository's changesets CLI. */
export function changesetVersion(directory) {
  execFileSync(process.execPath, [join(root, 'node_modules', '@changesets', 'cli', 'bin.js'), 'version'], {
    cwd: directory,
    stdio: 'pipe',
  });
}

/** The published (not private) packages under `base`/packages: `[directory name, manifest]`. */
export async function publishedPackages(base = root) {
  const result = [];
  for (const name of (await readdir(join(base, 'packages'))).sort()) {
    const file = join(base, 'packages', name, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(await readFile(file, 'utf8'));
    if (manifest.private !== true) result.push([name, manifest]);
  }
  return result;
}

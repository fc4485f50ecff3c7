import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in tests/e2e/src. */
export const repositoryRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const temporaryDirectories: string[] = [];

function temporaryDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirectories.push(directory);
  return directory;
}

/** Removes every directory the helpers made. */
export function removeTemporaryDirectories(): void {
  for (const directory of temporaryDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
}

const quiet = { stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'], encoding: 'utf8' as const };

function tarballIn(directory: string): string {
  const tarball = readdirSync(directory).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`no tarball was packed into ${directory}`);
  return join(directory, tarball);
}

/** Builds a workspace package and packs it the way it is published (`pnpm pack`), returning the tarball. */
export function packWorkspacePackage(directoryName: string): string {
  const packageDirectory = join(repositoryRoot, 'packages', directoryName);
  const bin = join(repositoryRoot, 'node_modules', '.bin');
  execFileSync(join(bin, 'tsc'), ['-b', packageDirectory], quiet);
  const destination = temporaryDirectory(`jsskit-pack-${directoryName}-`);
  execFileSync(join(bin, 'pnpm'), ['pack', '--pack-destination', destination], {
    ...quiet,
    cwd: packageDirectory,
  });
  return tarballIn(destination);
}

/** Packs an installed third-party package (zod) so that it can be installed offline. */
// Some packages (@noble/hashes) do not export their package.json: walk up from the main entry instead.
function installedPackageDirectory(require: NodeJS.Require, name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch {
    let directory = dirname(require.resolve(name));
    while (!existsSync(join(directory, 'package.json'))) directory = dirname(directory);
    return directory;
  }
}

export function packInstalledDependency(name: string, fromPackage: string): string {
  const require = createRequire(join(repositoryRoot, 'packages', fromPackage, 'package.json'));
  const packageDirectory = installedPackageDirectory(require, name);
  const destination = temporaryDirectory(`jsskit-pack-${name.replace(/\W/g, '-')}-`);
  // pnpm, not npm: `npm pack` of a folder inside pnpm's store dies with "Exit handler never called".
  execFileSync(
    join(repositoryRoot, 'node_modules', '.bin', 'pnpm'),
    ['pack', '--pack-destination', destination],
    {
      ...quiet,
      cwd: packageDirectory,
    },
  );
  return tarballIn(destination);
}

/** A fresh npm project holding only the given tarballs, installed without the network. */
export function installAlone(tarballs: readonly string[]): string {
  const project = temporaryDirectory('jsskit-consumer-');
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', ...tarballs], {
    ...quiet,
    cwd: project,
  });
  return project;
}

/** Runs an ES module script with plain Node inside the project and returns what it printed. */
export function runModule(project: string, source: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '--eval', source], {
    ...quiet,
    cwd: project,
  }).trim();
}

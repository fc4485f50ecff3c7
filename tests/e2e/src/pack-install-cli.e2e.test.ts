// @jsskit/cli as a user gets it: every package it runs on packed (`pnpm pack`, as published), installed with
// plain `npm install -g` into an empty prefix without the network, and the installed `jss` run from outside
// the repository with an environment of its own.
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, sep } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { packWorkspacePackage, removeTemporaryDirectories, repositoryRoot } from './pack-install.ts';

const directories: string[] = [];
afterAll(() => {
  removeTemporaryDirectories();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function temporaryDirectory(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  directories.push(directory);
  return directory;
}

const runFile = promisify(execFile);
const quiet = { stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'], encoding: 'utf8' as const };
const packagesDirectory = join(repositoryRoot, 'packages');

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function readManifest(directory: string): Manifest {
  return JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as Manifest;
}

/** Where `name` is installed as seen from `from` (some packages do not export their package.json). */
function dependencyDirectory(from: string, name: string): string {
  const require = createRequire(join(from, 'package.json'));
  try {
    return realpathSync(dirname(require.resolve(`${name}/package.json`)));
  } catch {
    let directory = dirname(require.resolve(name));
    while (!existsSync(join(directory, 'package.json'))) directory = dirname(directory);
    return realpathSync(directory);
  }
}

/** Every package @jsskit/cli needs at run time, its dependencies' dependencies and peers included. */
function runtimeClosure(): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (directory: string): void => {
    const manifest = readManifest(directory);
    if (found.has(manifest.name)) return;
    found.set(manifest.name, directory);
    const peers = Object.keys(manifest.peerDependencies ?? {}).filter(
      (name) => manifest.peerDependenciesMeta?.[name]?.optional !== true,
    );
    const names = [...Object.keys(manifest.dependencies ?? {}), ...peers];
    for (const name of names) visit(dependencyDirectory(directory, name));
  };
  visit(join(packagesDirectory, 'cli'));
  return found;
}

/** A tarball of a package as published: workspace packages built and packed, others packed as installed. */
function pack(directory: string): string {
  if (directory.startsWith(packagesDirectory + sep)) return packWorkspacePackage(basename(directory));
  const destination = temporaryDirectory('jsskit-cli-pack-');
  // pnpm, not npm: `npm pack` of a folder inside pnpm's store dies with "Exit handler never called".
  execFileSync(
    join(repositoryRoot, 'node_modules', '.bin', 'pnpm'),
    ['pack', '--pack-destination', destination],
    {
      ...quiet,
      cwd: directory,
    },
  );
  const [tarball] = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`no tarball was packed from ${directory}`);
  return join(destination, tarball);
}

/** The first line a child prints on stdout, or a rejection when it exits first. */
function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
    });
    child.once('exit', (code) =>
      reject(new Error(`jss serve exited ${code} before it was ready: ${stderr()}`)),
    );
  });
}

describe('@jsskit/cli packed and installed with npm install -g', () => {
  it('installs offline into an empty prefix; the installed jss prints its version, serves, and copies a file there and back', async () => {
    const closure = runtimeClosure();
    expect([...closure.keys()]).toEqual(
      expect.arrayContaining(['@jsskit/cli', '@jsskit/local-server', 'commander', 'cli-progress', 'zod']),
    );
    const tarballs = [...closure.values()].map(pack);

    const root = temporaryDirectory('jsskit-cli-installed-');
    const prefix = join(root, 'prefix');
    const home = join(root, 'home');
    const work = join(root, 'work');
    for (const directory of [home, work]) mkdirSync(directory);
    // Outside the repository, so that nothing installed can resolve a module from its node_modules.
    expect(`${realpathSync(root)}${sep}`.startsWith(`${repositoryRoot}${sep}`)).toBe(false);
    // Node (for the bin's `#!/usr/bin/env node`) and npm, but no NODE_PATH, npm config or JSS_* variable.
    const systemPath = dirname(process.execPath);
    const npmEnvironment = {
      PATH: [systemPath, ...(process.env.PATH ?? '').split(delimiter)].join(delimiter),
      HOME: home,
      npm_config_cache: join(root, 'npm-cache'),
      npm_config_update_notifier: 'false',
    };
    execFileSync(
      'npm',
      ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', ...tarballs],
      { ...quiet, cwd: work, env: npmEnvironment },
    );
    const installed = join(prefix, 'lib', 'node_modules', '@jsskit', 'cli');
    expect(readManifest(installed).name).toBe('@jsskit/cli');

    const jss = join(prefix, 'bin', 'jss');
    const environment = { PATH: [join(prefix, 'bin'), systemPath].join(delimiter), HOME: home };
    const version = await runFile(jss, ['--version'], { cwd: work, env: environment });
    expect(version.stdout).toBe(`${readManifest(join(packagesDirectory, 'cli')).version}\n`);

    // `jss serve` on a free port; the key pair it accepts comes from JSS_ACCESS_KEY and JSS_SECRET_KEY.
    const keys = { JSS_ACCESS_KEY: 'e2eInstalledCli', JSS_SECRET_KEY: randomBytes(20).toString('hex') };
    const server = spawn(jss, ['--json', 'serve', '--port', '0', '--data', join(root, 'data')], {
      cwd: work,
      env: { ...environment, ...keys },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let serverStderr = '';
    server.stderr.setEncoding('utf8').on('data', (text: string) => {
      serverStderr += text;
    });
    const stopped = new Promise<number | null>((resolve) => server.once('close', resolve));
    try {
      const ready = JSON.parse(await firstLine(server, () => serverStderr)) as Record<string, unknown>;
      expect(ready).toMatchObject({
        accessKey: keys.JSS_ACCESS_KEY,
        endpoint: expect.stringMatching(/^http:/),
      });
      expect(ready.secretKey).toBeUndefined();

      const clientEnvironment = {
        ...environment,
        ...keys,
        JSS_ENDPOINT: String(ready.endpoint),
        JSS_CHECKPOINT_DIR: join(root, 'checkpoints'),
      };
      const data = randomBytes(2.5 * 1024 * 1024);
      await writeFile(join(work, 'small.bin'), data);
      const jssRun = (args: readonly string[]) => runFile(jss, args, { cwd: work, env: clientEnvironment });
      await jssRun(['mb', 'jss://installed-cli']);
      const upload = await jssRun([
        '--json',
        'cp',
        'small.bin',
        'jss://installed-cli/',
        '--part-size',
        '1MiB',
      ]);
      expect(JSON.parse(upload.stdout)).toMatchObject({ key: 'small.bin', size: data.length, parts: 3 });
      const download = await jssRun([
        '--json',
        'cp',
        'jss://installed-cli/small.bin',
        'back.bin',
        '--part-size',
        '1MiB',
      ]);
      expect(JSON.parse(download.stdout)).toMatchObject({ size: data.length, check: 'multipart-etag' });
      expect((await readFile(join(work, 'back.bin'))).equals(data)).toBe(true);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await stopped).toBe(0);
    expect(serverStderr).toContain('stopped');
  }, 300_000);
});

#!/usr/bin/env node
// `pnpm release:dry`: what a release would publish, checked without publishing. In a scratch copy of the
// repository (the working tree is never touched) it cuts versions from the pending changesets, packs every
// published package with `pnpm pack` (the only packer that rewrites workspace: and catalog: ranges), checks
// each tarball, installs each package alone (with the tarballs of its layers) into an empty project that
// imports it, then all of them together into one that imports every package and compiles against its types
// with strict TypeScript. Run `pnpm build` first (`pnpm release:dry` does). Exits 1 naming every problem.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { changesetVersion, copyRepository, publishedPackages, root } from './scratch-repository.mjs';

const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];
const REQUIRED_FILES = ['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json'];

/** The problems of one unpacked tarball (its `package/` folder), as sentences. */
export function tarballProblems(name, unpacked, expectedVersion) {
  const problems = [];
  const manifest = JSON.parse(readFileSync(join(unpacked, 'package.json'), 'utf8'));
  if (manifest.version !== expectedVersion)
    problems.push(`${name}: version ${manifest.version}, expected ${expectedVersion}`);
  for (const field of DEPENDENCY_FIELDS) {
    for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|catalog):/.test(range))
        problems.push(`${name}: ${field}.${dependency} is "${range}", which npm cannot install`);
    }
  }
  for (const file of REQUIRED_FILES) {
    if (!existsSync(join(unpacked, file))) problems.push(`${name}: the tarball has no ${file}`);
  }
  const typeFiles = [manifest.types, ...Object.values(manifest.exports ?? {}).map((entry) => entry?.types)];
  for (const file of typeFiles.filter((entry) => typeof entry === 'string')) {
    if (!existsSync(join(unpacked, file))) problems.push(`${name}: types ${file} is not in the tarball`);
  }
  for (const file of Object.values(manifest.bin ?? {})) {
    if (!existsSync(join(unpacked, file))) problems.push(`${name}: bin ${file} is not in the tarball`);
  }
  return problems;
}

/** Relative links of a README that point at nothing in the tarball (a CHANGELOG.md never shipped...). */
export async function readmeProblems(name, unpacked) {
  const readme = await readFile(join(unpacked, 'README.md'), 'utf8');
  const problems = [];
  for (const [, target] of readme.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const resolved = resolve(unpacked, target);
    if (!resolved.startsWith(`${unpacked}/`) || !existsSync(resolved))
      problems.push(`${name}: README links ${target}, which the tarball does not contain`);
  }
  return problems;
}

/** The tarballs of `row` and of every @jsskit package it needs, transitively. */
function tarballsOf(row, byName) {
  const needed = new Set([row.name]);
  for (const name of needed)
    for (const dependency of byName.get(name)?.internal ?? []) needed.add(dependency);
  return [...needed].map((name) => byName.get(name).filename);
}

/**
 * Installs each package into an empty project of its own with only the tarballs it needs, and imports it:
 * a dependency a package uses but does not declare would be hidden when they are all installed together.
 */
async function installEachAlone(scratch, rows) {
  const byName = new Map(rows.map((row) => [row.name, row]));
  const problems = [];
  for (const row of rows) {
    const project = join(scratch, 'alone', row.name.replace('/', '-'));
    await mkdir(project, { recursive: true });
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'alone', private: true, type: 'module' }),
    );
    try {
      run(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballsOf(row, byName)],
        project,
      );
      run(process.execPath, ['--input-type=module', '--eval', `await import('${row.name}');`], project);
    } catch (error) {
      const message = /^\w*Error\b.*$/m.exec(String(error.stderr ?? ''))?.[0] ?? String(error);
      problems.push(`${row.name}: installed alone with its layers, it does not import: ${message}`);
    }
  }
  return problems;
}

async function main() {
  const scratch = await mkdtemp(join(tmpdir(), 'jsskit-release-'));
  const problems = [];
  try {
    await copyRepository(scratch, { changesets: true });
    changesetVersion(scratch);
    // pnpm pack reads the versions of workspace siblings from an installed workspace: install the copy on
    // its own (offline, from the store the repository was installed from) instead of through the link.
    await rm(join(scratch, 'node_modules'));
    run(
      bin('pnpm'),
      ['install', '--offline', '--ignore-scripts', '--config.confirmModulesPurge=false'],
      scratch,
    );
    const packages = await publishedPackages(scratch);
    const tarballs = join(scratch, 'tarballs');
    await mkdir(tarballs);
    const rows = [];
    for (const [name, manifest] of packages) {
      const source = join(root, 'packages', name, 'dist');
      if (!existsSync(source)) throw new Error(`packages/${name}/dist is missing: run pnpm build first`);
      await cp(source, join(scratch, 'packages', name, 'dist'), { recursive: true });
      const directory = join(scratch, 'packages', name);
      const packed = run(bin('pnpm'), ['pack', '--pack-destination', tarballs, '--json'], directory);
      const { filename, files } = JSON.parse(packed);
      const unpacked = join(scratch, 'unpacked', name);
      await mkdir(unpacked, { recursive: true });
      run('tar', ['-xzf', filename, '-C', unpacked, '--strip-components=1'], scratch);
      problems.push(...tarballProblems(manifest.name, unpacked, manifest.version));
      if (existsSync(join(unpacked, 'README.md')))
        problems.push(...(await readmeProblems(manifest.name, unpacked)));
      const internal = Object.keys(manifest.dependencies ?? {}).filter((dependency) =>
        dependency.startsWith('@jsskit/'),
      );
      rows.push({ name: manifest.name, version: manifest.version, filename, files: files.length, internal });
    }
    const consumer = join(scratch, 'consumer');
    await mkdir(consumer);
    await writeFile(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '@types/node@20',
        ...rows.map((row) => row.filename),
      ],
      consumer,
    );
    problems.push(...(await installEachAlone(scratch, rows)));
    for (const { name } of rows) {
      const exported = run(
        process.execPath,
        [
          '--input-type=module',
          '--eval',
          `const m = await import('${name}'); console.log(Object.keys(m).length);`,
        ],
        consumer,
      );
      if (Number(exported) === 0) problems.push(`${name}: importing it with plain Node gives no exports`);
    }
    const imports = rows.map(
      ({ name }, index) => `import * as package${index} from '${name}';\nconsole.log(package${index});`,
    );
    await writeFile(join(consumer, 'index.ts'), `${imports.join('\n')}\n`);
    const tsconfig = {
      compilerOptions: {
        strict: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['index.ts'],
    };
    await writeFile(join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig));
    try {
      run(bin('tsc'), ['-p', consumer], consumer);
    } catch (error) {
      problems.push(`strict TypeScript of a consumer importing every package failed:\n${error.stdout}`);
    }
    for (const row of rows) console.log(`${row.name}@${row.version}  ${row.files} files`);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.error(`release:dry found ${problems.length} problem(s):\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log('release:dry: every package packs, installs with npm alone, imports and type-checks');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

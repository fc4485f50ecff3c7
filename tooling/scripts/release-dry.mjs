#!/usr/bin/env node
// `pnpm release:dry`: what a release would publish, checked without publishing. In a scratch copy of the
// repository (the working tree is never touched) it cuts versions from the pending changesets, packs every
// published package with `pnpm pack` (the only packer that rewrites workspace: and catalog: ranges), checks
// each tarball, and installs them all with plain npm into an empty project that imports every package and
// compiles against its types with strict TypeScript. Run `pnpm build` first (the script does in `pnpm
// release:dry`). Exits 1 naming every problem.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  const manifest = JSON.parse(execFileSync('cat', [join(unpacked, 'package.json')], { encoding: 'utf8' }));
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
      rows.push({ name: manifest.name, version: manifest.version, filename, files: files.length });
    }
    const consumer = join(scratch, 'consumer');
    await mkdir(consumer);
    await writeFile(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '@types/node@20', ...rows.map((row) => row.filename)],
      consumer,
    );
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

#!/usr/bin/env node
// Fails when an import crosses the layers, reaches into another package's src/ or internal/, or names a
// package that package.json does not declare; and when tsconfig references drift from internal dependencies.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ALLOWED_INTERNAL_DEPENDENCIES,
  ALLOWED_TEST_DEPENDENCIES,
  UNRESTRICTED_DIRECTORIES,
} from './workspace-layers.mjs';

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
const SOURCE_FILE = /\.(?:[cm]?[jt]s|tsx)$/;
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'coverage', '.turbo', 'fixtures']);
const BUILTINS = new Set(builtinModules);

function listWorkspaces(root) {
  const workspaces = [];
  for (const group of ['packages', 'apps', 'tests']) {
    const directory = join(root, group);
    if (!existsSync(directory)) continue;
    for (const name of readdirSync(directory)) {
      const manifestPath = join(directory, name, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      workspaces.push({ group, directory: join(directory, name), manifest });
    }
  }
  return workspaces;
}

function listSourceFiles(directory) {
  const files = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...listSourceFiles(path));
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files;
}

function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isShippedSource(workspace, file) {
  const path = relative(workspace.directory, file);
  return path.startsWith(`src${sep}`) && !/\.test(-d)?\.ts$/.test(path);
}

function checkSpecifier({ workspace, file, specifier, byDirectory }) {
  const { manifest } = workspace;
  if (specifier.startsWith('node:') || BUILTINS.has(specifier) || specifier.startsWith('#')) return [];
  const where = `${relative(process.cwd(), file)}: '${specifier}'`;
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    const owner = byDirectory.find((other) => target.startsWith(other.directory + sep));
    if (owner === undefined || owner === workspace) return [];
    return [`${where} reaches into ${owner.manifest.name}; import its public entry point instead`];
  }
  const name = packageNameOf(specifier);
  const problems = [];
  if (/^@jsskit\/[^/]+\/(src|internal|dist)(\/|$)/.test(specifier)) {
    problems.push(`${where} imports another package's src, internal or dist files`);
  }
  if (name === manifest.name) return problems;
  const runtime = { ...manifest.dependencies, ...manifest.peerDependencies };
  const declared = isShippedSource(workspace, file) ? runtime : { ...runtime, ...manifest.devDependencies };
  if (!(name in declared)) {
    problems.push(
      `${where} is not declared in ${manifest.name}'s ${isShippedSource(workspace, file) ? 'dependencies or peerDependencies' : 'package.json'}`,
    );
  }
  return problems;
}

function checkLayers(workspace) {
  const { manifest, group } = workspace;
  if (UNRESTRICTED_DIRECTORIES.includes(group)) return [];
  const allowed = ALLOWED_INTERNAL_DEPENDENCIES[manifest.name];
  if (allowed === undefined) return [`${manifest.name} has no entry in tooling/scripts/workspace-layers.mjs`];
  const problems = [];
  const fields = ['dependencies', 'peerDependencies', 'devDependencies'];
  for (const field of fields) {
    for (const dependency of Object.keys(manifest[field] ?? {})) {
      if (!dependency.startsWith('@jsskit/') || allowed.includes(dependency)) continue;
      if (field === 'devDependencies' && testOnlyDependencies(manifest).includes(dependency)) continue;
      problems.push(
        `${manifest.name} may not depend on ${dependency} (${field}): allowed are ${allowed.join(', ') || 'none'}`,
      );
    }
  }
  for (const dependency of Object.keys(manifest.peerDependencies ?? {})) {
    if (dependency.startsWith('@jsskit/'))
      problems.push(`${manifest.name} lists ${dependency} as a peer; use dependencies`);
  }
  return problems;
}

/** The internal devDependencies `manifest` lists for its tests only (workspace-layers.mjs). */
function testOnlyDependencies(manifest) {
  const allowed = ALLOWED_TEST_DEPENDENCIES[manifest.name] ?? [];
  return Object.keys(manifest.devDependencies ?? {}).filter((name) => allowed.includes(name));
}

function referencedNames(directory, file, byName) {
  const tsconfigPath = join(directory, file);
  if (!existsSync(tsconfigPath)) return [];
  const tsconfig = JSON.parse(readFileSync(tsconfigPath, 'utf8'));
  return (tsconfig.references ?? [])
    .map((reference) => byName.find((other) => resolve(directory, reference.path) === other.directory))
    .filter((other) => other !== undefined)
    .map((other) => other.manifest.name);
}

// A test-only dependency is built before the tests are type-checked, never before the package itself.
function checkTestReferences(workspace, byName) {
  const testOnly = testOnlyDependencies(workspace.manifest);
  const referenced = referencedNames(workspace.directory, 'tsconfig.test.json', byName);
  return testOnly
    .filter((name) => !referenced.includes(name))
    .map(
      (name) =>
        `${workspace.manifest.name}: tsconfig.test.json does not reference ${name}, a test dependency`,
    );
}

function checkReferences(workspace, byName) {
  const tsconfigPath = join(workspace.directory, 'tsconfig.json');
  if (!existsSync(tsconfigPath)) return [];
  const tsconfig = JSON.parse(readFileSync(tsconfigPath, 'utf8'));
  const referenced = (tsconfig.references ?? [])
    .map((reference) =>
      byName.find((other) => resolve(workspace.directory, reference.path) === other.directory),
    )
    .filter((other) => other !== undefined)
    .map((other) => other.manifest.name)
    .sort();
  const { dependencies, devDependencies } = workspace.manifest;
  const testOnly = testOnlyDependencies(workspace.manifest);
  const internal = Object.keys({ ...dependencies, ...devDependencies })
    .filter((name) => name.startsWith('@jsskit/') && !testOnly.includes(name))
    .sort();
  if (JSON.stringify(referenced) === JSON.stringify(internal)) return [];
  return [
    `${workspace.manifest.name}: tsconfig references [${referenced}] differ from internal dependencies [${internal}]`,
  ];
}

/** Every problem found in the workspace at `root`, as readable lines. */
export function checkWorkspace(root) {
  const workspaces = listWorkspaces(root);
  const problems = [];
  for (const workspace of workspaces) {
    problems.push(
      ...checkLayers(workspace),
      ...checkReferences(workspace, workspaces),
      ...checkTestReferences(workspace, workspaces),
    );
    for (const file of listSourceFiles(workspace.directory)) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        problems.push(...checkSpecifier({ workspace, file, specifier: match[1], byDirectory: workspaces }));
      }
    }
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const problems = checkWorkspace(root);
  for (const problem of problems) console.error(`check-deps: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log('check-deps: imports follow the layers and match package.json');
}

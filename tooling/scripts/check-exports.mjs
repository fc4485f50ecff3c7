#!/usr/bin/env node
// Compares each published package's src/index.ts exports, its package.json `exports` map and its README API
// list: every export must be documented, and the map must send `.` to src (source condition), types and dist.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXPORT_BLOCK = /export\s+(?:type\s+)?\{([^}]*)\}\s*from/g;

/** The names a package's index.ts exports. */
export function exportedNames(indexSource) {
  const names = [];
  for (const match of indexSource.matchAll(EXPORT_BLOCK)) {
    for (const item of match[1].split(',')) {
      const cleaned = item.replace(/^\s*type\s+/, '').trim();
      if (cleaned === '') continue;
      const alias = cleaned.split(/\s+as\s+/);
      names.push(alias[alias.length - 1].trim());
    }
  }
  return names;
}

function checkExportMap(manifest) {
  const root = manifest.exports?.['.'];
  const problems = [];
  const expected = {
    '@jsskit/source': './src/index.ts',
    types: './dist/index.d.ts',
    default: './dist/index.js',
  };
  if (JSON.stringify(root) !== JSON.stringify(expected)) {
    problems.push(`exports["."] must be ${JSON.stringify(expected)} in that order`);
  }
  if (manifest.exports?.['./package.json'] !== './package.json')
    problems.push('exports lacks "./package.json"');
  if (manifest.exports?.['./internal/*'] !== null) problems.push('exports must map "./internal/*" to null');
  return problems;
}

const EXPORT_ALL = /export\s+\*\s+from\s+'(\.\/[^']+)'/g;

/** The names a module exports, following `export * from './x.ts'` into the package's own files. */
export function moduleExports(path) {
  const source = readFileSync(path, 'utf8');
  const names = exportedNames(source);
  for (const match of source.matchAll(EXPORT_ALL))
    names.push(...moduleExports(join(dirname(path), match[1])));
  return names;
}

/** Problems of one package directory, as readable lines. */
export function checkPackage(directory) {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  if (manifest.private) return [];
  const problems = checkExportMap(manifest);
  const readmePath = join(directory, 'README.md');
  if (!existsSync(readmePath))
    return [...problems, 'has no README.md'].map((problem) => `${manifest.name}: ${problem}`);
  const readme = readFileSync(readmePath, 'utf8');
  const api = readme.split(/^## API\s*$/m)[1]?.split(/^## /m)[0] ?? '';
  if (api === '') problems.push('README has no "## API" section');
  for (const name of moduleExports(join(directory, 'src', 'index.ts'))) {
    if (!new RegExp(`\`${name}(?![A-Za-z0-9_$])`).test(readme))
      problems.push(`export ${name} is not in the README`);
  }
  return problems.map((problem) => `${manifest.name}: ${problem}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const packages = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages');
  const problems = readdirSync(packages).flatMap((name) => checkPackage(join(packages, name)));
  for (const problem of problems) console.error(`check-exports: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log('check-exports: every export is documented and every exports map is well formed');
}

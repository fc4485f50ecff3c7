#!/usr/bin/env node
// `pnpm jss ...` in the repository (not shipped: `files` leaves scripts/ out). Builds the CLI and the packages
// it references with `tsc -b` only when one of their sources is newer than its last build (a few hundred stat
// calls instead of starting TypeScript), then runs the built `jss` in this process, in the directory pnpm was
// called from (INIT_CWD). Nothing is printed but the command's own output and, on stderr, a failed build's.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(cli, '..', '..');

/** The newest modification time under `path`, build output and dependencies left out. */
function newestChange(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestChange(join(path, entry)));
  }
  return newest;
}

/** `directory` and every project its tsconfig.json references, transitively. */
function projects(directory, found = new Set()) {
  if (found.has(directory)) return found;
  found.add(directory);
  const tsconfig = JSON.parse(readFileSync(join(directory, 'tsconfig.json'), 'utf8'));
  for (const reference of tsconfig.references ?? []) projects(resolve(directory, reference.path), found);
  return found;
}

function isBuilt(directory, sharedChange) {
  const buildInfo = join(directory, 'tsconfig.tsbuildinfo');
  if (!existsSync(buildInfo) || !existsSync(join(directory, 'dist'))) return false;
  const inputs = ['src', 'tsconfig.json', 'package.json'].map((name) => newestChange(join(directory, name)));
  return statSync(buildInfo).mtimeMs >= Math.max(sharedChange, ...inputs);
}

const sharedChange = newestChange(join(root, 'tsconfig.base.json'));
if (![...projects(cli)].every((directory) => isBuilt(directory, sharedChange))) {
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-b', cli], { stdio: ['ignore', 2, 2] });
  } catch (error) {
    process.exit(typeof error.status === 'number' ? error.status : 1);
  }
}

process.chdir(process.env.INIT_CWD ?? process.cwd());
await import('../bin/jss.js');

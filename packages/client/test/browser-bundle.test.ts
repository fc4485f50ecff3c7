import { existsSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const BUILTINS = new Set(builtinModules);

/** The imports of Node built-ins reachable from `entry` when bundled for a browser, as `file -> module`. */
async function nodeImportsForBrowser(entry: string, conditions: string[]): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    conditions,
    // Anything not a package on disk stays external, so that the metafile says who imports it.
    external: ['node:*', ...BUILTINS],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  return Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
    input.imports
      .filter((imported) => imported.path.startsWith('node:') || BUILTINS.has(imported.path))
      .map((imported) => `${file} -> ${imported.path}`),
  );
}

describe('the client in a browser bundle', () => {
  it('reaches no node: module from its source entry, its layers included', async () => {
    const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
    expect(await nodeImportsForBrowser(entry, ['@jsskit/source'])).toEqual([]);
  });

  it('reaches no node: module from the published dist/index.js', async () => {
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
    expect(existsSync(entry), `${entry} is missing: build the package first`).toBe(true);
    expect(await nodeImportsForBrowser(entry, [])).toEqual([]);
  });
});

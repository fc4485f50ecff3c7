// @jsskit/client in a browser: bundled by esbuild for the browser platform, it reaches no node: module; and in
// a real browser, Debian's Chromium, driven by playwright-core, runs the bundled client
// against the local server, at the server's own origin (the page is served by a Playwright route). One object
// is damaged on its way to the page (the route flips a bit of the body the server sent), and getObject's
// checkMd5 must catch it in the browser.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@jsskit/client';
import { startLocalServer } from '@jsskit/local-server';
import type { Credentials } from '@jsskit/signer';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ClientPage } from '../helpers/client-browser-page.ts';
import { repositoryRoot } from './pack-install.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BUCKET = 'browser-client';

const BUILTINS = new Set(builtinModules);

/** The imports of Node built-ins reachable from `entry` when bundled for a browser, as `file -> module`. */
async function nodeImportsForBrowser(entry: string, conditions: string[]): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    conditions,
    // Built-ins stay external, so that the metafile says who imports them.
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

/**
 * The page bundle: hash-wasm on the window, then the page. hash-wasm is the one @jsskit/multipart (a
 * dependency of this workspace) depends on, resolved from there by path.
 */
async function bundlePage(): Promise<string> {
  const page = JSON.stringify(join(here, '../helpers/client-browser-page.ts'));
  const hashWasm = JSON.stringify(
    createRequire(join(repositoryRoot, 'packages', 'multipart', 'package.json')).resolve('hash-wasm'),
  );
  const result = await build({
    stdin: {
      contents: `import { createMD5 } from ${hashWasm}; globalThis.createMD5 = createMD5; await import(${page});`,
      resolveDir: here,
      loader: 'js',
    },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    conditions: ['@jsskit/source'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

describe('@jsskit/client bundled for a browser', () => {
  it('reaches no node: module from its source entry (its layers included) or from dist/index.js', async () => {
    const client = join(repositoryRoot, 'packages', 'client');
    expect(await nodeImportsForBrowser(join(client, 'src', 'index.ts'), ['@jsskit/source'])).toEqual([]);
    const dist = join(client, 'dist', 'index.js');
    expect(existsSync(dist), `${dist} is missing: build the package first`).toBe(true);
    expect(await nodeImportsForBrowser(dist, [])).toEqual([]);
  });
});

describe('@jsskit/client in Chromium', () => {
  it('puts, heads, lists, gets (checked, and its last bytes) and deletes, and catches a damaged body', async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH`);
    const bundle = await bundlePage();
    await using server = await startLocalServer();
    const credentials = server.credentials[0] as Credentials;
    const damaged = new Uint8Array(4096).fill(7);
    const seeder = createClient({ endpoint: server.endpoint, credentials });
    await seeder.createBucket({ bucket: BUCKET });
    await seeder.putObject({ bucket: BUCKET, key: 'damaged.bin', body: damaged });
    await seeder.close();

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    try {
      const context = await browser.newContext();
      let flipped = 0;
      await context.route(`${server.endpoint}/__test/**`, (route) => {
        const name = new URL(route.request().url()).pathname;
        if (name.endsWith('page.html'))
          return route.fulfill({
            contentType: 'text/html',
            body: '<!doctype html><script type="module" src="app.js"></script>',
          });
        return route.fulfill({ contentType: 'text/javascript', body: bundle });
      });
      await context.route(
        (url) => url.pathname === `/${BUCKET}/damaged.bin`,
        async (route) => {
          const response = await route.fetch();
          const body = Buffer.from(await response.body());
          body[100] = (body[100] as number) ^ 1;
          flipped += 1;
          await route.fulfill({ response, body });
        },
      );
      const page = await context.newPage();
      await page.goto(`${server.endpoint}/__test/page.html`);
      await page.waitForFunction(() => 'clientPage' in globalThis);
      const report = await page.evaluate(
        ([endpoint, keys, bucket]) =>
          (globalThis as unknown as { clientPage: ClientPage }).clientPage.run(endpoint, keys, bucket),
        [server.endpoint, credentials, BUCKET] as const,
      );
      expect(flipped).toBe(1);
      expect(report).toEqual({
        putETag: createHash('md5').update('hello browser').digest('hex'),
        headSize: 13,
        listed: ['damaged.bin', 'notes.txt'],
        checkedText: 'hello browser',
        lastBytes: 'browser',
        damagedRead: { bytes: 4096, code: 'CLIENT_CHECKSUM_MISMATCH' },
        notFoundAfterDelete: true,
        builtInMd5PutETag: createHash('md5').update('no md5Hex').digest('hex'),
      });
    } finally {
      await browser.close();
    }
  });
});

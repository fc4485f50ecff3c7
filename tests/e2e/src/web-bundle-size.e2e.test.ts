// The browser bundle of @jsskit/multipart/web with createTransport, minified as an app's bundler would: at
// most 120 KB, 40 KB gzipped. zod is most of the risk: `import { z } from 'zod'` does not tree-shake (the
// bundle was 532 KB), the classic API weighs 91 KB where zod/mini weighs 25 KB.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const KB = 1000;

async function minifiedBundle() {
  const result = await build({
    stdin: {
      contents:
        "export * from '@jsskit/multipart/web';\nexport { createTransport } from '@jsskit/http-transport';\n",
      resolveDir: import.meta.dirname,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    conditions: ['@jsskit/source'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const zodBytes = Object.entries(output?.inputs ?? {})
    .filter(([path]) => path.includes('/zod/'))
    .reduce((total, [, input]) => total + input.bytesInOutput, 0);
  return { bytes: result.outputFiles[0]?.contents ?? new Uint8Array(), zodBytes };
}

describe('the web bundle of @jsskit/multipart', () => {
  it('stays under 120 KB minified and 40 KB gzipped, zod/mini included', async () => {
    const { bytes, zodBytes } = await minifiedBundle();
    expect(bytes.length).toBeGreaterThan(20 * KB);
    expect(bytes.length).toBeLessThanOrEqual(120 * KB);
    expect(gzipSync(bytes).length).toBeLessThanOrEqual(40 * KB);
    expect(zodBytes).toBeGreaterThan(0);
    expect(zodBytes).toBeLessThanOrEqual(40 * KB);
  }, 60_000);
});

// The browser bundle of everything @jsskit/multipart/web exports, with createTransport, minified as an app's
// bundler would. zod was most of it: `import { z } from 'zod'` does not tree-shake (the bundle was 532 KB),
// the classic API weighs 91 KB where zod/mini weighs 25 KB. Issue 21's target is 120 KB and 40 KB gzipped:
// 39.6 KB since the cleanup of old uploads left ./web (ADR 0028).
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleMultipartWeb, bytesFrom } from '../helpers/web-bundle.ts';

const KB = 1000;

describe('the web bundle of @jsskit/multipart', () => {
  it('stays under 120 KB minified and 40 KB gzipped, zod/mini included', async () => {
    const bundle = await bundleMultipartWeb({ minify: true });
    const { bytes } = bundle;
    const zodBytes = bytesFrom(bundle, '/zod/');
    expect(bytes.length).toBeGreaterThan(20 * KB);
    expect(bytes.length).toBeLessThanOrEqual(120 * KB);
    expect(gzipSync(bytes).length).toBeLessThanOrEqual(40 * KB);
    expect(zodBytes).toBeGreaterThan(0);
    expect(zodBytes).toBeLessThanOrEqual(40 * KB);
  }, 60_000);
});

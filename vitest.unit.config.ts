import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// `pnpm test:unit`: the unit tests that sit next to the code (`packages/*/src/**/*.test.ts`), loaded from
// source, so no build is needed. The integration tests (`packages/*/test`, `tests/e2e`, the browser and
// packed-install tests) run in `pnpm test`.
const packages = readdirSync(new URL('./packages', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

export default defineConfig({
  test: {
    projects: packages.map((name) => ({
      resolve: { conditions: ['@jsskit/source'] },
      ssr: { resolve: { conditions: ['@jsskit/source'] } },
      test: { name, root: `packages/${name}`, include: ['src/**/*.test.ts'] },
    })),
    reporters: ['default', './tooling/summary-reporter.mjs'],
  },
});

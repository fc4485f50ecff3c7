import { defineConfig } from 'vitest/config';

// One project per package, app and test workspace. Each project's own vitest.config.ts adds the
// `@jsskit/source` resolve condition, so siblings load from src and tests never run against stale dist.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tests/*', 'tooling'],
    reporters: ['default', './tooling/summary-reporter.mjs'],
  },
});

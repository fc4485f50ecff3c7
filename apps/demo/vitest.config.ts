import { defineJsskitProject } from '../../vitest.shared.ts';

// The CLI tests run the built `jss` in child processes (turbo builds it before vitest in `pnpm test`).
export default defineJsskitProject('demo', { testTimeout: 60_000 });

import { defineJsskitProject } from '../../vitest.shared.ts';

// The showcase runs the built `jss` of @jsskit/cli in child processes (turbo builds it before vitest in
// `pnpm test`).
export default defineJsskitProject('demo', { testTimeout: 60_000 });

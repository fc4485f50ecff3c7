import { defineJsskitProject } from '../../vitest.shared.ts';

// The tests run the built `jss` (bin/jss.js, which runs dist) in child processes; `pnpm test` builds first.
export default defineJsskitProject('cli', { testTimeout: 60_000 });

#!/usr/bin/env node
import { runShowcase } from '../showcase/run-showcase.ts';

// `pnpm demo`: exits 1 when any check of the showcase fails.
const failed = await runShowcase({
  sizeBytes:
    process.env.JSS_SHOWCASE_MIB === undefined
      ? undefined
      : Number(process.env.JSS_SHOWCASE_MIB) * 1024 * 1024,
});
process.exitCode = failed === 0 ? 0 : 1;

import { defineJsskitProject } from '../../vitest.shared.ts';

export default defineJsskitProject('local-server', { testTimeout: 30_000 });

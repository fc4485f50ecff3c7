import { defineJsskitProject } from '../../vitest.shared.ts';

export default defineJsskitProject('sync', { testTimeout: 60_000 });

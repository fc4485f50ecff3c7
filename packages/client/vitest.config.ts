import { defineJsskitProject } from '../../vitest.shared.ts';

export default defineJsskitProject('client', { testTimeout: 30_000 });

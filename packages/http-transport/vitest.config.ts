import { defineJsskitProject } from '../../vitest.shared.ts';

export default defineJsskitProject('http-transport', { testTimeout: 20_000 });

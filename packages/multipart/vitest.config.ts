import { defineJsskitProject } from '../../vitest.shared.ts';

export default defineJsskitProject('multipart', { testTimeout: 30_000 });

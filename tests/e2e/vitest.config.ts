import { defineJsskitProject } from '../../vitest.shared.ts';

export default defineJsskitProject('e2e', {
  include: ['src/**/*.e2e.test.ts'],
  testTimeout: 120_000,
  hookTimeout: 120_000,
});

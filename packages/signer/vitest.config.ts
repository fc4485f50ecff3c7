import { defineJsskitProject } from '../../vitest.shared.ts';

export default defineJsskitProject('signer');

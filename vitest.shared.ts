import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/** The per-project vitest settings: source resolution for workspace siblings, and the project name. */
export function defineJsskitProject(name: string, extra: UserWorkspaceConfig['test'] = {}) {
  return defineProject({
    resolve: { conditions: ['@jsskit/source'] },
    ssr: { resolve: { conditions: ['@jsskit/source'] } },
    test: { name, include: ['src/**/*.test.ts', 'test/**/*.test.ts'], ...extra },
  });
}

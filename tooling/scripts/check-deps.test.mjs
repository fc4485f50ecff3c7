import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkWorkspace } from './check-deps.mjs';

let root;

function write(path, content) {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content));
}

function workspace({
  signerDeps = {},
  transportDeps = { '@jsskit/signer': 'workspace:^' },
  references,
} = {}) {
  root = mkdtempSync(join(tmpdir(), 'check-deps-'));
  write('packages/signer/package.json', { name: '@jsskit/signer', dependencies: signerDeps });
  write('packages/signer/src/index.ts', 'export const a = 1;\n');
  write('packages/http-transport/package.json', {
    name: '@jsskit/http-transport',
    dependencies: transportDeps,
  });
  write('packages/http-transport/tsconfig.json', { references: references ?? [{ path: '../signer' }] });
  write('packages/http-transport/src/index.ts', "import { a } from '@jsskit/signer';\nexport { a };\n");
}

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('checkWorkspace', () => {
  it('finds nothing wrong in a workspace that follows the layers', () => {
    workspace();
    expect(checkWorkspace(root)).toEqual([]);
  });

  it('refuses an upward dependency of the signer', () => {
    workspace({ signerDeps: { '@jsskit/http-transport': 'workspace:^' } });
    expect(checkWorkspace(root).join('\n')).toContain(
      '@jsskit/signer may not depend on @jsskit/http-transport',
    );
  });

  it('refuses an import that package.json does not declare', () => {
    workspace();
    write('packages/signer/src/extra.ts', "import lodash from 'lodash';\n");
    expect(checkWorkspace(root).join('\n')).toContain("'lodash' is not declared in @jsskit/signer");
  });

  it("refuses an import into another package's src or internal files", () => {
    workspace();
    write('packages/http-transport/src/deep.ts', "import { x } from '@jsskit/signer/src/internal/x.ts';\n");
    write('packages/http-transport/src/relative.ts', "import { a } from '../../signer/src/index.ts';\n");
    const problems = checkWorkspace(root).join('\n');
    expect(problems).toContain("imports another package's src, internal or dist files");
    expect(problems).toContain('reaches into @jsskit/signer');
  });

  it('refuses tsconfig references that differ from the internal dependencies', () => {
    workspace({ references: [] });
    expect(checkWorkspace(root).join('\n')).toContain('tsconfig references [] differ');
  });

  it('refuses a workspace package missing from the layer table', () => {
    workspace();
    write('packages/extra/package.json', { name: '@jsskit/extra' });
    expect(checkWorkspace(root).join('\n')).toContain('@jsskit/extra has no entry');
  });

  it('lets the client test against the local server, referenced from tsconfig.test.json only', () => {
    workspace();
    write('packages/local-server/package.json', { name: '@jsskit/local-server' });
    write('packages/client/package.json', {
      name: '@jsskit/client',
      devDependencies: { '@jsskit/local-server': 'workspace:^' },
    });
    write('packages/client/tsconfig.json', { references: [] });
    write('packages/client/tsconfig.test.json', { references: [{ path: '../local-server' }] });
    write('packages/client/test/a.test.ts', "import { startLocalServer } from '@jsskit/local-server';\n");
    expect(checkWorkspace(root)).toEqual([]);
  });

  it('refuses the local server in shipped client source, and a test dependency missing from tsconfig.test.json', () => {
    workspace();
    write('packages/local-server/package.json', { name: '@jsskit/local-server' });
    write('packages/client/package.json', {
      name: '@jsskit/client',
      devDependencies: { '@jsskit/local-server': 'workspace:^' },
    });
    write('packages/client/src/index.ts', "import { startLocalServer } from '@jsskit/local-server';\n");
    const problems = checkWorkspace(root).join('\n');
    expect(problems).toContain("'@jsskit/local-server' is not declared in @jsskit/client's dependencies");
    expect(problems).toContain('tsconfig.test.json does not reference @jsskit/local-server');
  });
});

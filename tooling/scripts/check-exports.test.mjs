import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportedNames, moduleExports } from './check-exports.mjs';

describe('exportedNames', () => {
  it('reads value, type and aliased exports from export blocks', () => {
    const source =
      "export { a, type B, c as d } from './x.ts';\nexport type {\n  E,\n  F,\n} from './y.ts';\n";
    expect(exportedNames(source)).toEqual(['a', 'B', 'd', 'E', 'F']);
  });

  it("follows export * into the package's own modules", async () => {
    const directory = await mkdtemp(join(tmpdir(), 'jsskit-exports-'));
    try {
      await writeFile(
        join(directory, 'index.ts'),
        "export * from './web.ts';\nexport { node } from './n.ts';\n",
      );
      await writeFile(
        join(directory, 'web.ts'),
        "export { a, type B } from './a.ts';\nexport * from './deep.ts';\n",
      );
      await writeFile(join(directory, 'deep.ts'), "export { c } from './c.ts';\n");
      expect(moduleExports(join(directory, 'index.ts')).sort()).toEqual(['B', 'a', 'c', 'node']);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

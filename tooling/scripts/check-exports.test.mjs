import { describe, expect, it } from 'vitest';
import { exportedNames } from './check-exports.mjs';

describe('exportedNames', () => {
  it('reads value, type and aliased exports from export blocks', () => {
    const source =
      "export { a, type B, c as d } from './x.ts';\nexport type {\n  E,\n  F,\n} from './y.ts';\n";
    expect(exportedNames(source)).toEqual(['a', 'B', 'd', 'E', 'F']);
  });
});

// The repository stands alone (issue 19): the protocol sections the code cites exist in docs/protocol.md,
// and nothing points at files outside the repository. The planted examples are built at run time so that
// this file, which is scanned too, cites and names nothing itself.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  headingSections,
  markdownLinks,
  missingSections,
  outsideReferences,
  referencesOutside,
  sectionCitations,
  trackedTextFiles,
} from './repository-references.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const S = '\u00a7';
const files = trackedTextFiles(root);

describe('headingSections', () => {
  it('reads numbered headings with or without a trailing dot, outside code blocks', () => {
    const markdown = '# Title\n## 3. Auth\n### 3.3 Resource\n```\n## 9.9 not a heading\n```\n#### 13 Wire\n';
    expect([...headingSections(markdown)]).toEqual(['3', '3.3', '13']);
  });
});

describe('sectionCitations', () => {
  it('finds every form of citation with its line', () => {
    const text = `a\nprotocol ${S}8.5 and (${S}7.5).\n${S}8.1/${S}8.2, ${S}3.4, ${S}3.5 and ${S}11; ${S}3.6.\n`;
    expect(sectionCitations(text)).toEqual([
      { line: 2, section: '8.5' },
      { line: 2, section: '7.5' },
      { line: 3, section: '8.1' },
      { line: 3, section: '8.2' },
      { line: 3, section: '3.4' },
      { line: 3, section: '3.5' },
      { line: 3, section: '11' },
      { line: 3, section: '3.6' },
    ]);
  });

  it('leaves out sections of RFCs', () => {
    expect(sectionCitations(`RFC 9110 ${S}10.1.1 and ${S}15.3.5, then protocol ${S}13`)).toEqual([
      { line: 1, section: '13' },
    ]);
  });
});

describe('missingSections', () => {
  it('names the file and line of a citation of a section that does not exist', () => {
    const planted = [{ file: 'packages/x/src/a.ts', text: `// ok ${S}8.5\n// bad: protocol ${S}8.9\n` }];
    expect(missingSections(root, planted)).toEqual([
      `packages/x/src/a.ts:2: cites ${S}8.9, which is not a heading of docs/protocol.md`,
    ]);
  });

  it('finds none in the repository: every cited section is a heading of docs/protocol.md', () => {
    expect(missingSections(root, files)).toEqual([]);
  });
});

describe('markdownLinks', () => {
  it('reads inline and reference links, not URLs, anchors or code', () => {
    const markdown =
      '[a](docs/a.md#x) [b](https://x.y) [c](#top)\n`[d](e.md)`\n```\n[f](g.md)\n```\n[r]: ../r.md\n';
    expect(markdownLinks(markdown)).toEqual([
      { line: 1, target: 'docs/a.md#x' },
      { line: 6, target: '../r.md' },
    ]);
  });
});

describe('outsideReferences', () => {
  const exists = (path) => path === `${root}docs/protocol.md`;
  const check = (file, text) => outsideReferences({ root, file, text, exists }).map(({ line }) => line);
  const privateFolder = ['..', 'shared'].join('/');

  it('flags the private folder and its files in any file', () => {
    const names = [`${privateFolder}/x`, ['jss-protocol', 'md'].join('.'), ['style-guide', 'md'].join('.')];
    expect(
      check('packages/a/src/b.ts', `// fine\n// see ${names[0]}\n// ${names[1]}, ${names[2]}\n`),
    ).toEqual([2, 3, 3]);
  });

  it('flags Markdown links that leave the root or point at nothing, and accepts the others', () => {
    const text =
      '[p](../protocol.md)\n[q](../../../x.md)\n[r](missing.md)\n[s](/docs/protocol.md)\n[c](CHANGELOG.md)\n';
    // A changelog is no exception: every published package has one from the start.
    expect(check('docs/adr/0001.md', text)).toEqual([2, 3, 5]);
  });

  it('finds none in the repository', () => {
    expect(referencesOutside(root, files)).toEqual([]);
  });
});

// Changeset files must keep their front matter: a formatter once turned it into a Markdown heading, which
// `changeset version` cannot read. Every file names published packages with a valid bump.
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const directory = fileURLToPath(new URL('../../.changeset/', import.meta.url));
const FRONT_MATTER = /^---\n((?:"@jsskit\/[a-z-]+": (?:patch|minor|major)\n)+)---\n\n\S/;
const packagesDirectory = fileURLToPath(new URL('../../packages/', import.meta.url));
// The packages a changeset may name: every package under packages/ that is not private.
const PUBLISHED = new Set(
  await Promise.all(
    (await readdir(packagesDirectory)).map(async (name) => {
      const manifest = JSON.parse(await readFile(`${packagesDirectory}${name}/package.json`, 'utf8'));
      return manifest.private === true ? undefined : name;
    }),
  ),
);

describe('changesets', async () => {
  const files = (await readdir(directory)).filter((name) => name.endsWith('.md') && name !== 'README.md');

  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s has front matter naming published packages', async (name) => {
    const text = await readFile(`${directory}${name}`, 'utf8');
    const match = FRONT_MATTER.exec(text);
    expect(match, name).not.toBeNull();
    for (const line of match?.[1]?.trim().split('\n') ?? [])
      expect(PUBLISHED.has(line.slice('"@jsskit/'.length, line.indexOf('":')))).toBe(true);
  });
});

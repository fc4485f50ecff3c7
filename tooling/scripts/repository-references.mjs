/**
 * The repository must stand alone (issue 19): every protocol section a file cites ("protocol §8.5", "(§7.5)")
 * is a heading of docs/protocol.md, and no file links or points outside the repository.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

const SECTION = /§\s*(\d+(?:\.\d+)*)/g;
// Citations chained to a first one: "§8.1/§8.2", "§3.4, §3.5 and §11".
const CHAIN = /(?:§\s*\d+(?:\.\d+)*[\s,/&]*(?:(?:and|or)\s+)?)+$/;
// A section of another document, such as "RFC 9110 §15.3.5", is not a protocol citation.
const FOREIGN = /\bRFC\s*\d+\s*$/i;
const HEADING = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s/;
const FENCE = /^\s*(```|~~~)/;
// Folders and files that are private to the engineers, never part of the repository.
const PRIVATE_PATHS = [/\.\.\/shared\b/, /\bjss-protocol\.md\b/, /\bstyle-guide\.md\b/, /\banchors\.md\b/];
const INLINE_LINK = /!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_LINK = /^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)/;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** The section numbers that are headings of a Markdown text ("## 8. Object operations" gives "8"). */
export function headingSections(markdown) {
  const sections = new Set();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (FENCE.test(line)) inFence = !inFence;
    const match = inFence ? null : HEADING.exec(line);
    if (match?.[1] !== undefined) sections.add(match[1]);
  }
  return sections;
}

/** The protocol sections a text cites, each with its 1-based line; sections of RFCs are left out. */
export function sectionCitations(text) {
  const citations = [];
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(SECTION)) {
      const before = line.slice(0, match.index).replace(CHAIN, '');
      if (!FOREIGN.test(before)) citations.push({ line: index + 1, section: match[1] });
    }
  });
  return citations;
}

/** Markdown with code blocks and code spans blanked out, lines kept, so only real links remain. */
function withoutCode(markdown) {
  let inFence = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (FENCE.test(line)) {
        inFence = !inFence;
        return '';
      }
      return inFence ? '' : line.replace(/(`+)[^`]*?\1/g, '');
    })
    .join('\n');
}

/** The relative link targets of a Markdown text, each with its 1-based line; URLs and anchors are left out. */
export function markdownLinks(markdown) {
  const links = [];
  withoutCode(markdown)
    .split('\n')
    .forEach((line, index) => {
      const targets = [...line.matchAll(INLINE_LINK)].map((match) => match[1]);
      const reference = REFERENCE_LINK.exec(line)?.[1];
      if (reference !== undefined) targets.push(reference);
      for (const target of targets)
        if (!URL_SCHEME.test(target) && !target.startsWith('#')) links.push({ line: index + 1, target });
    });
  return links;
}

/**
 * What in one file points outside the repository: a private path, or a Markdown link whose target leaves the
 * root or does not exist. `exists` answers for an absolute path.
 */
export function outsideReferences({ root, file, text, exists }) {
  const problems = [];
  text.split('\n').forEach((line, index) => {
    for (const pattern of PRIVATE_PATHS) {
      const match = pattern.exec(line);
      if (match)
        problems.push({ line: index + 1, reason: `names ${match[0]}, which is not in the repository` });
    }
  });
  if (!file.endsWith('.md')) return problems;
  for (const { line, target } of markdownLinks(text)) {
    const path = decodeURIComponent(target.replace(/[#?].*$/, ''));
    const absolute = path.startsWith('/') ? resolve(root, `.${path}`) : resolve(root, dirname(file), path);
    const inside = relative(root, absolute);
    if (inside.startsWith('..') || isAbsolute(inside))
      problems.push({ line, reason: `links ${target}, outside the repository` });
    else if (!exists(absolute)) problems.push({ line, reason: `links ${target}, which does not exist` });
  }
  return problems;
}

/** The tracked text files of a repository, as `{ file, text }`. */
export function trackedTextFiles(root) {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && existsSync(resolve(root, file)))
    .map((file) => ({ file, text: readFileSync(resolve(root, file), 'utf8') }))
    .filter(({ text }) => !text.includes('\0'));
}

/** Every citation in the repository of a section docs/protocol.md does not have, as "file:line: message". */
export function missingSections(root, files = trackedTextFiles(root)) {
  const sections = headingSections(readFileSync(resolve(root, 'docs/protocol.md'), 'utf8'));
  return files.flatMap(({ file, text }) =>
    sectionCitations(text)
      .filter(({ section }) => !sections.has(section))
      .map(
        ({ line, section }) =>
          `${file}:${line}: cites §${section}, which is not a heading of docs/protocol.md`,
      ),
  );
}

/** Every reference in the repository that leaves it, as "file:line: message". */
export function referencesOutside(root, files = trackedTextFiles(root)) {
  return files.flatMap(({ file, text }) =>
    outsideReferences({ root, file, text, exists: existsSync }).map(
      ({ line, reason }) => `${file}:${line}: ${reason}`,
    ),
  );
}

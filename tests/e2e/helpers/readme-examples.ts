import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { transform } from 'esbuild';
import ts from 'typescript';
import { REPOSITORY_ROOT } from './build-packages.ts';

/**
 * The fenced code of READMEs as programs: every block whose info string starts with `ts`, `typescript`, `js`
 * or `javascript` is compiled with strict TypeScript, as a consumer of the built packages would, and run
 * with plain Node (issue 19). Words after the language in the info string (GitHub renders only the first):
 *
 * - `compile-only`: compiled, not run (a browser page, a block that needs what a test cannot give it);
 * - `file=<name>`: a module other blocks of the same README import (`import { client } from './client.js'`),
 *   written under that name and not run by itself.
 *
 * Any other word is an error, so that a typo cannot turn a check off.
 */

export const EXAMPLE_LANGUAGES = new Set(['ts', 'typescript', 'js', 'javascript']);
const FLAGS = new Set(['compile-only']);

export interface ReadmeBlock {
  /** The README's path from the repository root, e.g. `packages/client/README.md`. */
  readonly readme: string;
  /** The line of the opening fence, 1-based (1 for a whole example file). */
  readonly line: number;
  /** The line of the code's first line in the README (or file), 1-based. */
  readonly codeLine: number;
  readonly language: 'ts' | 'js';
  readonly compileOnly: boolean;
  /** The module name of a `file=` block. */
  readonly file: string | undefined;
  readonly code: string;
}

/** `packages/client/README.md:61`, the way editors and terminals link to it. */
export function blockName(block: Pick<ReadmeBlock, 'readme' | 'line'>): string {
  return `${block.readme}:${block.line}`;
}

/** The example blocks of a README (path from the repository root), in order. */
export async function readmeBlocks(readme: string): Promise<ReadmeBlock[]> {
  return extractBlocks(readme, await readFile(join(REPOSITORY_ROOT, readme), 'utf8'));
}

/** The example blocks of README text; `readme` only names them. Throws on an unknown info-string word. */
export function extractBlocks(readme: string, text: string): ReadmeBlock[] {
  const lines = text.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/.exec(lines[index] ?? '');
    if (open === null) continue;
    const fence = open[1] ?? '```';
    const words = (open[2] ?? '').trim().split(/\s+/).filter(Boolean);
    const start = index;
    const body: string[] = [];
    for (index++; index < lines.length; index++) {
      const line = lines[index] ?? '';
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close?.[1] !== undefined && close[1][0] === fence[0] && close[1].length >= fence.length) break;
      body.push(line);
    }
    const [language, ...flags] = words;
    if (language === undefined || !EXAMPLE_LANGUAGES.has(language)) continue;
    let file: string | undefined;
    for (const flag of flags) {
      const named = /^file=([\w.-]+\.(?:ts|js|mts|mjs))$/.exec(flag);
      if (named !== null) file = named[1];
      else if (!FLAGS.has(flag))
        throw new Error(
          `${readme}:${start + 1}: unknown word '${flag}' in the info string '${words.join(' ')}'`,
        );
    }
    blocks.push({
      readme,
      line: start + 1,
      codeLine: start + 2,
      language: language.startsWith('t') ? 'ts' : 'js',
      compileOnly: flags.includes('compile-only'),
      file,
      code: `${body.join('\n')}\n`,
    });
  }
  return blocks;
}

/** A whole example file (`packages/signer/examples/sign-header.mjs`) as one block, checked like the READMEs'. */
export async function exampleFile(path: string): Promise<ReadmeBlock> {
  return {
    readme: path,
    line: 1,
    codeLine: 1,
    language: /\.m?ts$/.test(path) ? 'ts' : 'js',
    compileOnly: false,
    file: undefined,
    code: await readFile(join(REPOSITORY_ROOT, path), 'utf8'),
  };
}

/** The consumer's settings: those of the repository that a project of its users would plausibly share. */
const COMPILER_OPTIONS = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  module: 'nodenext',
  moduleResolution: 'nodenext',
  moduleDetection: 'force',
  target: 'es2022',
  lib: ['es2023', 'dom', 'dom.iterable'],
  types: ['node'],
  skipLibCheck: true,
  noEmit: true,
};

/** A compiled set of README blocks, each written as a module of a throwaway project. */
export interface ExampleProject {
  readonly directory: string;
  /** The compiler's messages about a block, each as `README:line: error TSnnnn: message`. */
  diagnostics(block: ReadmeBlock): readonly string[];
  /** Messages about no block (a broken setting, a missing `@types/node`): should be none. */
  readonly otherDiagnostics: readonly string[];
  /** The file `run` executes for a block: its code as written for `js`, transpiled by esbuild for `ts`. */
  programPath(block: ReadmeBlock): string;
  remove(): Promise<void>;
}

function moduleName(block: ReadmeBlock): string {
  if (block.file !== undefined) return block.file.replace(/\.m?js$/, '.ts');
  return `block-${block.line}.ts`;
}

function readmeDirectory(root: string, readme: string): string {
  return join(root, readme.replace(/[^\w.-]+/g, '_'));
}

/**
 * Writes every block into one throwaway project (one directory per README, `node_modules` linked to the e2e
 * workspace's, so `@jsskit/*` resolve to the packages' `dist` through their exports, as for a user), compiles
 * them all in one strict TypeScript program, and writes each block's runnable JavaScript next to it.
 */
export async function compileBlocks(
  blocks: readonly ReadmeBlock[],
  nodeModules: string,
): Promise<ExampleProject> {
  const directory = await mkdtemp(join(tmpdir(), 'jsskit-readme-examples-'));
  await symlink(nodeModules, join(directory, 'node_modules'), 'dir');
  await writeFile(join(directory, 'package.json'), '{ "type": "module", "private": true }\n');
  const byFile = new Map<string, ReadmeBlock>();
  const programs = new Map<ReadmeBlock, string>();
  for (const block of blocks) {
    const folder = readmeDirectory(directory, block.readme);
    await mkdir(folder, { recursive: true });
    const source = join(folder, moduleName(block));
    if (byFile.has(source)) throw new Error(`${blockName(block)}: a second block named ${moduleName(block)}`);
    byFile.set(source, block);
    await writeFile(source, block.code);
    // A `js` block runs exactly as written (Node 20 must accept it); a `ts` block as esbuild emits it.
    const program = source.replace(/\.ts$/, block.language === 'js' ? '.mjs' : '.js');
    const javascript =
      block.language === 'js'
        ? block.code
        : (
            await transform(block.code, {
              loader: 'ts',
              format: 'esm',
              target: 'node20',
              // With `--enable-source-maps`, a stack names lines of the block, which `runBlock` maps to the README's.
              sourcemap: 'inline',
              sourcefile: source,
            })
          ).code;
    await writeFile(program, javascript);
    // A `file=x.js` module is imported as `./x.js` by the other blocks, whatever its language.
    if (block.file !== undefined && program !== source.replace(/\.ts$/, '.js'))
      await writeFile(source.replace(/\.ts$/, '.js'), javascript);
    programs.set(block, program);
  }
  await writeFile(
    join(directory, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include: ['**/*.ts'] }, null, 2)}\n`,
  );
  const config = ts.parseJsonConfigFileContent(
    { compilerOptions: COMPILER_OPTIONS, files: [...byFile.keys()] },
    ts.sys,
    directory,
  );
  if (config.errors.length > 0) throw new Error(format(config.errors, byFile).join('\n'));
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const perBlock = new Map<ReadmeBlock, string[]>();
  const other: string[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const block = diagnostic.file === undefined ? undefined : byFile.get(resolve(diagnostic.file.fileName));
    const [message] = format([diagnostic], byFile);
    if (message === undefined) continue;
    if (block === undefined) other.push(message);
    else perBlock.set(block, [...(perBlock.get(block) ?? []), message]);
  }
  return {
    directory,
    diagnostics: (block) => perBlock.get(block) ?? [],
    otherDiagnostics: other,
    programPath: (block) => {
      const path = programs.get(block);
      if (path === undefined) throw new Error(`${blockName(block)} was not compiled`);
      return path;
    },
    remove: () => rm(directory, { recursive: true, force: true }),
  };
}

/** Each diagnostic as `README:line:column: error TSnnnn: message`, at the line in the README. */
function format(diagnostics: readonly ts.Diagnostic[], byFile: ReadonlyMap<string, ReadmeBlock>): string[] {
  return diagnostics.map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const code = `error TS${diagnostic.code}`;
    if (diagnostic.file === undefined || diagnostic.start === undefined) return `${code}: ${text}`;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const block = byFile.get(resolve(diagnostic.file.fileName));
    const where =
      block === undefined
        ? `${relative(REPOSITORY_ROOT, diagnostic.file.fileName)}:${line + 1}:${character + 1}`
        : `${block.readme}:${block.codeLine + line}:${character + 1}`;
    return `${where}: ${code}: ${text}`;
  });
}

const execFileAsync = promisify(execFile);

/** What a block's run is given: the server's address and key pair, nothing from the user's environment. */
export interface RunEnvironment {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Files the example expects in its working directory (a file it uploads), by relative path. */
  readonly files?: Readonly<Record<string, string | Uint8Array>> | undefined;
}

/**
 * Runs a block's program with plain Node in a fresh temporary directory (its cwd and HOME), with an
 * environment of PATH and the three `JSS_*` variables only. Resolves to its stdout; rejects with an error
 * naming the block's README line and holding Node's stderr when it exits non-zero or outlives `timeoutMs`.
 * Asynchronous on purpose: the local server answering the block runs in this process.
 */
export async function runBlock(
  project: ExampleProject,
  block: ReadmeBlock,
  environment: RunEnvironment,
  timeoutMs = 30_000,
): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'jsskit-readme-run-'));
  const program = project.programPath(block);
  for (const [path, contents] of Object.entries(environment.files ?? {})) {
    await mkdir(dirname(join(home, path)), { recursive: true });
    await writeFile(join(home, path), contents);
  }
  try {
    const { stdout } = await execFileAsync(process.execPath, ['--enable-source-maps', program], {
      cwd: home,
      timeout: timeoutMs,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        JSS_ENDPOINT: environment.endpoint,
        JSS_ACCESS_KEY: environment.accessKeyId,
        JSS_SECRET_KEY: environment.secretAccessKey,
      },
    });
    return stdout;
  } catch (error) {
    const failure = error as { code?: unknown; signal?: unknown; killed?: boolean; stderr?: string };
    const how = failure.killed
      ? `was killed after ${timeoutMs} ms`
      : `exited with ${typeof failure.code === 'number' ? `code ${failure.code}` : `signal ${String(failure.signal)}`}`;
    const stderr = readmeLines((failure.stderr ?? String(error)).trim(), program, block);
    throw new Error(`${blockName(block)}: the example ${how}:\n${stderr}`);
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Node's messages with every `file:///.../block-N.js:L:C` of the block's program as `README:line:C`. */
function readmeLines(text: string, program: string, block: ReadmeBlock): string {
  const module = program.replace(/\.m?js$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const location = new RegExp(`(?:file://)?${module}\\.(?:m?js|ts):(\\d+)(?::(\\d+))?`, 'g');
  return text.replace(
    location,
    (_match, line: string, column: string | undefined) =>
      `${block.readme}:${block.codeLine + Number(line) - 1}${column === undefined ? '' : `:${column}`}`,
  );
}

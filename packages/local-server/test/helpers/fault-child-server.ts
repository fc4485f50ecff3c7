import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FaultRule } from '../../src/index.ts';
import { type ChildServer, readyChild } from './child-server.ts';
import { cleanEnv } from './clean-env.ts';

const distIndex = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'index.js');

// The child: the built package's startLocalServer with faults (JSON, so no RegExp keys), endpoint on stdout.
const SCRIPT = `
const { startLocalServer } = await import(process.argv[1]);
const server = await startLocalServer({ dataDir: process.argv[2], faults: JSON.parse(process.argv[3]) });
process.stdout.write(server.endpoint + '\\n');
`;

/** Like `startChildServer`, with fault rules installed from the start (the bin takes none). Build first. */
export async function startChildServerWithFaults(
  dataDir: string,
  faults: readonly FaultRule[],
): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', SCRIPT, pathToFileURL(distIndex).href, dataDir, JSON.stringify(faults)],
    { stdio: ['ignore', 'pipe', 'inherit'], env: cleanEnv({}) },
  );
  return readyChild(child, 'the server');
}

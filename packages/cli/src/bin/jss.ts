#!/usr/bin/env node
import { setMaxListeners } from 'node:events';
import { runCli } from '../cli.ts';
import { EXIT, InterruptedError } from '../cli-errors.ts';

// The first Ctrl-C stops the command cleanly (an upload stays resumable); a second one exits at once.
const controller = new AbortController();
// Every file and part in flight listens on it (--concurrency 32 is 32 listeners and more): not a leak.
setMaxListeners(0, controller.signal);
let signals = 0;
function onSignal(name: NodeJS.Signals): void {
  signals++;
  if (signals > 1) process.exit(EXIT.interrupted);
  controller.abort(new InterruptedError(`stopped by ${name}`));
}
// A reader that went away (`jss ls | head`) is not a failure of jss: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(EXIT.ok);
});
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
});
process.exitCode = code;

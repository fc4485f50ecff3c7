// The local server in a child process for the benchmarks, so that the benchmark's own process is the client
// alone: its endpoint, its CPU seconds (from /proc), and with `log` a count of the requests per operation.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';

const SERVER_BIN = new URL('../packages/local-server/dist/bin/jss-local-server.js', import.meta.url);

/** Starts `jss-local-server` on port 0 over `dataDir`; with `log`, `counts[operation]` grows per request. */
export async function startServerChild(dataDir, { log = false } = {}) {
  const args = [SERVER_BIN.pathname, '--port', '0', '--data', dataDir, ...(log ? ['--log'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', log ? 'pipe' : 'inherit'] });
  const counts = {};
  if (log) {
    let rest = '';
    child.stderr.setEncoding('utf8').on('data', (text) => {
      const lines = (rest + text).split('\n');
      rest = lines.pop();
      for (const line of lines) {
        const operation = /"operation":"(\w+)"/.exec(line)?.[1];
        if (operation !== undefined) counts[operation] = (counts[operation] ?? 0) + 1;
      }
    });
  }
  const [line] = await once(child.stdout.setEncoding('utf8'), 'data');
  return {
    endpoint: line.trim(),
    counts,
    cpuSeconds: () => processCpuSecondsAt(child.pid, 11),
    close: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/**
 * Two CPU-time fields of a process from /proc/PID/stat (Linux), in seconds: `field` 11 is utime + stime, 13
 * is cutime + cstime (its waited-for children); NaN elsewhere.
 */
export function processCpuSecondsAt(pid, field) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[field]) + Number(fields[field + 1])) / 100;
  } catch {
    return Number.NaN;
  }
}

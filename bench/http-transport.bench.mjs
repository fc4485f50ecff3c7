// Upload throughput of @jsskit/http-transport next to a bare node:http keep-alive client sending the same
// bytes, in the same run (issue 4): 8 MiB parts, concurrency 4, into a discard server in a child process,
// so that the CPU figures are the client's alone. Size: JSS_BENCH_MIB (default 2048) per round.
import { fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createTransport } from '../packages/http-transport/dist/index.js';

const MiB = 1024 * 1024;
const PART = 8 * MiB;
const CONCURRENCY = 4;

const DISCARD_SERVER = `
const { createServer } = require('node:http');
const server = createServer((req, res) => { req.on('data', () => {}); req.on('end', () => res.end()); });
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send(server.address().port));
`;

async function startDiscardServer() {
  const child = fork('-e', [DISCARD_SERVER], {
    execArgv: ['-e', DISCARD_SERVER],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise((resolve) => child.once('message', resolve));
  return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

function barePut(agent, endpoint, path, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      `${endpoint}${path}`,
      { method: 'PUT', agent, headers: { 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function pump(parts, sendPart) {
  let next = 0;
  const worker = async () => {
    while (next < parts) await sendPart(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function measure(name, parts, sendPart) {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await pump(parts, sendPart);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const gib = (parts * PART) / 1024 ** 3;
  return {
    client: name,
    'MiB/s': Math.round((parts * PART) / MiB / seconds),
    'CPU s/GiB': Number(((cpu.user + cpu.system) / 1e6 / gib).toFixed(2)),
  };
}

export async function runHttpTransportBench() {
  const parts = Math.max(4, Math.round(Number(process.env.JSS_BENCH_MIB ?? 2048) / 8));
  const server = await startDiscardServer();
  const body = Buffer.alloc(PART, 7);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const transport = createTransport({
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
  });
  try {
    const rows = [];
    for (let round = 0; round < 3; round++) {
      rows.push(
        await measure('bare node:http', parts, (n) =>
          barePut(agent, server.endpoint, `/bench/part-${n}`, body),
        ),
      );
      rows.push(
        await measure('http-transport', parts, (n) =>
          transport.send({
            method: 'PUT',
            bucket: 'bench',
            key: `part-${n}`,
            query: [
              ['uploadId', 'U'],
              ['partNumber', n + 1],
            ],
            body,
          }),
        ),
      );
    }
    console.log(`\n== http-transport: ${parts} x 8 MiB parts, concurrency ${CONCURRENCY}, 3 rounds ==`);
    console.table(rows);
    const best = (client) =>
      Math.max(...rows.filter((row) => row.client === client).map((row) => row['MiB/s']));
    const ratio = best('http-transport') / best('bare node:http');
    console.log(`ratio transport / bare (best MiB/s) = ${ratio.toFixed(2)} (target >= 0.90)`);
    return { name: 'http-transport upload vs bare node:http', ratio, met: ratio >= 0.9 };
  } finally {
    agent.destroy();
    await transport.close();
    server.stop();
  }
}

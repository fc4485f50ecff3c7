// `jss` against endpoints that are not JSS: plain web servers on port 0 that answer every request alike.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliServer } from './helpers/cli-server.ts';
import { runCli } from './helpers/run-cli.ts';

interface Answer {
  readonly status: number;
  readonly type: string | undefined;
  readonly body: string;
}

const ANSWERS: Record<string, Answer> = {
  'an HTML page': { status: 200, type: 'text/html', body: '<html><body>It works!</body></html>' },
  'an empty 200': { status: 200, type: undefined, body: '' },
};
const NOT_FOUND_PAGE: Answer = {
  status: 404,
  type: 'text/html',
  body: '<html><body>Not Found</body></html>',
};

let directory: string;
const servers: Server[] = [];
const NOT_JSS =
  /^jss: http:\/\/127\.0\.0\.1:\d+ does not answer like JSS: .+ \[TRANSPORT_INVALID_RESPONSE\]\n$/;

/** A web server that answers every request with the same status, type and body (no body to a HEAD). */
async function startPlainServer(answer: Answer): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(answer.status, answer.type === undefined ? {} : { 'content-type': answer.type });
    response.end(request.method === 'HEAD' ? undefined : answer.body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * `python3 -m http.server`'s answers: a 301 without a body to GET and HEAD (a directory without its trailing
 * slash), a 501 HTML page to any other method.
 */
async function startStaticFileServer(): Promise<string> {
  const server = createServer((request, response) => {
    request.resume();
    if (request.method === 'GET' || request.method === 'HEAD') {
      response.writeHead(301, { location: `${request.url}/`, 'content-length': 0 });
      response.end();
      return;
    }
    const page = '<html><body><h1>Error response</h1><p>Error code: 501</p></body></html>';
    response.writeHead(501, { 'content-type': 'text/html;charset=utf-8', 'content-length': page.length });
    response.end(page);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'jsskit-cli-not-jss-'));
});

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

describe.each(Object.entries(ANSWERS))('jss against a web server that answers %s', (name, answer) => {
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { JSS_ENDPOINT: await startPlainServer(answer), JSS_ACCESS_KEY: 'AK', JSS_SECRET_KEY: 'SK' };
  });

  it.each([
    [['ls']],
    [['ls', 'jss://photos']],
    [['stat', 'jss://photos/cat.jpg']],
    [['--json', 'stat', 'jss://photos/cat.jpg']],
    [['cp', 'jss://photos/cat.jpg', '-']],
  ])('says the endpoint does not answer like JSS, exit 4, for %j', async (args) => {
    const run = await runCli(args, env);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(NOT_JSS);
  });

  it('claims no checksum mismatch on an upload the server answered without an ETag', async () => {
    const source = join(directory, 'upload.txt');
    await writeFile(source, 'hello, jss\n');
    const run = await runCli(['-q', 'cp', source, 'jss://photos/upload.txt'], env);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(NOT_JSS);
    expect(run.stderr).not.toMatch(/CHECKSUM|never arrived intact/);
  });

  it('claims no checksum mismatch on a download, and leaves no file', async () => {
    const target = join(directory, `${name.replaceAll(' ', '-')}.jpg`);
    const run = await runCli(['cp', 'jss://photos/cat.jpg', target], env);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('does not answer like JSS');
    expect(run.stderr).not.toMatch(/CHECKSUM|do not match|bytes of a/);
    expect((await readdir(directory)).filter((file) => file.startsWith(name.replaceAll(' ', '-')))).toEqual(
      [],
    );
  });
});

describe('jss against a web server that answers an HTML 404 page', () => {
  it.each([
    [['ls']],
    [['ls', 'jss://photos']],
    [['uploads', 'jss://photos']],
    [['cp', 'jss://photos/cat.jpg', '-']],
  ])('says the endpoint does not answer like JSS, exit 4, for %j', async (args) => {
    const env = {
      JSS_ENDPOINT: await startPlainServer(NOT_FOUND_PAGE),
      JSS_ACCESS_KEY: 'AK',
      JSS_SECRET_KEY: 'SK',
    };
    const run = await runCli(args, env);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(NOT_JSS);
  });
});

describe('jss against a static file server (301 without a body, 501 pages)', () => {
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { JSS_ENDPOINT: await startStaticFileServer(), JSS_ACCESS_KEY: 'AK', JSS_SECRET_KEY: 'SK' };
    await writeFile(join(directory, 'small.bin'), 'hello, jss\n');
    await writeFile(join(directory, 'big.bin'), Buffer.alloc(3 * 1024 * 1024 + 1));
  });

  it.each([
    [['ls', 'jss://bkt']],
    [['stat', 'jss://bkt/k']],
    [['mb', 'jss://bkt']],
    [['rm', 'jss://bkt/k']],
    [['rb', 'jss://bkt']],
    [['-q', 'cp', 'small.bin', 'jss://bkt/k']],
    [['-q', 'cp', 'big.bin', 'jss://bkt/k', '--part-size', '1MiB', '--no-resume']],
    [['cp', 'jss://bkt/k', '-']],
  ])('says the endpoint does not answer like JSS, exit 4, for %j', async (args) => {
    const paths = args.map((arg) => (arg.endsWith('.bin') ? join(directory, arg) : arg));
    const run = await runCli(paths, env);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(NOT_JSS);
    expect(run.stderr).not.toMatch(/HTTP_\d+/);
  });
});

describe('jss against JSS answering errors without a body', () => {
  it('keeps a 503 to a HEAD a service error, and a 404 to a HEAD NoSuchKey: JSS sends its request id', async () => {
    const cli = await startCliServer('cli-not-jss-head', 16);
    try {
      await runCli(['mb', 'jss://somewhere'], cli.env);
      const missing = await runCli(['stat', 'jss://somewhere/k'], cli.env);
      expect(missing.code).toBe(3);
      expect(missing.stderr).toMatch(/^jss: [^\n]+ \[NoSuchKey\]\n$/);
      // The same bare 404 in a bucket that does not exist: a HeadBucket tells them apart.
      const nowhere = await runCli(['stat', 'jss://nowhere/k'], cli.env);
      expect(nowhere.code).toBe(3);
      expect(nowhere.stderr).toMatch(/^jss: [^\n]+ \[NoSuchBucket\]\n$/);
      cli.server.faults.add({
        operation: 'HeadObject',
        times: Number.POSITIVE_INFINITY,
        action: { type: 'error', status: 503, code: 'ServiceUnavailable' },
      });
      const busy = await runCli(['stat', 'jss://nowhere/k'], cli.env);
      expect(busy.code).toBe(3);
      expect(busy.stderr).toMatch(/^jss: [^\n]+ \[HTTP_503\]\n$/);
    } finally {
      await cli.close();
    }
  });
});

// @jsskit/multipart/web in Debian's Chromium (headless, launched directly: a DevTools client such as
// Playwright copies every request body over its protocol and slows uploads several times over). A File of
// JSS_BENCH_BROWSER_MIB MiB (default 256) made in the page is uploaded with default settings into the local
// server, next to one fetch PUT of the same bytes without any MD5 (the browser's curl -T) in the same run;
// once on a page that may compile WebAssembly (MD5 in hash-wasm) and once on a page whose
// Content-Security-Policy forbids it (MD5 in @noble/hashes, what the web entry used before hash-wasm).
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { createTransport } from '../packages/http-transport/dist/index.js';
import { startLocalServer } from '../packages/local-server/dist/index.js';
import { presignUrlSync } from '../packages/signer/dist/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PAGES = {
  open: '',
  'strict CSP': `<meta http-equiv="Content-Security-Policy" content="script-src 'unsafe-inline'">`,
};

async function pageScript() {
  const result = await build({
    entryPoints: [new URL('./browser-upload-page.js', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text.replaceAll('</script', '<\\/script');
}

/** Opens `url` in a fresh headless Chromium until the page has PUT its figures as `result-<tag>`. */
async function runPage(transport, url, tag, directory) {
  const profile = await mkdtemp(join(directory, 'profile-'));
  const args = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];
  const browser = spawn(CHROMIUM, [...args, `--user-data-dir=${profile}`, url], { stdio: 'ignore' });
  try {
    for (const started = Date.now(); Date.now() - started < 300_000; ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const found = await transport
        .send({ method: 'GET', bucket: 'bench', key: `result-${tag}` })
        .catch(() => undefined);
      if (found === undefined) continue;
      const figures = JSON.parse(Buffer.from(found.body).toString('utf8'));
      if (figures.error !== undefined) throw new Error(`the page failed: ${figures.error}`);
      return figures;
    }
    throw new Error('the page reported nothing in 5 minutes');
  } finally {
    browser.kill();
    if (browser.exitCode === null && browser.signalCode === null) await once(browser, 'exit');
  }
}

export async function runBrowserUploadBench() {
  await promisify(execFile)(process.execPath, [
    new URL('../tooling/scripts/ensure-chromium.mjs', import.meta.url).pathname,
  ]);
  const mebibytes = Number(process.env.JSS_BENCH_BROWSER_MIB ?? 256);
  const directory = await mkdtemp(join(tmpdir(), 'jss-bench-browser-'));
  const server = await startLocalServer({ dataDir: join(directory, 'data') });
  const [credentials] = server.credentials;
  const transport = createTransport({ endpoint: server.endpoint, credentials });
  try {
    await transport.send({ method: 'PUT', bucket: 'bench' });
    const script = await pageScript();
    for (const [name, head] of Object.entries(PAGES))
      await transport.send({
        method: 'PUT',
        bucket: 'bench',
        key: `${name}.html`,
        headers: { 'content-type': 'text/html' },
        body: `<!doctype html>${head}<script>${script}</script>`,
      });
    const rows = [];
    for (let round = 0; round < 3; round++) {
      for (const name of Object.keys(PAGES)) {
        const tag = `${round}-${name.replace(' ', '-')}`;
        const page = `${server.endpoint}/bench/${encodeURIComponent(`${name}.html`)}`;
        const signed = presignUrlSync(
          { method: 'GET', url: page, bucket: 'bench', key: `${name}.html` },
          { credentials },
        );
        const fragment = encodeURIComponent(JSON.stringify({ credentials, mebibytes, tag }));
        const figures = await runPage(transport, `${signed}#${fragment}`, tag, directory);
        rows.push({
          round,
          page: name,
          'MD5 in': figures.wasm ? 'hash-wasm' : '@noble/hashes',
          'one fetch PUT MiB/s (no MD5)': Math.round(mebibytes / figures.single),
          'multipart MiB/s': Math.round(mebibytes / figures.multipart),
        });
      }
    }
    console.log(`\n== @jsskit/multipart/web in Chromium: a ${mebibytes} MiB File, default settings ==`);
    console.table(rows);
    const best = (engine) =>
      Math.max(...rows.filter((row) => row['MD5 in'] === engine).map((row) => row['multipart MiB/s']));
    const single = Math.max(...rows.map((row) => row['one fetch PUT MiB/s (no MD5)']));
    const wasm = best('hash-wasm');
    console.log(
      `multipart with hash-wasm / with @noble/hashes = ${(wasm / best('@noble/hashes')).toFixed(2)}x; ` +
        `multipart with hash-wasm / one fetch PUT = ${(wasm / single).toFixed(2)}`,
    );
    return { name: 'browser multipart (hash-wasm) vs one fetch PUT', ratio: wasm / single };
  } finally {
    await transport.close();
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}

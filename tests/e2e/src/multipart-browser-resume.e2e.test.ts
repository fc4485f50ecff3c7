// @jsskit/multipart/web in a real browser: Debian's Chromium, driven by playwright-core, runs the bundled
// engine against the local server. A File checkpointed in IndexedDB survives a page reload in the middle of
// its upload and goes on from the parts confirmed before it; a second tab is locked out of the same upload
// until the first tab goes away; the same name, size and lastModified with other bytes is refused.
// The page is served at the local server's own origin (by a Playwright route), so every upload request is a
// same-origin fetch to the real server.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Credentials, signRemoteRequestSync } from '@jsskit/signer';
import { build } from 'esbuild';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsskitPage, PageUploadOutcome, PageUploadRequest } from '../helpers/browser-page-app.ts';
import { type LocalFixture, startLocalFixture } from '../helpers/local-fixture.ts';

const here = dirname(fileURLToPath(import.meta.url));
const MiB = 1024 * 1024;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BUCKET = 'browser';
let fixture: LocalFixture;
let browser: Browser;
let bundle: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's chromium package or set CHROMIUM_PATH`);
  const result = await build({
    entryPoints: [join(here, '../helpers/browser-page-app.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    conditions: ['@jsskit/source'],
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]?.text ?? '';
  fixture = await startLocalFixture({ name: 'browser-resume', bucket: BUCKET });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await fixture?.close();
});

/**
 * A browser profile whose pages load the engine at the server's origin and fetch `files` from it; `csp` is
 * the page's Content-Security-Policy header.
 */
async function newProfile(files: Record<string, Uint8Array>, csp?: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.route(`${fixture.server.endpoint}/__test/**`, async (route) => {
    const name = new URL(route.request().url()).pathname.slice('/__test/'.length);
    if (name === 'page.html')
      return route.fulfill({
        contentType: 'text/html',
        headers: csp === undefined ? {} : { 'content-security-policy': csp },
        body: '<!doctype html><script src="app.js"></script>',
      });
    if (name === 'app.js') return route.fulfill({ contentType: 'text/javascript', body: bundle });
    if (name === 'sign') return route.fulfill(signForPage(route.request().postData()));
    const file = files[name];
    if (file === undefined) return route.fulfill({ status: 404 });
    return route.fulfill({ contentType: 'application/octet-stream', body: Buffer.from(file) });
  });
  return context;
}

// The app's signing endpoint: it holds the secret and signs what a page may do, uploads under `signed/`.
const signedKeys: string[] = [];
function signForPage(body: string | null): { status: number; contentType: string; body: string } {
  try {
    const signature = signRemoteRequestSync(JSON.parse(body ?? 'null'), {
      credentials: fixture.server.credentials[0] as Credentials,
      allow: (request) => request.bucket === BUCKET && request.key?.startsWith('signed/') === true,
    });
    signedKeys.push(JSON.parse(body ?? '{}').key);
    return { status: 200, contentType: 'application/json', body: JSON.stringify(signature) };
  } catch (error) {
    return { status: 403, contentType: 'text/plain', body: (error as Error).message };
  }
}

async function openPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${fixture.server.endpoint}/__test/page.html`);
  await page.waitForFunction(() => 'jsskitPage' in globalThis);
  return page;
}

type PageWindow = typeof globalThis & { jsskitPage: JsskitPage };

function uploadIn(page: Page, request: Partial<PageUploadRequest> & Pick<PageUploadRequest, 'key'>) {
  const full: PageUploadRequest = {
    credentials: fixture.server.credentials[0] as PageUploadRequest['credentials'],
    bucket: BUCKET,
    dataUrl: '/__test/video.bin',
    fileName: 'video.bin',
    lastModified: 1_700_000_000_000,
    partSize: MiB,
    concurrency: 2,
    ...request,
  };
  return page.evaluate((upload) => (globalThis as PageWindow).jsskitPage.upload(upload), full);
}

function checkpointsIn(page: Page) {
  return page.evaluate(() => (globalThis as PageWindow).jsskitPage.checkpointedParts());
}

async function waitForCheckpointedParts(page: Page, atLeast: number, upload: Promise<unknown>) {
  let settled: unknown;
  void upload.then((outcome) => {
    settled = outcome ?? 'settled';
  });
  for (;;) {
    if (settled !== undefined) throw new Error(`the upload ended first: ${JSON.stringify(settled)}`);
    const [checkpoint] = Object.values(await checkpointsIn(page));
    if (checkpoint !== undefined && checkpoint.parts >= atLeast) return checkpoint;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function storedBytes(key: string): Promise<Buffer> {
  return Buffer.from((await fixture.transport.send({ method: 'GET', bucket: BUCKET, key })).body);
}

function expectUploaded(outcome: PageUploadOutcome): asserts outcome is PageUploadOutcome & { ok: true } {
  expect(outcome).toMatchObject({ ok: true });
}

describe('@jsskit/multipart/web in Chromium with IndexedDbCheckpointStore', () => {
  it('keeps checkpoints across connections, locks them exclusively and removes them', async () => {
    const context = await newProfile({});
    const page = await openPage(context);
    const seen = await page.evaluate(() => (globalThis as PageWindow).jsskitPage.exerciseStore());
    expect(seen).toEqual({
      loadedAfterSave: expect.objectContaining({
        uploadId: 'U1',
        parts: [{ partNumber: 1, size: 8, md5: '0'.repeat(32) }],
      }),
      loadedByAnotherConnection: expect.objectContaining({ uploadId: 'U1' }),
      listed: ['one'],
      secondLock: 'MULTIPART_LOCKED',
      lockAfterRelease: 'taken',
      loadedAfterRemove: null,
      otherDatabaseListed: [],
    });
    await context.close();
  });

  it('hashes with @noble/hashes where the page forbids compiling WebAssembly, and still uploads', async () => {
    const data = randomBytes(3 * MiB + 555);
    // A policy strict sites use: scripts from the origin only, no 'wasm-unsafe-eval'.
    const context = await newProfile({ 'video.bin': data }, "script-src 'self'");
    const page = await openPage(context);
    const compiled = await page.evaluate(() =>
      WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
        () => 'compiled',
        (error: Error) => error.name,
      ),
    );
    expect(compiled).toBe('CompileError');
    const outcome = await uploadIn(page, { key: 'strict-csp.bin' });
    expectUploaded(outcome);
    expect(outcome.started.length).toBe(4);
    expect((await storedBytes('strict-csp.bin')).equals(data)).toBe(true);
    await context.close();
  });

  it('uploads with no secret in the page, each attempt signed by a server that refuses other keys', async () => {
    const data = randomBytes(3 * MiB + 99);
    const context = await newProfile({ 'video.bin': data });
    const page = await openPage(context);
    const outcome = await uploadIn(page, { key: 'signed/video.bin', credentials: undefined });
    expectUploaded(outcome);
    expect(outcome.started.length).toBe(4);
    expect((await storedBytes('signed/video.bin')).equals(data)).toBe(true);
    // Initiate, four parts and Complete, each signed by the server.
    expect(signedKeys.filter((key) => key === 'signed/video.bin').length).toBeGreaterThanOrEqual(6);
    const refused = await uploadIn(page, { key: 'elsewhere/video.bin', credentials: undefined });
    expect(refused).toMatchObject({ ok: false, causeCode: 'TRANSPORT_REMOTE_SIGNING' });
    expect(signedKeys).not.toContain('elsewhere/video.bin');
    await context.close();
  });

  it('goes on after a page reload from the parts checkpointed before it, sending only the rest', async () => {
    const data = randomBytes(12 * MiB + 777);
    const context = await newProfile({ 'video.bin': data });
    const page = await openPage(context);
    // Slowed to 3 MiB/s so that the reload lands in the middle of the upload.
    const first = uploadIn(page, { key: 'reload.bin', bytesPerSecond: 3 * MiB }).catch(
      (error: Error) => error,
    );
    const before = await waitForCheckpointedParts(page, 4, first);
    await page.reload();
    await page.waitForFunction(() => 'jsskitPage' in globalThis);
    expect(await first).toBeInstanceOf(Error);
    const after = await checkpointsIn(page);
    expect(Object.values(after)).toEqual([{ uploadId: before.uploadId, parts: expect.any(Number) }]);
    const checkpointed = Object.values(after)[0]?.parts ?? 0;
    expect(checkpointed).toBeLessThan(13);

    const second = await uploadIn(page, { key: 'reload.bin' });
    expectUploaded(second);
    expect(second.uploadId).toBe(before.uploadId);
    expect(second.reused.length).toBe(checkpointed);
    expect(second.resumedBytes).toBe(checkpointed * MiB);
    // Only the parts not checkpointed are sent again, each once.
    expect(second.started.length).toBe(13 - checkpointed);
    expect([...second.reused, ...second.started].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 13 }, (_, index) => index + 1),
    );
    expect(second.checkpointsLeft).toEqual([]);
    expect((await storedBytes('reload.bin')).equals(data)).toBe(true);
    await context.close();
  });

  it('locks a second tab out until the first goes away, and refuses a File whose bytes changed', async () => {
    const data = randomBytes(6 * MiB);
    const changed = Buffer.from(data);
    const middle = Math.floor(data.length / 2);
    changed.writeUInt8(changed.readUInt8(middle) ^ 0xff, middle);
    const context = await newProfile({ 'video.bin': data, 'edited.bin': changed });
    const [tabA, tabB] = [await openPage(context), await openPage(context)];
    const slow = uploadIn(tabA, { key: 'tabs.bin', bytesPerSecond: MiB }).catch((error: Error) => error);
    await waitForCheckpointedParts(tabA, 1, slow);
    expect(await uploadIn(tabB, { key: 'tabs.bin' })).toMatchObject({ ok: false, code: 'MULTIPART_LOCKED' });

    await tabA.close();
    expect(await slow).toBeInstanceOf(Error);
    // Same name, size and lastModified, so the same checkpoint, but the sampled bytes differ.
    expect(await uploadIn(tabB, { key: 'tabs.bin', dataUrl: '/__test/edited.bin' })).toMatchObject({
      ok: false,
      code: 'MULTIPART_SOURCE_CHANGED',
    });
    const resumed = await uploadIn(tabB, { key: 'tabs.bin' });
    expectUploaded(resumed);
    expect(resumed.reused.length).toBeGreaterThanOrEqual(1);
    expect((await storedBytes('tabs.bin')).equals(data)).toBe(true);
    await context.close();
  });
});

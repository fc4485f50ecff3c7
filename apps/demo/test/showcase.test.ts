// The showcase (`pnpm demo`) on a small file, running the built `jss` of @jsskit/cli.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runShowcase } from '../src/showcase/run-showcase.ts';

describe('the showcase', () => {
  it('passes every check on a small file', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const failed = await runShowcase({ sizeBytes: 48 * 1024 * 1024 + 3, out });
    const text = Buffer.concat(chunks).toString();
    expect(text).not.toContain('✗');
    expect(text).toMatch(/16\/16 checks passed/);
    expect(failed).toBe(0);
  });
});

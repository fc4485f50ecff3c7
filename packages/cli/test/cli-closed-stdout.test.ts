import { describe, expect, it } from 'vitest';
import { startCli } from './helpers/run-cli.ts';

// `jss --help | head -1`: the reader goes away before jss has written. Closing our end of the pipe before the
// child has even started makes its first write fail with EPIPE every time.
describe('a stdout whose reader went away', () => {
  it('ends jss quietly with exit 0, not with an unhandled EPIPE stack', async () => {
    const cli = startCli(['--help'], {});
    cli.child.stdout?.destroy();
    const run = await cli.done;
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.code).toBe(0);
  });
});

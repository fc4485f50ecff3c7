import { describe, expect, it } from 'vitest';
import { stopOnSignals } from './stop-on-signals.ts';

describe('stopOnSignals', () => {
  it('aborts on the first signal, ends the process on a second one, and lets go on dispose', () => {
    const exits: number[] = [];
    const before = process.listenerCount('SIGTERM');
    const shutdown = stopOnSignals({
      signals: ['SIGTERM'],
      timeoutMs: 60_000,
      exit: (code) => exits.push(code),
    });
    expect([shutdown.signal.aborted, shutdown.exitCode, shutdown.received]).toEqual([false, 0, undefined]);
    process.emit('SIGTERM', 'SIGTERM');
    expect(shutdown.signal.reason).toMatchObject({
      code: 'MULTIPART_ABORTED',
      message: 'stopped by SIGTERM',
    });
    expect([shutdown.exitCode, shutdown.received, exits]).toEqual([143, 'SIGTERM', []]);
    process.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([143]);
    shutdown.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('ends the process when the uploads take longer than timeoutMs to stop', async () => {
    const exits: number[] = [];
    const shutdown = stopOnSignals({ signals: ['SIGINT'], timeoutMs: 20, exit: (code) => exits.push(code) });
    process.emit('SIGINT', 'SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(exits).toEqual([130]);
    shutdown.dispose();
  });

  it('refuses a timeout that is not a positive integer', () => {
    expect(() => stopOnSignals({ timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});

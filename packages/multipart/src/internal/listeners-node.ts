import { setMaxListeners } from 'node:events';

/**
 * Tells Node that `count` 'abort' listeners on `signal` are expected: every part in flight listens on the
 * upload's own signal (its request, its slow-part timer, its waits), so above ten parts Node's leak warning
 * would be a false alarm.
 */
export function expectListeners(signal: AbortSignal, count: number): void {
  setMaxListeners(Math.max(10, count), signal);
}

import type { HttpAdapter } from '../adapter.ts';
import { createFetchAdapter } from '../adapters/fetch-adapter.ts';

/** Outside Node the default adapter is fetch. */
export function createDefaultAdapter(): HttpAdapter {
  return createFetchAdapter();
}

import type { HttpAdapter } from '../adapter.ts';
import { createNodeAdapter } from '../adapters/node-adapter.ts';

/** On Node the default adapter is node:http with keep-alive. */
export function createDefaultAdapter(): HttpAdapter {
  return createNodeAdapter();
}

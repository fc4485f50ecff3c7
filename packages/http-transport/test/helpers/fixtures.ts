// The package's public API, as tests use it.
export * from '../../src/index.ts';
export type { TestServer as TestServerHandle } from './test-server.ts';

// The Node adapter, in its own entry so that browser bundles never see node:http.
export { createNodeAdapter, type NodeAdapterOptions } from './adapters/node-adapter.ts';

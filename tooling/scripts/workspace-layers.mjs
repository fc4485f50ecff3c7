/**
 * The allowed internal edges between workspace packages (layers point one way, CONTRIBUTING.md). Anything not
 * listed is forbidden.
 * `*` means any workspace package.
 */
export const ALLOWED_INTERNAL_DEPENDENCIES = {
  '@jsskit/signer': [],
  '@jsskit/wire-types': [],
  '@jsskit/http-transport': ['@jsskit/signer'],
  '@jsskit/client': ['@jsskit/http-transport', '@jsskit/wire-types'],
  '@jsskit/multipart': ['@jsskit/client', '@jsskit/http-transport', '@jsskit/wire-types'],
  '@jsskit/local-server': ['@jsskit/signer', '@jsskit/wire-types'],
  '@jsskit/sync': ['@jsskit/client', '@jsskit/multipart', '@jsskit/http-transport', '@jsskit/wire-types'],
  // The `jss` command is where the layers meet: it runs the client stack, and `jss serve` the local server.
  '@jsskit/cli': [
    '@jsskit/client',
    '@jsskit/http-transport',
    '@jsskit/local-server',
    '@jsskit/multipart',
    '@jsskit/signer',
    '@jsskit/sync',
    '@jsskit/wire-types',
  ],
};

/**
 * Internal packages a package may list in devDependencies for its tests only (a real server to test
 * against): never imported by shipped source, and referenced from tsconfig.test.json, not tsconfig.json.
 */
export const ALLOWED_TEST_DEPENDENCIES = {
  '@jsskit/client': ['@jsskit/local-server'],
  '@jsskit/multipart': ['@jsskit/local-server'],
  '@jsskit/sync': ['@jsskit/local-server'],
};

/** Private workspaces (apps, cross-package tests) may import any package. */
export const UNRESTRICTED_DIRECTORIES = ['apps', 'tests'];

/**
 * The allowed internal edges between workspace packages (style guide §1.10). Anything not listed is forbidden.
 * `*` means any workspace package.
 */
export const ALLOWED_INTERNAL_DEPENDENCIES = {
  '@jsskit/signer': [],
  '@jsskit/wire-types': [],
  '@jsskit/http-transport': ['@jsskit/signer'],
  '@jsskit/multipart': ['@jsskit/http-transport', '@jsskit/wire-types'],
  '@jsskit/local-server': ['@jsskit/signer', '@jsskit/wire-types'],
};

/** Private workspaces (apps, cross-package tests) may import any package. */
export const UNRESTRICTED_DIRECTORIES = ['apps', 'tests'];

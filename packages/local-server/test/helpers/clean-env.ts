/**
 * The environment for a child process a test starts: the parent's, minus every `JSS_*` variable (keys, an
 * endpoint, a data or checkpoint directory exported in the developer's shell) and HOME, so that nothing in
 * the child reads the user's configuration. `extra` is added on top.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('JSS_') && name !== 'HOME') env[name] = value;
  return { ...env, ...extra };
}

import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where `jss cp` keeps upload checkpoints: --checkpoint-dir, JSS_CHECKPOINT_DIR, or ~/.jss/checkpoints. */
export function checkpointDirectory(given: string | undefined, env: NodeJS.ProcessEnv): string {
  return resolve(given ?? env.JSS_CHECKPOINT_DIR ?? join(homedir(), '.jss', 'checkpoints'));
}

export const CHECKPOINT_DIR_HELP =
  'where upload checkpoints live (env JSS_CHECKPOINT_DIR, default ~/.jss/checkpoints)';

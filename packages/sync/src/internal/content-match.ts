import { planUpload } from '@jsskit/multipart';
import type { HashCache } from './hash-cache.ts';
import type { RemoteObject } from './list-remote.ts';
import { hashFile } from './local-etags.ts';
import type { LocalFile } from './walk-directory.ts';

const MiB = 1024 * 1024;
/** Part sizes other tools and older settings use, tried when the usual layouts do not match. */
const OTHER_PART_SIZES = [5 * MiB, 10 * MiB, 16 * MiB, 32 * MiB, 64 * MiB];
const SUFFIXED_ETAG = /^([0-9a-f]{32})-(\d+)$/;

/** What a comparison needs besides the file and the object. */
export interface MatchContext {
  readonly cache: HashCache;
  readonly partSize: number | undefined;
  readonly signal: AbortSignal | undefined;
}

/** Part sizes that give `size` bytes more than one part, in the order to try: the engine's layout first. */
function candidateLayouts(
  size: number,
  partSize: number | undefined,
  partCount: number | undefined,
): number[][] {
  // The engine's part size for a request (its default when undefined), as its planner raises it.
  const layoutFor = (requested: number | undefined) => planUpload({ size, partSize: requested }).partSize;
  const first = [layoutFor(partSize), layoutFor(undefined)];
  const others = OTHER_PART_SIZES.map(layoutFor);
  if (partCount !== undefined && partCount > 0) {
    // An `<md5>-N` ETag: the part size is one that gives N parts, likely a whole number of MiB.
    const fitting = Math.ceil(Math.ceil(size / partCount) / MiB) * MiB;
    others.unshift(fitting, Math.ceil(size / partCount));
  }
  const isMultipart = (part: number) =>
    size > part && (partCount === undefined || Math.ceil(size / part) === partCount);
  const firstPass = [0, ...new Set(first.filter(isMultipart))];
  const secondPass = [...new Set(others.filter(isMultipart))].filter((part) => !firstPass.includes(part));
  return [firstPass, secondPass];
}

/**
 * Whether a local file holds the object's bytes: same size, and its MD5 or its multipart ETag for a part
 * layout the upload could have used equals the object's ETag (protocol §8.5). What is computed is cached.
 */
export async function isSameContent(
  file: LocalFile,
  remote: RemoteObject,
  context: MatchContext,
): Promise<boolean> {
  if (file.size !== remote.size) return false;
  const suffixed = SUFFIXED_ETAG.exec(remote.etag);
  const target = suffixed?.[1] ?? remote.etag;
  const partCount = suffixed === null ? undefined : Number(suffixed[2]);
  const cached = context.cache.lookup(file);
  if (cached?.known.includes(target) === true) return true;
  for (const pass of candidateLayouts(file.size, context.partSize, partCount)) {
    const missing = pass.filter((layout) => !(cached?.computed ?? []).includes(layout));
    if (missing.length === 0) continue;
    const etags = await hashFile(
      file.path,
      { size: file.size, withMd5: missing.includes(0), partSizes: missing.filter((layout) => layout > 0) },
      context.signal,
    );
    const found = [...(etags.md5 === undefined ? [] : [etags.md5]), ...etags.multipart.values()];
    context.cache.remember(file, found, missing);
    if (found.includes(target)) return true;
  }
  return false;
}

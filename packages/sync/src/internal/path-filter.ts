import picomatch from 'picomatch';

/** Whether a relative path (`/`-separated) is selected by the include and exclude globs. */
export type PathFilter = (relative: string) => boolean;

/** Builds the filter: selected when some include matches (or there are none) and no exclude does. */
export function createPathFilter(
  include: readonly string[] | undefined,
  exclude: readonly string[] | undefined,
): PathFilter {
  const matchOptions = { dot: true };
  const isIncluded =
    include === undefined || include.length === 0 ? () => true : picomatch([...include], matchOptions);
  const isExcluded =
    exclude === undefined || exclude.length === 0 ? () => false : picomatch([...exclude], matchOptions);
  return (relative) => isIncluded(relative) && !isExcluded(relative);
}

import type { BucketReferer } from '@jsskit/wire-types';

/** What a bucket answers when no rules were ever put (§7.5): an empty ALLOW list, which lets everything in. */
export const DEFAULT_BUCKET_REFERER: BucketReferer = { AllowNull: false, Effect: 'ALLOW', Value: [] };

function patternToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

function hostOf(referer: string): string | undefined {
  try {
    return new URL(referer).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Whether one pattern matches a Referer. A pattern with `://` is matched against the whole Referer URL, any
 * other against its host name (no port); `*` stands for any run of characters, case does not matter
 * (docs/adr/0026).
 */
export function matchesReferer(pattern: string, referer: string): boolean {
  const subject = pattern.includes('://') ? referer : hostOf(referer);
  return subject !== undefined && patternToRegExp(pattern).test(subject);
}

/**
 * Whether a bucket's referer rules let a request with this Referer header read an object (docs/adr/0026). An
 * empty list protects nothing. Otherwise a missing or empty Referer passes exactly when `AllowNull`; a
 * present one passes under ALLOW when a pattern matches it, under DENIED when none does.
 */
export function isRefererAllowed(rules: BucketReferer, referer: string | undefined): boolean {
  if (rules.Value.length === 0) return true;
  if (referer === undefined || referer === '') return rules.AllowNull;
  const isListed = rules.Value.some((pattern) => matchesReferer(pattern, referer));
  return rules.Effect === 'ALLOW' ? isListed : !isListed;
}

/**
 * Compares two signatures without an early exit on the first differing character, so the time taken does not
 * reveal how much of a forged signature was right. Lengths are public (Base64 of a 20-byte digest).
 */
export function constantTimeEqual(left: string, right: string): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index++) {
    difference |= left.charCodeAt(index) ^ right.charCodeAt(index);
  }
  return difference === 0;
}

/** Reads chunks into one buffer, copying each chunk once. Stops (and reports it) past `limit` bytes. */
export async function readAll(
  chunks: AsyncIterable<Uint8Array>,
  limit = Number.POSITIVE_INFINITY,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of chunks) {
    parts.push(chunk);
    total += chunk.byteLength;
    if (total >= limit) break;
  }
  if (parts.length === 1) return parts[0] as Uint8Array;
  const whole = new Uint8Array(Math.min(total, limit));
  let offset = 0;
  for (const part of parts) {
    const room = whole.byteLength - offset;
    whole.set(room < part.byteLength ? part.subarray(0, room) : part, offset);
    offset += Math.min(room, part.byteLength);
  }
  return whole;
}

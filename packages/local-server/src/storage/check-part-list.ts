import { ServiceError } from '../internal/service-error.ts';
import type { PartRecord } from './records.ts';
import type { ListedPart, OpenUpload } from './upload-store.ts';

/** The parts a Complete names, checked (§9.3): ascending, known, matching ETags, none too small but the last. */
export function checkPartList(
  upload: OpenUpload,
  listed: readonly ListedPart[],
  minPartSize: number,
): PartRecord[] {
  const parts: PartRecord[] = [];
  for (const [index, item] of listed.entries()) {
    const previous = listed[index - 1];
    if (previous !== undefined && item.PartNumber <= previous.PartNumber) {
      throw new ServiceError('InvalidPartOrder', 'The list of parts was not in ascending order');
    }
    const part = upload.parts.get(item.PartNumber);
    if (part === undefined || part.etag !== item.ETag) {
      throw new ServiceError(
        'InvalidPart',
        `Part ${item.PartNumber} was not found or its ETag does not match`,
      );
    }
    parts.push(part);
  }
  for (const part of parts.slice(0, -1)) {
    if (part.size < minPartSize) {
      throw new ServiceError(
        'EntityTooSmall',
        `Part ${part.partNumber} is smaller than the minimum part size ${minPartSize}`,
      );
    }
  }
  return parts;
}

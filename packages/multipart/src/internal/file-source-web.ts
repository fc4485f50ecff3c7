import { MultipartError } from '../errors.ts';
import type { RandomAccessSource } from '../sources/upload-source.ts';

/** Outside Node there is no file system to read a path from: pass a Blob (a File is one) instead. */
export async function openFile(path: string): Promise<RandomAccessSource> {
  throw new MultipartError(
    'MULTIPART_INVALID_OPTIONS',
    `a file path (${path}) can only be uploaded on Node; in a browser pass the File or Blob itself`,
  );
}

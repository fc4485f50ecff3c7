import type { UploadEntry } from '@jsskit/client';
import type { UploadSummary } from '@jsskit/wire-types';

// The client parses listings into its entries (dates as Date, ETags unquoted). This package's listing
// functions still return the wire's shape, which the CLI prints; these rebuild it from the entries. JSS
// writes these dates as HTTP dates (`Mon, 17 Jul 2017 12:12:17 GMT`), which `toUTCString` gives back.

/** An upload as ListMultipartUploads names its fields. */
export function uploadSummaryOf(upload: UploadEntry): UploadSummary {
  return {
    Key: upload.key,
    UploadId: upload.uploadId,
    Initiated: upload.initiated.toUTCString(),
    'Enable-Encryption': upload.encrypted,
    StorageClass: upload.storageClass,
  };
}

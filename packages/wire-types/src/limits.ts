const GiB = 1024 ** 3;

/**
 * Service limits of JSS (protocol §9.7 and §10). "5 GB" is read as 5 GiB: 10000 parts of it give the
 * documented 48.8 TB (TiB) maximum object. The minimum part size is not documented and so is not here.
 */
export const JSS_LIMITS = {
  minPartNumber: 1,
  maxPartNumber: 10_000,
  maxPartSize: 5 * GiB,
  maxSinglePutSize: 5 * GiB,
  maxObjectSize: 10_000 * 5 * GiB,
  maxKeyBytes: 1022,
  minBucketNameLength: 3,
  maxBucketNameLength: 63,
  defaultMaxKeys: 1000,
  maxMaxKeys: 1000,
  maxListedParts: 10_000,
  maxListedUploads: 10_000,
  bucketsPerRegion: 10,
  maxClockSkewMs: 15 * 60 * 1000,
} as const;

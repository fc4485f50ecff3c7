import * as z from 'zod/mini';

/** The storage classes a request may ask for (protocol §1). */
export const STORAGE_CLASSES = ['STANDARD', 'REDUCED_REDUNDANCY'] as const;

/** A storage class in a request header: only the documented values. */
export const StorageClassSchema = z.enum(STORAGE_CLASSES);
export type StorageClass = z.infer<typeof StorageClassSchema>;

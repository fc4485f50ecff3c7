import { describe, expect, it } from 'vitest';
import { WireParseError } from './errors.ts';
import {
  ObjectAttributeHeadersSchema,
  objectAttributeHeaders,
  ServerSideEncryptionHeaderSchema,
} from './object-headers.ts';
import type { StorageClass } from './storage-class.ts';

describe('objectAttributeHeaders', () => {
  it('sends encryption as the boolean the protocol documents, never an algorithm name', () => {
    expect(objectAttributeHeaders({ encrypt: true })).toEqual({ 'x-jss-server-side-encryption': 'true' });
    expect(ServerSideEncryptionHeaderSchema.safeParse('AES256').success).toBe(false);
  });

  it('leaves out what is not asked for, so the server applies its defaults', () => {
    expect(objectAttributeHeaders({ encrypt: false })).toEqual({});
    expect(objectAttributeHeaders({})).toEqual({});
  });

  it('builds every attribute, and what it builds passes the schema the server reads with', () => {
    const headers = objectAttributeHeaders({
      contentType: 'text/plain',
      storageClass: 'REDUCED_REDUNDANCY',
      encrypt: true,
    });
    expect(headers).toEqual({
      'content-type': 'text/plain',
      'x-jss-storage-class': 'REDUCED_REDUNDANCY',
      'x-jss-server-side-encryption': 'true',
    });
    expect(ObjectAttributeHeadersSchema.parse(headers)).toEqual(headers);
  });

  it('refuses an unknown storage class and an empty content type with a typed error', () => {
    const unknownClass = () => objectAttributeHeaders({ storageClass: 'GLACIER' as StorageClass });
    expect(unknownClass).toThrow(WireParseError);
    expect(unknownClass).toThrow(/x-jss-storage-class/);
    expect(() => objectAttributeHeaders({ contentType: '' })).toThrow(/content-type/);
    expect(() => objectAttributeHeaders({ contentType: 'тип/x' })).toThrow(/printable ASCII/);
    expect(() => objectAttributeHeaders({ contentType: 'text/plain\n' })).toThrow(/printable ASCII/);
  });
});

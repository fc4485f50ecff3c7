import { describe, expect, it } from 'vitest';
import { canonicalizeHeaders } from './canonical-headers.ts';

describe('canonicalizeHeaders', () => {
  it('is empty, with no newline, when there is no x-jss header', () => {
    expect(canonicalizeHeaders({ 'Content-Type': 'text/plain', 'x-amz-date': 'x' })).toBe('');
  });

  it('lower-cases names, sorts them and trims values around the colon', () => {
    expect(
      canonicalizeHeaders({
        'X-JSS-Storage-Class': ' STANDARD',
        'x-jss-server-side-encryption': '  false  ',
      }),
    ).toBe('x-jss-server-side-encryption:false\nx-jss-storage-class:STANDARD\n');
  });

  it('keeps whitespace inside a value', () => {
    expect(canonicalizeHeaders({ 'x-jss-meta-note': ' a  b ' })).toBe('x-jss-meta-note:a  b\n');
  });

  it('comma-joins repeated headers, from arrays and from names differing only in case', () => {
    expect(canonicalizeHeaders({ 'x-jss-a': ['1', '2'], 'X-Jss-B': '3', 'x-jss-b': '4' })).toBe(
      'x-jss-a:1,2\nx-jss-b:3,4\n',
    );
  });

  it('reads WHATWG Headers and numbers, and skips undefined values', () => {
    expect(canonicalizeHeaders(new Headers({ 'X-Jss-Z': '1', 'X-Jss-A': '2' }))).toBe(
      'x-jss-a:2\nx-jss-z:1\n',
    );
    expect(canonicalizeHeaders({ 'x-jss-n': 5, 'x-jss-u': undefined })).toBe('x-jss-n:5\n');
  });
});

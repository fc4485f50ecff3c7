import { describe, expect, it } from 'vitest';
import { parseFailure } from '../test/helpers/parse-failure.ts';
import {
  BucketRefererSchema,
  bucketRefererQueryParameters,
  encodeBucketRefererQuery,
  parseBucketRefererQuery,
} from './bucket-referer.ts';
import { parseResponseBody } from './parse-body.ts';

describe('BucketRefererSchema', () => {
  it('reads the documented example body', () => {
    const body = '{"AllowNull":false,"Effect":"ALLOW","Value":["www.abc.com","www.*.com"]}';
    expect(parseResponseBody('GetBucketReferer', body)).toEqual({
      AllowNull: false,
      Effect: 'ALLOW',
      Value: ['www.abc.com', 'www.*.com'],
    });
  });

  it('reads a null Value as an empty list and keeps unknown fields', () => {
    const body = BucketRefererSchema.parse({ AllowNull: true, Effect: 'DENIED', Value: null, Extra: 1 });
    expect(body).toEqual({ AllowNull: true, Effect: 'DENIED', Value: [], Extra: 1 });
  });

  it('rejects an unknown Effect', () => {
    expect(BucketRefererSchema.safeParse({ AllowNull: true, Effect: 'MAYBE', Value: [] }).success).toBe(
      false,
    );
  });
});

describe('encodeBucketRefererQuery', () => {
  it('writes the three parameters with the list as URL-encoded JSON', () => {
    const query = encodeBucketRefererQuery({
      Effect: 'ALLOW',
      RefererList: ['www.*.com'],
      IsAllowNull: false,
    });
    expect(query).toBe('bucketReferer&Effect=ALLOW&RefererList=%5B%22www.*.com%22%5D&IsAllowNull=false');
  });

  it('throws a WireParseError for a bad Effect', () => {
    const error = parseFailure(() =>
      encodeBucketRefererQuery({ Effect: 'NO' as 'ALLOW', RefererList: [], IsAllowNull: true }),
    );
    expect(error.issues[0]?.path).toBe('Effect');
  });
});

describe('parseBucketRefererQuery', () => {
  it('reads what encodeBucketRefererQuery writes', () => {
    const rules = { Effect: 'DENIED', RefererList: ['a.com', 'b.*.net'], IsAllowNull: true } as const;
    const params = new URLSearchParams(encodeBucketRefererQuery(rules));
    expect(parseBucketRefererQuery(params)).toEqual(rules);
  });

  it.each([
    ['a missing Effect', 'RefererList=[]&IsAllowNull=true', 'Effect'],
    ['a missing RefererList', 'Effect=ALLOW&IsAllowNull=true', 'RefererList'],
    ['a missing IsAllowNull', 'Effect=ALLOW&RefererList=[]', 'IsAllowNull'],
    ['a lower-case Effect', 'Effect=allow&RefererList=[]&IsAllowNull=true', 'Effect'],
    ['a list of numbers', 'Effect=ALLOW&RefererList=[1]&IsAllowNull=true', 'RefererList.0'],
    ['a JSON object', 'Effect=ALLOW&RefererList={}&IsAllowNull=true', 'RefererList'],
    ['an IsAllowNull of yes', 'Effect=ALLOW&RefererList=[]&IsAllowNull=yes', 'IsAllowNull'],
  ])('names the parameter when given %s', (_name, query, path) => {
    const error = parseFailure(() => parseBucketRefererQuery(new URLSearchParams(query)));
    expect(error.issues[0]?.path).toBe(path);
  });

  it('reports a RefererList that is not JSON as malformed', () => {
    const params = new URLSearchParams('Effect=ALLOW&RefererList=[a.com]&IsAllowNull=true');
    expect(parseFailure(() => parseBucketRefererQuery(params)).code).toBe('WIRE_MALFORMED_JSON');
  });
});

describe('bucketRefererQueryParameters', () => {
  it('gives the parameters encodeBucketRefererQuery writes, in order and unencoded', () => {
    const rules = { Effect: 'DENIED' as const, RefererList: ['www.*.com', 'a b'], IsAllowNull: true };
    expect(bucketRefererQueryParameters(rules)).toEqual([
      ['bucketReferer', undefined],
      ['Effect', 'DENIED'],
      ['RefererList', '["www.*.com","a b"]'],
      ['IsAllowNull', 'true'],
    ]);
    expect(encodeBucketRefererQuery(rules)).toBe(
      `bucketReferer&Effect=DENIED&RefererList=${encodeURIComponent('["www.*.com","a b"]')}&IsAllowNull=true`,
    );
  });
});

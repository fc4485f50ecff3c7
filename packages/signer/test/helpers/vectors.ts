import { readFileSync } from 'node:fs';
import type { Credentials, HeaderInput } from '../../src/index.ts';

type Named<T> = Omit<T, 'credentials'> & { credentials: string };

interface VectorFile {
  credentials: Record<string, Credentials>;
  header: Named<HeaderVector>[];
  presigned: Named<PresignedVector>[];
}

export interface HeaderVector {
  name: string;
  credentials: Credentials;
  request: { method: string; bucket?: string; key?: string; query?: string; headers?: HeaderInput };
  date: string;
  stringToSign: string;
  signature: string;
}

export interface PresignedVector {
  name: string;
  credentials: Credentials;
  request: { method: string; url: string; bucket: string; key: string };
  expires: number;
  signature: string;
  urlSignature: string;
}

const file = JSON.parse(
  readFileSync(new URL('../fixtures/signature-vectors.json', import.meta.url), 'utf8'),
) as VectorFile;

function credentialsOf(name: string): Credentials {
  const credentials = file.credentials[name];
  if (credentials === undefined) throw new Error(`vector file names unknown credentials ${name}`);
  return credentials;
}

/** The header-signature vectors with their credentials resolved. */
export const headerVectors: HeaderVector[] = file.header.map((v) => ({
  ...v,
  credentials: credentialsOf(v.credentials),
}));

/** The presigned-URL vectors with their credentials resolved. */
export const presignedVectors: PresignedVector[] = file.presigned.map((v) => ({
  ...v,
  credentials: credentialsOf(v.credentials),
}));

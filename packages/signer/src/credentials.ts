import { SignerError } from './errors.ts';

/** An access key pair. The secret is used only as the HMAC key and never appears in output or errors. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Returns credentials on demand, for keys that rotate (STS-style). Called once per signature. */
export type CredentialsProvider = () => Promise<Credentials>;

/**
 * Checks that a key pair can be written into an Authorization header.
 * @throws {SignerError} `SIGNER_INVALID_CREDENTIALS` when a field is empty or the key id holds `:` or spaces.
 */
export function assertCredentials(credentials: Credentials): Credentials {
  const { accessKeyId, secretAccessKey } = credentials ?? {};
  if (typeof accessKeyId !== 'string' || accessKeyId === '' || /[\s:]/.test(accessKeyId)) {
    throw new SignerError(
      'SIGNER_INVALID_CREDENTIALS',
      'accessKeyId must be a non-empty string without spaces or ":"',
    );
  }
  if (typeof secretAccessKey !== 'string' || secretAccessKey === '') {
    throw new SignerError('SIGNER_INVALID_CREDENTIALS', 'secretAccessKey must be a non-empty string');
  }
  return credentials;
}

/** Resolves a value or a provider to checked credentials. */
export async function resolveCredentials(source: Credentials | CredentialsProvider): Promise<Credentials> {
  const credentials = typeof source === 'function' ? await source() : source;
  return assertCredentials(credentials);
}

import { TransportError } from '@jsskit/http-transport';

/**
 * Runs one call and puts the operation's name at the front of a transport error's message
 * (`HeadObject: HEAD /b/k failed with 404`), keeping its class, code and fields.
 */
export async function namedCall<TResult>(operation: string, call: () => Promise<TResult>): Promise<TResult> {
  try {
    return await call();
  } catch (error) {
    if (TransportError.isInstance(error) && !error.message.startsWith(`${operation}: `)) {
      error.message = `${operation}: ${error.message}`;
    }
    throw error;
  }
}

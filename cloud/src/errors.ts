/**
 * Coded HTTP errors. Thrown anywhere in a route, turned into `{ error: { code, message } }` by the
 * central error handler (plugins/error-handler.ts). Messages are plain words a person can act on.
 */
import type { ApiErrorCode } from '@yardguard/firmware-config';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string) => new HttpError(400, 'BAD_REQUEST', message);
export const unauthenticated = (message = 'Please sign in first.') => new HttpError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message: string) => new HttpError(403, 'FORBIDDEN', message);
export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} was not found.`);
export const conflict = (message: string) => new HttpError(409, 'CONFLICT', message);

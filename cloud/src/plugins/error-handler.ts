/**
 * One error handler for HTTP: every failure becomes `{ error: { code, message, fields? } }`.
 * Validation errors name the field (`body.username: enter your user name`); unexpected errors are
 * logged with the request id and answered without internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ApiError } from '@yardguard/firmware-config';
import { HttpError } from '../errors.js';

const fieldPath = (context: string | undefined, instancePath: string): string =>
  [context ?? 'body', ...instancePath.split('/').filter(Boolean)].join('.');

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError) {
      const body: ApiError = { error: { code: err.code, message: err.message } };
      return reply.status(err.statusCode).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields = err.validation.map((v) => ({ path: fieldPath(err.validationContext, v.instancePath), message: v.message ?? 'invalid' }));
      const body: ApiError = {
        error: { code: 'BAD_REQUEST', message: `Please check: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`, fields },
      };
      return reply.status(400).send(body);
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err, cause: err.cause.issues }, 'response does not match its schema');
      return reply.status(500).send({ error: { code: 'INTERNAL', message: 'The server made an error building the answer. It has been logged.' } });
    }
    if (err.statusCode === 429) {
      return reply.status(429).send({ error: { code: 'RATE_LIMITED', message: 'Too many attempts. Please wait a minute and try again.' } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // Fastify's own client errors (bad JSON, too large, wrong content type).
      return reply.status(err.statusCode).send({ error: { code: 'BAD_REQUEST', message: err.message } });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on the server. It has been logged; please try again.' } });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `There is no ${request.method} ${request.url.split('?')[0]} here.` } });
  });
}

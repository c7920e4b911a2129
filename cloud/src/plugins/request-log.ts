/**
 * One log line per request, naming the route pattern rather than the path: EventSource/WebSocket
 * clients carry their session token in `?access_token=`, and a visitor pass code is part of its
 * open URL; neither may reach a log file. Loggers are built with `logRedact` for the same reason.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class RedactingLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method, path: request.routeOptions.url ?? '(no route)', statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime),
      user: request.user?.username,
    };
    if (error || reply.statusCode >= 500) request.log.error({ ...line, err: error }, 'request failed');
    else request.log.info(line, 'request');
  }
}

/** Fields that never reach a log line (pino `redact`). */
export const logRedact = {
  paths: [
    'req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'authorization', 'cookie',
    'password', '*.password', 'newPassword', 'currentPassword', 'token', '*.token', 'access_token', '*.access_token', 'passCode',
  ],
  censor: '[redacted]',
};

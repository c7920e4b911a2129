/**
 * One log line per request, without the query string: EventSource/WebSocket clients carry their
 * session token in `?access_token=`, which must never reach a log file.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class RedactingLogController extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method, path: request.url.split('?')[0], statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime),
      user: request.user?.username,
    };
    if (error || reply.statusCode >= 500) request.log.error({ ...line, err: error }, 'request failed');
    else request.log.info(line, 'request');
  }
}

/** Serves the built console (console/dist) when it exists, with SPA fallback to index.html. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Logger } from 'pino';

export async function serveConsole(app: FastifyInstance, dir: string, log: Logger): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    log.info({ dir }, 'console not built; serving the API only');
    return;
  }
  await app.register(fastifyStatic, { root: dir, prefix: '/', wildcard: false });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `There is no ${request.method} ${request.url.split('?')[0]} here.` } });
    }
    return reply.sendFile('index.html');
  });
  log.info({ dir }, 'serving the console');
}

/** Charts for the console, read back from the time series (empty when InfluxDB is off). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { alarmsPerDayChart, apiSlug, chartQuery, deviceUptimeChart, eventsPerHourChart, gateOpensChart, type ChartQuery } from '@yardguard/firmware-config';
import type { AppContext } from '../context.js';
import type { TimeRange } from '../timeseries/index.js';
import type { RouteAuth } from '../http/route-auth.js';
import { HttpError, badRequest } from '../errors.js';

const DAY = 24 * 3600_000;

function rangeOf(q: ChartQuery, defaultSpanMs: number): TimeRange {
  const to = q.to ? new Date(q.to) : new Date();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - defaultSpanMs);
  if (from >= to) throw badRequest('query.from: must be before query.to');
  if (to.getTime() - from.getTime() > 400 * DAY) throw badRequest('query.from: a chart covers at most 400 days');
  return { from, to };
}

export async function chartsPlugin(api: FastifyInstance, deps: AppContext): Promise<void> {
  const r = api.withTypeProvider<ZodTypeProvider>();
  const ts = deps.timeseries;
  const params = z.object({ compoundId: apiSlug });
  const config: { auth: RouteAuth } = { auth: { roles: ['admin', 'manager', 'guard', 'installer'], compound: 'param:compoundId' } };

  // A time-series outage must not look like "no data": answer 503 with a plain message.
  const read = async <T>(f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (err) {
      deps.log.warn({ err }, 'time-series read failed');
      throw new HttpError(503, 'INTERNAL', 'The chart data store (InfluxDB) is not answering right now. Please try again in a minute.');
    }
  };

  r.get('/api/compounds/:compoundId/charts/events-per-hour', {
    schema: { tags: ['charts'], summary: 'Events per hour', params, querystring: chartQuery, response: { 200: eventsPerHourChart } },
    config,
  }, async (request) => {
    const range = rangeOf(request.query, DAY);
    const buckets = await read(() => ts.eventsPerHour(request.params.compoundId, range, request.query.type ? { type: request.query.type } : {}));
    return { enabled: ts.enabled, from: range.from.toISOString(), to: range.to.toISOString(), buckets };
  });

  r.get('/api/compounds/:compoundId/charts/alarms-per-day', {
    schema: { tags: ['charts'], summary: 'Alerts and alarm events per day', params, querystring: chartQuery, response: { 200: alarmsPerDayChart } },
    config,
  }, async (request) => {
    const range = rangeOf(request.query, 30 * DAY);
    const days = await read(() => ts.alarmsPerDay(request.params.compoundId, range));
    return { enabled: ts.enabled, from: range.from.toISOString(), to: range.to.toISOString(), days };
  });

  r.get('/api/compounds/:compoundId/charts/gate-opens', {
    schema: { tags: ['charts'], summary: 'Gate opens by method and result, with latency', params, querystring: chartQuery, response: { 200: gateOpensChart } },
    config,
  }, async (request) => {
    const range = rangeOf(request.query, 30 * DAY);
    const stats = await read(() => ts.gateOpensByMethod(request.params.compoundId, range));
    return { enabled: ts.enabled, from: range.from.toISOString(), to: range.to.toISOString(), stats };
  });

  r.get('/api/compounds/:compoundId/charts/device-uptime', {
    schema: { tags: ['charts'], summary: 'Device uptime ratio', params, querystring: chartQuery, response: { 200: deviceUptimeChart } },
    config,
  }, async (request) => {
    const range = rangeOf(request.query, 7 * DAY);
    const devices = await read(() => ts.deviceUptime(request.params.compoundId, range));
    return { enabled: ts.enabled, from: range.from.toISOString(), to: range.to.toISOString(), devices };
  });
}

/** How routes that name a gateway or a device find its compound (for `config.auth.compound`). */
import { compoundVia } from '../http/route-auth.js';

export const viaGateway = compoundVia('gateway', 'params', 'gatewayId', async (db, id) =>
  (await db.selectFrom('gateways').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id);

export const viaDevice = compoundVia('device', 'params', 'deviceId', async (db, id) =>
  (await db.selectFrom('devices').select('compound_id').where('id', '=', id).executeTakeFirst())?.compound_id);

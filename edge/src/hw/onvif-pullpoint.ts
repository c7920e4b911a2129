/**
 * ONVIF events through a PullPoint subscription, which node-onvif lacks: CreatePullPointSubscription
 * on the events service, then PullMessages in a loop (a long poll), Renew before the termination
 * time, Unsubscribe on stop. Requests are signed with the same WS-Security UsernameToken digest
 * node-onvif uses (its own soap module builds the envelope).
 */
import { parse as parseUrl } from 'node:url';
import type { OnvifEvent } from './onvif-port.js';
import { loadNodeOnvifSoap, type NodeOnvifDevice } from './node-onvif-types.js';

const NS = [
  'xmlns:wsa="http://www.w3.org/2005/08/addressing"',
  'xmlns:tev="http://www.onvif.org/ver10/events/wsdl"',
  'xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2"',
];
/** node-onvif's HTTP timeout is 3 s, so a pull waits at most 2 s on the camera side. */
const PULL_TIMEOUT = 'PT2S';
const RENEW_EVERY_MS = 60_000;
const ACTIONS: Record<string, string> = {
  CreatePullPointSubscription: 'http://www.onvif.org/ver10/events/wsdl/EventPortType/CreatePullPointSubscriptionRequest',
  PullMessages: 'http://www.onvif.org/ver10/events/wsdl/PullPointSubscription/PullMessagesRequest',
  Renew: 'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/RenewRequest',
  Unsubscribe: 'http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeRequest',
};

type Xml = Record<string, unknown>;
const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof (v as Xml)?._ === 'string' ? ((v as Xml)._ as string) : '');

function simpleItems(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of asArray((v as Xml | undefined)?.SimpleItem as Xml | Xml[] | undefined)) {
    const attrs = item.$ as { Name?: string; Value?: string } | undefined;
    if (attrs?.Name !== undefined) out[attrs.Name] = attrs.Value ?? '';
  }
  return out;
}

/** Notifications out of a parsed PullMessagesResponse (xml2js output with prefixes stripped). */
export function parseNotifications(response: Xml): OnvifEvent[] {
  const events: OnvifEvent[] = [];
  for (const n of asArray(response.NotificationMessage as Xml | Xml[] | undefined)) {
    const topic = text(n.Topic).trim();
    const msg = ((n.Message as Xml | undefined)?.Message ?? {}) as Xml;
    const attrs = msg.$ as { UtcTime?: string; PropertyOperation?: string } | undefined;
    const time = attrs?.UtcTime ? new Date(attrs.UtcTime) : new Date();
    const op = attrs?.PropertyOperation;
    events.push({
      topic,
      data: { ...simpleItems(msg.Source), ...simpleItems(msg.Data) },
      time: Number.isNaN(time.getTime()) ? new Date() : time,
      ...(op === 'Initialized' || op === 'Changed' || op === 'Deleted' ? { operation: op } : {}),
    });
  }
  return events;
}

export async function subscribePullPoint(
  device: NodeOnvifDevice,
  onEvent: (e: OnvifEvent) => void,
  onError: (err: Error) => void,
): Promise<{ stop(): Promise<void> } | null> {
  const eventsXaddr = device.services.events?.xaddr;
  if (!eventsXaddr) return null;
  const soap = loadNodeOnvifSoap();
  const call = async (url: string, method: string, body: string): Promise<Xml> => {
    // WS-Addressing Action and To: several cameras (Axis, newer Hikvision) route pull-point
    // requests by them; node-onvif's envelope only carries the Security header, so add them.
    const addressing = `<wsa:Action>${ACTIONS[method] ?? ''}</wsa:Action><wsa:To>${url}</wsa:To>`;
    const envelope = soap
      .createRequestSoap({ body, xmlns: NS, diff: device.time_diff, user: device.user, pass: device.pass })
      .replace('<s:Header>', `<s:Header>${addressing}`);
    const r = await soap.requestCommand(parseUrl(url), method, envelope);
    return r.data[`${method}Response`] as Xml;
  };

  const created = await call(eventsXaddr, 'CreatePullPointSubscription', '<tev:CreatePullPointSubscription><tev:InitialTerminationTime>PT120S</tev:InitialTerminationTime></tev:CreatePullPointSubscription>');
  const address = text((created.SubscriptionReference as Xml | undefined)?.Address).trim();
  if (!address) throw new Error('CreatePullPointSubscription returned no subscription address');

  let stopped = false;
  let lastRenew = Date.now();
  const loop = async () => {
    while (!stopped) {
      try {
        if (Date.now() - lastRenew > RENEW_EVERY_MS) {
          await call(address, 'Renew', '<wsnt:Renew><wsnt:TerminationTime>PT120S</wsnt:TerminationTime></wsnt:Renew>');
          lastRenew = Date.now();
        }
        const res = await call(address, 'PullMessages', `<tev:PullMessages><tev:Timeout>${PULL_TIMEOUT}</tev:Timeout><tev:MessageLimit>32</tev:MessageLimit></tev:PullMessages>`);
        if (stopped) return;
        for (const e of parseNotifications(res)) onEvent(e);
      } catch (err) {
        if (stopped) return;
        // The subscription is gone (camera rebooted or unreachable): the adapter resubscribes when it is back.
        stopped = true;
        onError(err as Error);
        return;
      }
    }
  };
  void loop();

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      await call(address, 'Unsubscribe', '<wsnt:Unsubscribe/>').catch(() => undefined);
    },
  };
}

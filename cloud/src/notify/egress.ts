/**
 * Outgoing webhook posts (WeCom, DingTalk, Feishu, generic) that cannot be turned against the
 * cloud's own network (SSRF): the host is resolved once, every address is checked (no loopback,
 * private, link-local, metadata, CGNAT, multicast or unspecified addresses), and the connection goes
 * to the address that was checked (no second lookup, so no DNS rebinding). Redirects are not
 * followed. An administrator may allow a host by name (`webhookAllowHosts`, e.g. an on-premises
 * duty system); nothing else reaches an internal address.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';

export interface WebhookEgress {
  post(spec: { url: string; headers: Record<string, string>; body: string }, timeoutMs: number): Promise<{ status: number; text: string }>;
}

export class EgressRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EgressRefused';
  }
}

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['100::', 64]] as const) blocked.addSubnet(net, bits, 'ipv6');

/** True when the address is internal (or an IPv4-mapped IPv6 form of one). */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, 'ipv6');
}

const MAX_ANSWER_BYTES = 64 * 1024;

export function createWebhookEgress(opts: { allowHosts?: readonly string[] } = {}): WebhookEgress {
  const allowed = new Set((opts.allowHosts ?? []).map((h) => h.toLowerCase()));
  return {
    async post(spec, timeoutMs) {
      let url: URL;
      try {
        url = new URL(spec.url);
      } catch {
        throw new EgressRefused('the webhook URL is not a valid URL');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EgressRefused('webhooks must use http or https');
      const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
      const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true }).catch(() => {
        throw new EgressRefused(`the webhook host ${host} does not resolve`);
      });
      if (!addresses.length) throw new EgressRefused(`the webhook host ${host} does not resolve`);
      if (!allowed.has(host) && addresses.some((a) => isInternalAddress(a.address))) {
        throw new EgressRefused(`the webhook host ${host} is an internal address; an administrator must allow it (webhookAllowHosts)`);
      }
      const target = addresses[0]!;
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      return new Promise((resolve, reject) => {
        const req = send(url, {
          method: 'POST', headers: { ...spec.headers, 'content-length': Buffer.byteLength(spec.body) },
          // Connect to the address that was checked: a second DNS answer cannot point elsewhere.
          lookup: (_h, o, cb) => {
            if ((o as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [target]);
            else cb(null, target.address, target.family);
          },
          signal: AbortSignal.timeout(timeoutMs),
        }, (res) => {
          // Redirects are answers, never followed.
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size <= MAX_ANSWER_BYTES) chunks.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(spec.body);
      });
    },
  };
}

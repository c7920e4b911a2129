/**
 * Webhooks cannot be turned against the cloud's own network: loopback, private, link-local and
 * metadata addresses are refused (by IP and by a host name that resolves there) unless an
 * administrator allows the host; redirects are not followed; the test route does not echo the answer.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildTestCloud, bearer } from '../helpers/cloud.js';
import { createWebhookEgress, isInternalAddress } from '../../src/notify/egress.js';

async function internalService() {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/redirect') return void res.writeHead(302, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/secret` }).end();
    res.writeHead(500, { 'content-type': 'text/plain' }).end('INTERNAL-SECRET-aws-key=AKIA123');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
  return { port: (server.address() as AddressInfo).port, hits };
}

describe('webhook egress (SSRF)', () => {
  it('classifies internal addresses, including IPv4-mapped IPv6 and the metadata address', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::']) {
      expect(isInternalAddress(a), a).toBe(true);
    }
    for (const a of ['1.1.1.1', '140.205.60.46', '2400:3200::1']) expect(isInternalAddress(a), a).toBe(false);
  });

  it('a manager cannot make the cloud post to loopback, private or metadata addresses; the answer is not echoed', async () => {
    const svc = await internalService();
    const cloud = await buildTestCloud({ webhookAllowHosts: [] });
    const h = bearer(await cloud.login('manager'));
    const compound = cloud.demo.compounds.small;
    const urls = [
      `http://127.0.0.1:${svc.port}/x`, `http://localhost:${svc.port}/x`, `http://[::1]:${svc.port}/x`, `http://[::ffff:127.0.0.1]:${svc.port}/x`,
      'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/x', 'http://192.168.1.1/x', `http://0.0.0.0:${svc.port}/x`,
    ];
    for (const [i, url] of urls.entries()) {
      const kind = (['wecom', 'dingtalk', 'feishu', 'webhook'] as const)[i % 4];
      const created = await cloud.app.inject({ method: 'POST', url: `/api/compounds/${compound}/notify-channels`, headers: h, payload: { kind, name: `ch${i}`, url } });
      expect(created.statusCode, url).toBe(201);
      const test = await cloud.app.inject({ method: 'POST', url: `/api/notify-channels/${created.json().id}/test`, headers: h });
      expect(test.statusCode).toBe(200);
      expect(test.json().delivered, url).toBe(false);
      expect(test.json().error, url).toMatch(/internal address|does not resolve/);
    }
    expect(svc.hits).toEqual([]);
  });

  it('an allowed host is reached, a redirect is not followed, and the body of the answer is never echoed', async () => {
    const svc = await internalService();
    const cloud = await buildTestCloud({ webhookAllowHosts: ['127.0.0.1'] });
    const h = bearer(await cloud.login('manager'));
    for (const path of ['/x', '/redirect']) {
      const created = await cloud.app.inject({ method: 'POST', url: `/api/compounds/${cloud.demo.compounds.small}/notify-channels`, headers: h, payload: { kind: 'webhook', name: 'on-prem', url: `http://127.0.0.1:${svc.port}${path}` } });
      const test = await cloud.app.inject({ method: 'POST', url: `/api/notify-channels/${created.json().id}/test`, headers: h });
      expect(test.json().delivered).toBe(false);
      expect(test.body).not.toContain('INTERNAL-SECRET');
    }
    expect(svc.hits).toEqual(['/x', '/redirect']); // never /secret
  });

  it('connects to the address it checked (a second lookup cannot rebind to loopback)', async () => {
    const svc = await internalService();
    // The allowed name resolves to loopback: the post goes to exactly that checked address and port.
    const egress = createWebhookEgress({ allowHosts: ['localhost'] });
    const r = await egress.post({ url: `http://localhost:${svc.port}/pinned`, headers: { 'content-type': 'application/json' }, body: '{}' }, 5000);
    expect(r.status).toBe(500);
    expect(svc.hits).toEqual(['/pinned']);
    await expect(createWebhookEgress().post({ url: `http://localhost:${svc.port}/pinned`, headers: {}, body: '{}' }, 5000)).rejects.toThrow(/internal address/);
  });
});

import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { manualClock } from '../../src/alerts/clock.js';
import { raiseAlert } from '../../src/alerts/store.js';
import { createChannel, listNotifications, maskUrl } from '../../src/notify/channels.js';
import { deliverDue, type RetryPolicy } from '../../src/notify/queue.js';
import type { AlertChange } from '../../src/alerts/store.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.js';
import { openTestDb, seed } from './db.js';
import { buildOpsApp } from './app.js';

interface Received { path: string; headers: IncomingMessage['headers']; body: Record<string, unknown> }

/** A local robot endpoint: answers `failures` times with 500, then like the vendor's robot. */
async function receiver(failures: number, okBody: string) {
  const got: Received[] = [];
  let left = failures;
  const server: Server = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      got.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(data) as Record<string, unknown> });
      if (left-- > 0) {
        res.writeHead(500).end('busy');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(okBody);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

/** Robot messages queued with the alert (raiseAlert queues them in the alert's own transaction). */
async function queuedFor(db: Kysely<Database>, change: AlertChange): Promise<number> {
  const rows = await db.selectFrom('notifications').select('id').where('alert_id', '=', change.alert.id).execute();
  return rows.length;
}

const retry: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000, timeoutMs: 5000 };

async function setup() {
  const db = await openTestDb();
  await seed(db);
  const clock = manualClock('2026-03-02T00:00:00.000Z');
  const raise = (severity: 'critical' | 'low' = 'critical') => raiseAlert(db, {
    compoundId: 'c1', gatewayId: 'gw1', deviceId: 'gw1.gate-main', key: `k-${Math.random()}`, kind: 'door_forced', severity,
    title: '东门被强行打开', source: 'edge', causeEventId: null, snapshotIds: [], atMs: clock.now(),
  }, clock.now(), 'cloud-a');
  return { db, clock, raise };
}

describe('notification channels', () => {
  it('retries a failing WeCom robot with backoff until it accepts (fails twice, third attempt sent)', async () => {
    const { db, clock, raise } = await setup();
    const r = await receiver(2, '{"errcode":0,"errmsg":"ok"}');
    await createChannel(db, 'c1', { kind: 'wecom', name: '值班群', url: `${r.url}/cgi-bin/webhook/send?key=abcdef123` }, clock.now());
    expect(await queuedFor(db, await raise())).toBe(1);

    expect(await deliverDue(db, 'cloud-a', clock.now(), retry)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await deliverDue(db, 'cloud-a', clock.now(), retry)).toEqual({ sent: 0, retried: 0, failed: 0 }); // backoff: not due yet
    clock.advance(1000);
    expect(await deliverDue(db, 'cloud-a', clock.now(), retry)).toEqual({ sent: 0, retried: 1, failed: 0 });
    clock.advance(1999);
    expect(await deliverDue(db, 'cloud-a', clock.now(), retry)).toEqual({ sent: 0, retried: 0, failed: 0 }); // 2nd backoff is 2 s
    clock.advance(1);
    expect(await deliverDue(db, 'cloud-a', clock.now(), retry)).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(r.got).toHaveLength(3);
    expect(r.got[2]!.path).toBe('/cgi-bin/webhook/send?key=abcdef123');
    const md = r.got[2]!.body as { msgtype: string; markdown: { content: string } };
    expect(md.msgtype).toBe('markdown');
    expect(md.markdown.content).toContain('东门被强行打开');
    expect(md.markdown.content).toContain('请 m1师傅 确认处理');
    const [log] = await listNotifications(db, 'c1', 10);
    expect(log).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });

  it('gives up after maxAttempts and records the last error', async () => {
    const { db, clock, raise } = await setup();
    const r = await receiver(100, '');
    await createChannel(db, 'c1', { kind: 'webhook', name: 'ops', url: `${r.url}/hook` }, clock.now());
    await queuedFor(db, await raise());
    for (let i = 0; i < 10; i++) {
      await deliverDue(db, 'cloud-a', clock.now(), retry);
      clock.advance(60_000);
    }
    expect(r.got).toHaveLength(4);
    const [log] = await listNotifications(db, 'c1', 10);
    expect(log).toMatchObject({ status: 'failed', attempts: 4, lastError: 'HTTP 500 busy' });
  });

  it('DingTalk and Feishu payloads and signatures; generic webhook HMAC; severity filter', async () => {
    const { db, clock, raise } = await setup();
    const ding = await receiver(0, '{"errcode":0,"errmsg":"ok"}');
    const feishu = await receiver(0, '{"code":0,"msg":"success"}');
    const hook = await receiver(0, 'ok');
    const quiet = await receiver(0, '{"errcode":0}');
    await createChannel(db, 'c1', { kind: 'dingtalk', name: '钉钉', url: `${ding.url}/robot/send?access_token=tok`, secret: 'SECd' }, clock.now());
    await createChannel(db, 'c1', { kind: 'feishu', name: '飞书', url: `${feishu.url}/open-apis/bot/v2/hook/abc`, secret: 'fs' }, clock.now());
    await createChannel(db, 'c1', { kind: 'webhook', name: 'json', url: `${hook.url}/in`, secret: 'k' }, clock.now());
    await createChannel(db, 'c1', { kind: 'wecom', name: 'only critical', url: `${quiet.url}/w`, minSeverity: 'critical' }, clock.now());
    expect(await queuedFor(db, await raise('low'))).toBe(0); // default minSeverity high; 'critical' channel too
    expect(await queuedFor(db, await raise('critical'))).toBe(4);
    expect(await deliverDue(db, 'cloud-a', clock.now(), retry)).toEqual({ sent: 4, retried: 0, failed: 0 });

    const d = ding.got[0]!;
    const u = new URL(`http://x${d.path}`);
    const ts = u.searchParams.get('timestamp')!;
    expect(u.searchParams.get('sign')).toBe(createHmac('sha256', 'SECd').update(`${ts}\nSECd`).digest('base64'));
    expect(d.body).toMatchObject({ msgtype: 'markdown', markdown: { title: '【新告警】东门被强行打开' } });

    const f = feishu.got[0]!.body as { msg_type: string; content: { text: string }; timestamp: string; sign: string };
    expect(f.msg_type).toBe('text');
    expect(f.content.text).toContain('级别：紧急');
    expect(f.sign).toBe(createHmac('sha256', `${f.timestamp}\nfs`).update('').digest('base64'));

    const h = hook.got[0]!;
    expect(h.headers['x-yardguard-signature']).toBe(`sha256=${createHmac('sha256', 'k').update(JSON.stringify(h.body)).digest('hex')}`);
    expect(h.body).toMatchObject({ event: 'alert.new', alert: { severity: 'critical', compoundId: 'c1' }, compoundName: '小区c1' });
  });

  it('a robot error inside HTTP 200 counts as a failure', async () => {
    const { db, clock, raise } = await setup();
    const r = await receiver(0, '{"errcode":93000,"errmsg":"invalid webhook url"}');
    await createChannel(db, 'c1', { kind: 'wecom', name: 'bad key', url: `${r.url}/send?key=zzz` }, clock.now());
    await queuedFor(db, await raise());
    expect(await deliverDue(db, 'cloud-a', clock.now(), retry)).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect((await listNotifications(db, 'c1', 1))[0]!.lastError).toBe('robot error 93000: invalid webhook url');
  });

  it('a test message goes out at once through the API and reports the robot\'s answer', async () => {
    const db = await openTestDb();
    await seed(db);
    const { app, as } = await buildOpsApp(db);
    const good = await receiver(0, '{"errcode":0,"errmsg":"ok"}');
    const bad = await receiver(0, '{"errcode":93000,"errmsg":"invalid webhook url"}');
    const mk = async (url: string) => ((await app.inject({ method: 'POST', url: '/api/compounds/c1/notify-channels', headers: await as('m1'), payload: { kind: 'dingtalk', name: '钉钉群', url } })).json() as { id: string }).id;
    const ok = await app.inject({ method: 'POST', url: `/api/notify-channels/${await mk(`${good.url}/robot/send?access_token=t`)}/test`, headers: await as('m1') });
    expect(ok.json()).toEqual({ delivered: true, error: null });
    expect(JSON.stringify(good.got[0]!.body)).toContain('通知测试');
    const no = await app.inject({ method: 'POST', url: `/api/notify-channels/${await mk(`${bad.url}/robot/send?access_token=t`)}/test`, headers: await as('m1') });
    expect(no.json()).toEqual({ delivered: false, error: 'robot error 93000: invalid webhook url' });
    expect((await app.inject({ method: 'POST', url: `/api/notify-channels/${await mk(`${good.url}/x`)}/test`, headers: await as('m2') })).statusCode).toBe(403);
  });

  it('masks robot keys', () => {
    expect(maskUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693axxx6-7aoc')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a****');
    expect(maskUrl('https://open.feishu.cn/open-apis/bot/v2/hook/abcdefgh')).toBe('https://open.feishu.cn/open-apis/bot/v2/hook/abcd****');
  });
});

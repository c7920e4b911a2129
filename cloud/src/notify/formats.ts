/**
 * Robot message formats, one per channel kind, as each vendor documents them:
 * - WeCom (企业微信) group robot: POST .../cgi-bin/webhook/send?key=K  {msgtype:'markdown', markdown:{content}}; ok = errcode 0
 * - DingTalk robot: POST .../robot/send?access_token=T[&timestamp&sign]  {msgtype:'markdown', markdown:{title,text}}; ok = errcode 0
 *   sign = base64(HMAC-SHA256(secret, `${timestampMs}\n${secret}`)), URL-encoded
 * - Feishu (飞书) custom bot: POST .../bot/v2/hook/H  {msg_type:'text', content:{text}, timestamp?, sign?}; ok = code 0
 *   sign = base64(HMAC-SHA256(key = `${timestampS}\n${secret}`, message = ''))
 * - generic webhook: the JSON alert message; header x-yardguard-signature: sha256=<hex HMAC of the body> when a secret is set
 */
import { createHmac } from 'node:crypto';
import type { Alert } from '@yardguard/firmware-config';
import type { NotifyChannelKind } from '../db/tables-ops.js';

/** Channel-neutral message stored in the queue. */
export interface NotifyMessage {
  event: 'alert.new' | 'alert.escalated' | 'alert.retriggered' | 'test';
  alert: Pick<Alert, 'id' | 'compoundId' | 'kind' | 'severity' | 'title' | 'status' | 'deviceId' | 'count' | 'firstAt' | 'escalationLevel'>;
  compoundName: string | null;
  assigneeName: string | null;
}

export interface HttpRequestSpec {
  url: string;
  headers: Record<string, string>;
  body: string;
}

const severityZh = { critical: '紧急', high: '高', medium: '中', low: '低' } as const;
const eventZh = { 'alert.new': '新告警', 'alert.escalated': '告警升级', 'alert.retriggered': '告警未处理完毕，再次提醒', test: '测试消息' } as const;

export function messageLines(m: NotifyMessage): { title: string; lines: string[] } {
  const title = `【${eventZh[m.event]}】${m.alert.title}`;
  const lines = [
    `小区：${m.compoundName ?? m.alert.compoundId}`,
    `级别：${severityZh[m.alert.severity]}`,
    m.alert.deviceId ? `设备：${m.alert.deviceId}` : null,
    `时间：${m.alert.firstAt}`,
    m.alert.count > 1 ? `次数：${m.alert.count}` : null,
    m.assigneeName ? `请 ${m.assigneeName} 确认处理` : '值班人员请确认处理',
  ].filter((l): l is string => l !== null);
  return { title, lines };
}

const hmacB64 = (key: string, msg: string) => createHmac('sha256', key).update(msg).digest('base64');

export function buildRequest(kind: NotifyChannelKind, url: string, secret: string | null, m: NotifyMessage, nowMs: number): HttpRequestSpec {
  const { title, lines } = messageLines(m);
  const json = { 'content-type': 'application/json; charset=utf-8' };
  switch (kind) {
    case 'wecom':
      return { url, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { content: [`**${title}**`, ...lines.map((l) => `> ${l}`)].join('\n') } }) };
    case 'dingtalk': {
      let signed = url;
      if (secret) {
        const sign = encodeURIComponent(hmacB64(secret, `${nowMs}\n${secret}`));
        signed += `${url.includes('?') ? '&' : '?'}timestamp=${nowMs}&sign=${sign}`;
      }
      return { url: signed, headers: json, body: JSON.stringify({ msgtype: 'markdown', markdown: { title, text: [`#### ${title}`, ...lines.map((l) => `- ${l}`)].join('\n') } }) };
    }
    case 'feishu': {
      const body: Record<string, unknown> = { msg_type: 'text', content: { text: [title, ...lines].join('\n') } };
      if (secret) {
        const ts = String(Math.floor(nowMs / 1000));
        body.timestamp = ts;
        body.sign = createHmac('sha256', `${ts}\n${secret}`).update('').digest('base64');
      }
      return { url, headers: json, body: JSON.stringify(body) };
    }
    case 'webhook': {
      const body = JSON.stringify({ ...m, text: [title, ...lines].join('\n') });
      const headers: Record<string, string> = { ...json };
      if (secret) headers['x-yardguard-signature'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      return { url, headers, body };
    }
  }
}

/** Robots answer HTTP 200 with an error code inside; treat those as failures (retried). */
export function robotAccepted(kind: NotifyChannelKind, status: number, text: string): { ok: boolean; error?: string } {
  // The answer's body is never echoed: the endpoint is whatever a manager typed in.
  if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}` };
  if (kind === 'webhook') return { ok: true };
  try {
    const j = JSON.parse(text) as { errcode?: number; errmsg?: string; code?: number; msg?: string; StatusCode?: number };
    const code = kind === 'feishu' ? (j.code ?? j.StatusCode ?? 0) : (j.errcode ?? 0);
    return code === 0 ? { ok: true } : { ok: false, error: `robot error ${code}: ${String(j.errmsg ?? j.msg ?? '').slice(0, 100)}` };
  } catch {
    return { ok: false, error: 'the robot did not answer with JSON' };
  }
}

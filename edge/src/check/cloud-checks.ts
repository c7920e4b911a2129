/**
 * The cloud link, hop by hop so the installer sees where it breaks: DNS, TCP to the MQTT port,
 * TLS (with the cloud's CA when enrollment pinned one), the gateway's login (HTTP Basic on
 * /api/gateway/hello, which does not disturb the agent's MQTT session) and the clock offset.
 */
import { lookup } from 'node:dns/promises';
import { isIP, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';
import { decode, gatewayHello, MAX_CLOCK_OFFSET_MS } from '@yardguard/firmware-config/wire';
import type { CredentialsFile } from '../cli/credentials.js';
import { basicAuth, cloudErrorMessage, cloudRequest } from '../net/cloud-http.js';
import type { CheckRow } from './report.js';

const DEFAULT_PORTS: Record<string, number> = { 'mqtt:': 1883, 'mqtts:': 8883, 'ws:': 80, 'wss:': 443, 'http:': 80, 'https:': 443 };
const TIMEOUT_MS = 5000;

type Row = Omit<CheckRow, 'area' | 'item'>;

export async function cloudChecks(creds: CredentialsFile | undefined, opts: { timeoutMs?: number } = {}): Promise<CheckRow[]> {
  const rows: CheckRow[] = [];
  const push = (r: Row) => rows.push({ area: 'cloud', item: 'cloud', ...r });
  if (!creds) {
    push({ check: 'link', status: 'skip', detail: 'not enrolled: no cloud to check' });
    return rows;
  }
  const timeoutMs = opts.timeoutMs ?? TIMEOUT_MS;
  let mqtt: URL;
  try {
    mqtt = new URL(creds.mqttUrl);
  } catch {
    push({ check: 'mqtt url', status: 'fail', detail: `"${creds.mqttUrl}" is not a URL`, fix: 'enroll again' });
    return rows;
  }
  const host = mqtt.hostname.replace(/^\[|\]$/g, '');
  const port = Number(mqtt.port) || DEFAULT_PORTS[mqtt.protocol] || 1883;

  // DNS
  let address = host;
  if (isIP(host)) push({ check: 'dns', status: 'ok', detail: `${host} (an address, nothing to resolve)` });
  else {
    try {
      address = (await lookup(host)).address;
      push({ check: 'dns', status: 'ok', detail: `${host} -> ${address}` });
    } catch (e) {
      push({ check: 'dns', status: 'fail', detail: `cannot resolve ${host}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, fix: 'check the network cable / 4G router and the DNS servers (resolvectl status, /etc/resolv.conf)' });
      return rows;
    }
  }

  // TCP
  try {
    await new Promise<void>((resolve, reject) => {
      const s = tcpConnect({ host: address, port, timeout: timeoutMs }, () => {
        s.destroy();
        resolve();
      });
      s.on('timeout', () => s.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)));
      s.on('error', reject);
    });
    push({ check: 'tcp', status: 'ok', detail: `${address}:${port} reachable` });
  } catch (e) {
    push({ check: 'tcp', status: 'fail', detail: `${address}:${port}: ${(e as NodeJS.ErrnoException).code ?? ''} ${(e as Error).message}`.trim(), fix: 'a firewall or the router blocks the port, or the cloud is down: try from another network, ask the cloud operator' });
  }

  // TLS
  const tlsTarget = mqtt.protocol === 'mqtts:' || mqtt.protocol === 'wss:' ? { host, address, port } : httpsTarget(creds.cloudUrl);
  if (!tlsTarget) push({ check: 'tls', status: 'skip', detail: `plain ${mqtt.protocol}// link (no TLS configured)` });
  else push(await tlsCheck(tlsTarget, creds.caPem, timeoutMs));

  // Login and clock
  if (!creds.cloudUrl) {
    push({ check: 'login', status: 'skip', detail: 'the credentials name no cloud HTTP URL', fix: 'enroll again with --cloud URL' });
    return rows;
  }
  if (!creds.password) {
    push({ check: 'login', status: 'fail', detail: 'the credentials have no password', fix: 'enroll again' });
    return rows;
  }
  const url = new URL('/api/gateway/hello', creds.cloudUrl);
  try {
    const res = await cloudRequest(url, { headers: { authorization: basicAuth(creds.username ?? creds.gatewayId, creds.password), accept: 'application/json' }, ...(creds.caPem ? { ca: creds.caPem } : {}), timeoutMs: timeoutMs * 2 });
    let cloudMs: number | undefined;
    if (res.status === 200) {
      const hello = decode(gatewayHello, JSON.parse(res.body.toString('utf8')));
      if (hello.ok && hello.value.gatewayId === creds.gatewayId) {
        push({ check: 'login', status: 'ok', detail: `the cloud knows this gateway (${hello.value.gatewayId}, compound ${hello.value.compoundId})` });
        cloudMs = Date.parse(hello.value.cloudTime);
      } else push({ check: 'login', status: 'fail', detail: hello.ok ? `the cloud answered for ${hello.value.gatewayId}` : `unexpected answer: ${hello.error}`, fix: 'enroll again' });
    } else if (res.status === 401 || res.status === 403) {
      push({ check: 'login', status: 'fail', detail: `refused (HTTP ${res.status}): ${cloudErrorMessage(res.body)}`, fix: 'the gateway was revoked or enrolled again elsewhere: get a new code on the installer page and enroll' });
    } else {
      push({ check: 'login', status: 'fail', detail: `HTTP ${res.status} from ${url.host}: ${cloudErrorMessage(res.body).slice(0, 200)}`, fix: 'the cloud is unhealthy or the URL points elsewhere: ask the cloud operator' });
    }
    // Second precision from the Date header when the login did not give the cloud's time.
    const dateHeader = res.headers.date ? Date.parse(res.headers.date) : Number.NaN;
    const ref = cloudMs ?? (Number.isFinite(dateHeader) ? dateHeader + 500 : undefined);
    if (ref === undefined) push({ check: 'clock', status: 'skip', detail: 'the cloud did not say its time' });
    else push(clockRow(ref - (res.sentAt + res.receivedAt) / 2, res.receivedAt - res.sentAt));
  } catch (e) {
    push({ check: 'login', status: 'fail', detail: `${url.host}: ${(e as Error).message}`, fix: 'the cloud\'s HTTPS port is unreachable or its certificate is not trusted (enroll again if the cloud changed its CA)' });
  }
  return rows;
}

export function clockRow(offsetMs: number, rttMs: number): Row {
  const s = (offsetMs / 1000).toFixed(1);
  const detail = `this gateway's clock is ${Math.abs(offsetMs) < 1000 ? 'in step with' : `${s.replace('-', '')} s ${offsetMs > 0 ? 'behind' : 'ahead of'}`} the cloud (round trip ${rttMs} ms)`;
  const fix = 'turn on NTP (timedatectl set-ntp true; systemd-timesyncd) and let the Pi reach an NTP server (UDP 123, e.g. ntp.aliyun.com); commands are judged by cloud time, but logs and TLS need the right date';
  if (Math.abs(offsetMs) > MAX_CLOCK_OFFSET_MS) return { check: 'clock', status: 'fail', detail, fix };
  if (Math.abs(offsetMs) > 5000) return { check: 'clock', status: 'warn', detail, fix };
  return { check: 'clock', status: 'ok', detail };
}

function httpsTarget(cloudUrl: string | undefined): { host: string; address: string; port: number } | null {
  if (!cloudUrl) return null;
  try {
    const u = new URL(cloudUrl);
    if (u.protocol !== 'https:') return null;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    return { host, address: host, port: Number(u.port) || 443 };
  } catch {
    return null;
  }
}

async function tlsCheck(t: { host: string; address: string; port: number }, ca: string | undefined, timeoutMs: number): Promise<Row> {
  try {
    const cert = await new Promise<PeerCertificate>((resolve, reject) => {
      const s = tlsConnect({ host: t.address, port: t.port, ...(isIP(t.host) ? {} : { servername: t.host }), ...(ca ? { ca } : {}), timeout: timeoutMs }, () => {
        const c = s.getPeerCertificate();
        s.destroy();
        resolve(c);
      });
      s.on('timeout', () => s.destroy(new Error(`no TLS answer in ${timeoutMs / 1000} s`)));
      s.on('error', reject);
    });
    const days = Math.floor((Date.parse(cert.valid_to) - Date.now()) / 86_400_000);
    const detail = `${t.host}:${t.port} certificate "${cert.subject?.CN ?? '?'}" trusted${ca ? ' (pinned cloud CA)' : ''}, expires in ${days} days`;
    return days < 14 ? { check: 'tls', status: 'warn', detail, fix: 'the cloud certificate expires soon: tell the cloud operator' } : { check: 'tls', status: 'ok', detail };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const dateProblem = /CERT_NOT_YET_VALID|CERT_HAS_EXPIRED/.test(code);
    return {
      check: 'tls', status: 'fail', detail: `${t.host}:${t.port}: ${code} ${(e as Error).message}`.trim(),
      fix: dateProblem ? 'the certificate looks expired or not yet valid: most often the Pi\'s clock is wrong (see clock); else tell the cloud operator' : 'the cloud\'s certificate is not trusted: enroll again to pin the cloud\'s CA, or check that nothing intercepts TLS on this network',
    };
  }
}

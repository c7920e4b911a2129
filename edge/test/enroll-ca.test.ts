// Enrollment with a cloud that has its own CA (not a public one), and with a wrong clock. The
// cloud's HTTPS is a TLS front (as a reverse proxy would be) and its MQTT is the embedded broker's
// TLS port, both with a certificate from a CA made here with openssl. The gateway reaches HTTPS
// with --ca, pins the CA the enrollment response carries, and its agent connects over mqtts://.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEdge } from '../src/edge.js';
import { silentLogger } from '../src/log.js';
import { sampleSite } from '../src/devices/test-site.js';
import { enroll } from '../src/cli/enroll.js';
import { readCredentials } from '../src/cli/credentials.js';
import { cloudChecks } from '../src/check/cloud-checks.js';
import { freePort } from './support/agent-process.js';
import { waitFor } from './support/helpers.js';
import { startRealCloud, type RealCloud } from './support/real-cloud.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

/** A private CA and a server certificate for localhost / 127.0.0.1 signed by it. */
function makeCa(dir: string): { caPem: string; keyFile: string; certFile: string; otherCaPem: string } {
  const ossl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  for (const name of ['ca', 'other']) {
    ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '30', '-subj', `/CN=Yard Guard test ${name} CA`);
  }
  ossl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  ossl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '30', '-extfile', 'san.ext');
  return { caPem: readFileSync(join(dir, 'ca.pem'), 'utf8'), keyFile: join(dir, 'server.key'), certFile: join(dir, 'server.pem'), otherCaPem: readFileSync(join(dir, 'other.pem'), 'utf8') };
}

/** HTTPS in front of the cloud's HTTP, like the reverse proxy of a real deployment. */
async function httpsFront(target: string, tls: { keyFile: string; certFile: string }): Promise<string> {
  const t = new URL(target);
  const server = https.createServer({ key: readFileSync(tls.keyFile), cert: readFileSync(tls.certFile) }, (req, res) => {
    const up = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return `https://localhost:${(server.address() as AddressInfo).port}`;
}

describe('enrollment with a cloud that has its own CA', () => {
  it('needs --ca to reach its HTTPS, pins the CA from the response, and the agent connects over mqtts:// with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yg-ca-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const ca = makeCa(dir);
    writeFileSync(join(dir, 'gateway-ca.pem'), ca.caPem);
    const tlsPort = await freePort();
    const real: RealCloud = await startRealCloud((mqttPort) => ({
      mqtt: { mode: 'embedded', host: '127.0.0.1', port: mqttPort, tls: { port: tlsPort, keyFile: ca.keyFile, certFile: ca.certFile } },
      publicMqttUrl: `mqtts://localhost:${tlsPort}`,
      gatewayCaFile: join(dir, 'gateway-ca.pem'),
    }));
    cleanups.push(() => real.close());
    const cloudUrl = await httpsFront(real.base, ca);
    const site = sampleSite('small');
    const code = await real.enrollmentCode({ ...site, gates: [], cameras: [], alarmColumns: [], rules: [] });
    const dataDir = join(dir, 'edge');

    // Without the CA the public trust store refuses the certificate: a clear message, the code unspent.
    await expect(enroll({ cloud: cloudUrl, code, dataDir, progress: () => {} })).rejects.toThrow(/needs --ca FILE/);
    // With a CA that did not sign it: the message says so.
    await expect(enroll({ cloud: cloudUrl, code, dataDir, ca: ca.otherCaPem, progress: () => {} })).rejects.toThrow(/not signed by the CA given with --ca/);

    const done = await enroll({ cloud: cloudUrl, code, dataDir, ca: ca.caPem, progress: () => {} });
    const creds = readCredentials(done.credentialsPath);
    expect(creds.caPem).toBe(ca.caPem);
    expect(creds.mqttUrl).toBe(`mqtts://localhost:${tlsPort}`);
    expect(Math.abs(done.clockOffsetMs)).toBeLessThan(60_000);

    const enrolledSite = JSON.parse(readFileSync(join(dataDir, 'site.json'), 'utf8')) as typeof site;
    const edge = createEdge({
      site: enrolledSite, dataDir, log: silentLogger(), broker: { host: '127.0.0.1', port: 0, wsPort: null }, healthIntervalMs: 3_600_000,
      cloud: { gatewayId: creds.gatewayId, mqttUrl: creds.mqttUrl, username: creds.username, password: creds.password, cloudSigningKey: creds.cloudSigningKey, caPem: creds.caPem! },
    });
    await edge.start();
    cleanups.push(() => edge.stop());
    await waitFor(() => edge.status().cloudLink === 'up', { what: 'mqtts link up with the pinned CA', timeoutMs: 30_000 });
    await waitFor(() => edge.status().lastAckedSeq > 0, { what: 'the cloud acked events over TLS', timeoutMs: 30_000 });

    // check sees the same: TLS trusted through the pinned CA, login over HTTPS.
    const rows = await cloudChecks(creds);
    expect(rows.find((r) => r.check === 'tls')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/pinned cloud CA/) });
    expect(rows.find((r) => r.check === 'login')?.status).toBe('ok');
    expect(rows.find((r) => r.check === 'clock')?.status).toBe('ok');
    // A wrong pinned CA is reported as TLS not trusted, with what to do.
    const wrong = await cloudChecks({ ...creds, caPem: ca.otherCaPem });
    expect(wrong.find((r) => r.check === 'tls')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/enroll again to pin/) });
  }, 120_000);

  it('refuses a clock far from the cloud\'s before spending the code, then enrolls once the clock is right', async () => {
    const real = await startRealCloud();
    cleanups.push(() => real.close());
    const code = await real.enrollmentCode({ ...sampleSite('small'), gates: [], cameras: [], alarmColumns: [], rules: [] });
    const dataDir = mkdtempSync(join(tmpdir(), 'yg-clock-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const threeHoursSlow = () => Date.now() - 3 * 3600_000;
    await expect(enroll({ cloud: real.base, code, dataDir, now: threeHoursSlow, progress: () => {} })).rejects.toThrow(/clock is 3\.0 hours behind the cloud's.*timedatectl set-ntp true.*code was not used/);
    const fiveMinFast = () => Date.now() + 5 * 60_000;
    await expect(enroll({ cloud: real.base, code, dataDir, now: fiveMinFast, progress: () => {} })).rejects.toThrow(/5\.0 minutes ahead of/);
    const ok = await enroll({ cloud: real.base, code, dataDir, progress: () => {} });
    expect(ok.gatewayId).toMatch(/^gw/);
  }, 60_000);
});

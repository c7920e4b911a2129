/**
 * An ONVIF camera on 127.0.0.1 for tests and demos: answers the SOAP calls node-onvif's init()
 * makes (GetSystemDateAndTime, GetCapabilities, GetDeviceInformation, GetProfiles, GetStreamUri,
 * GetSnapshotUri), the PullPoint event calls (CreatePullPointSubscription, PullMessages as a long
 * poll, Renew, Unsubscribe), serves a real JPEG behind HTTP Digest (or Basic) auth, checks the
 * WS-Security UsernameToken digest on SOAP calls, and optionally answers WS-Discovery probes on a
 * loopback UDP socket. Programmable: emitMotion(), emitTamper(), goOffline(), goOnline().
 */
import { createHash, randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket as NetSocket } from 'node:net';
import { sampleJpeg } from './sample-jpeg.js';
import * as soap from './onvif-soap-templates.js';

export interface OnvifCameraSimOptions {
  user?: string;
  pass?: string;
  /** How the snapshot URL authenticates (default digest). */
  httpAuth?: 'digest' | 'basic';
  /** Offer PullPoint events in GetCapabilities (default true). */
  events?: boolean;
  /**
   * Answer WS-Discovery probes: true = a UDP socket on 127.0.0.1 (tests aim probes at it);
   * 'multicast' = join 239.255.255.250:3702 like a real camera (demos on a LAN). Default off.
   */
  discovery?: boolean | 'multicast';
  name?: string;
  model?: string;
  jpeg?: Buffer;
  port?: number;
}

interface Subscription {
  id: string;
  queue: soap.SimNotification[];
  wake?: () => void;
}

const MOTION_TOPIC = 'tns1:VideoSource/MotionAlarm';
const TAMPER_TOPIC = 'tns1:VideoSource/GlobalSceneChange/ImagingService';
const PRE_AUTH = new Set(['GetSystemDateAndTime', 'GetCapabilities']);
const REALM = 'YardGuardSimCam';

export class OnvifCameraSim {
  private server: Server | undefined;
  private udp: Socket | undefined;
  private readonly sockets = new Set<NetSocket>();
  private readonly subs = new Map<string, Subscription>();
  private nextSub = 1;
  private offline = false;
  private motion = false;
  private tamper = false;
  private readonly nonces = new Set<string>();
  readonly urn = `urn:uuid:${randomBytes(16).toString('hex').replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5')}`;
  /** SOAP operations received, in order (for assertions). */
  readonly calls: string[] = [];
  snapshotsServed = 0;
  base = '';
  discoveryPort = 0;

  constructor(private readonly opts: OnvifCameraSimOptions = {}) {}

  get xaddr(): string {
    return `${this.base}/onvif/device_service`;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      // A malformed or aborted request never takes the simulator down.
      this.handle(req, res).catch(() => res.destroy());
    });
    this.server.on('connection', (s) => {
      if (this.offline) {
        s.destroy();
        return;
      }
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.opts.port ?? 0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    if (this.opts.discovery) await this.startDiscovery();
    return this.xaddr;
  }

  async stop(): Promise<void> {
    for (const s of this.subs.values()) s.wake?.();
    for (const s of this.sockets) s.destroy();
    this.udp?.close();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The camera loses power or its cable: every connection is cut, new ones are refused. */
  goOffline(): void {
    this.offline = true;
    for (const s of this.subs.values()) s.wake?.();
    for (const s of this.sockets) s.destroy();
    this.subs.clear();
  }

  goOnline(): void {
    this.offline = false;
  }

  /** The camera forgets its event subscriptions (a quick reboot between two probes). */
  dropSubscriptions(): void {
    for (const s of this.subs.values()) s.wake?.();
    this.subs.clear();
  }

  emitMotion(active = true): void {
    this.motion = active;
    this.notify({ topic: MOTION_TOPIC, source: { Source: 'VideoSource_1' }, data: { State: String(active) }, time: new Date() });
  }

  emitTamper(active = true): void {
    this.tamper = active;
    this.notify({ topic: TAMPER_TOPIC, source: { Source: 'VideoSource_1' }, data: { State: String(active) }, time: new Date() });
  }

  private currentState(time: Date): soap.SimNotification[] {
    return [
      { topic: MOTION_TOPIC, operation: 'Initialized', source: { Source: 'VideoSource_1' }, data: { State: String(this.motion) }, time },
      { topic: TAMPER_TOPIC, operation: 'Initialized', source: { Source: 'VideoSource_1' }, data: { State: String(this.tamper) }, time },
    ];
  }

  /** Any notification, e.g. tns1:RuleEngine/CellMotionDetector/Motion with IsMotion. */
  notify(n: soap.SimNotification): void {
    for (const s of this.subs.values()) {
      s.queue.push(n);
      s.wake?.();
    }
  }

  get subscriptions(): number {
    return this.subs.size;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.offline) {
      req.socket.destroy();
      return;
    }
    const url = req.url ?? '/';
    if (req.method === 'GET' && url.startsWith('/onvif/snapshot.jpg')) return this.snapshot(req, res);
    if (req.method !== 'POST') return this.send(res, 404, 'text/plain', 'not found');
    const body = await readBody(req);
    const op = /<(?:[A-Za-z0-9]+:)?Body[^>]*>\s*<(?:[A-Za-z0-9]+:)?([A-Za-z]+)/.exec(body)?.[1] ?? '';
    this.calls.push(op);
    if (!PRE_AUTH.has(op) && this.opts.user && !this.wsSecurityOk(body)) {
      return this.send(res, 400, 'application/soap+xml', soap.fault('ter:NotAuthorized', 'Sender not Authorized'));
    }
    const now = new Date();
    const xml = (s: string) => this.send(res, 200, 'application/soap+xml; charset=utf-8', s);
    switch (op) {
      case 'GetSystemDateAndTime': return xml(soap.systemDateAndTime(now));
      case 'GetCapabilities': return xml(soap.capabilities(this.base, this.opts.events ?? true));
      case 'GetDeviceInformation':
        return xml(soap.deviceInformation({ manufacturer: 'YardGuard', model: this.opts.model ?? 'SimCam IPC-2', firmware: 'V5.7.3 build 2026', serial: this.urn.slice(-12) }));
      case 'GetProfiles': return xml(soap.profiles());
      case 'GetStreamUri': return xml(soap.streamUri('127.0.0.1'));
      case 'GetSnapshotUri': return xml(soap.snapshotUri(this.base));
      case 'CreatePullPointSubscription': {
        if (this.opts.events === false) return this.send(res, 400, 'application/soap+xml', soap.fault('ter:ActionNotSupported', 'no events'));
        const id = String(this.nextSub++);
        // Like real cameras: a new subscription first gets the current state as "Initialized".
        this.subs.set(id, { id, queue: this.currentState(now) });
        return xml(soap.pullPointCreated(`${this.base}/onvif/pullpoint/${id}`, now, 120_000));
      }
      case 'PullMessages':
        // Like Axis cameras: a pull must be addressed (wsa:To) to the subscription it reads.
        if (!new RegExp(`<(?:[A-Za-z0-9]+:)?To[^>]*>[^<]*/onvif/pullpoint/${subId(url)}<`).test(body)) {
          return this.send(res, 400, 'application/soap+xml', soap.fault('wsa:DestinationUnreachable', 'wsa:To does not name this subscription'));
        }
        return this.pull(url, body, res);
      case 'Renew': return this.subs.has(subId(url)) ? xml(soap.renewed(now)) : this.send(res, 400, 'application/soap+xml', soap.fault('wsrf-rw:ResourceUnknownFault', 'unknown subscription'));
      case 'Unsubscribe':
        this.subs.get(subId(url))?.wake?.();
        this.subs.delete(subId(url));
        return xml(soap.unsubscribed());
      default:
        return this.send(res, 400, 'application/soap+xml', soap.fault('ter:ActionNotSupported', `${op} is not simulated`));
    }
  }

  /** PullMessages as a long poll: answer at once when something is queued, else at the timeout. */
  private pull(url: string, body: string, res: ServerResponse): void {
    const sub = this.subs.get(subId(url));
    if (!sub) return this.send(res, 400, 'application/soap+xml', soap.fault('wsrf-rw:ResourceUnknownFault', 'unknown subscription'));
    const timeoutS = Number(/Timeout>PT(\d+(?:\.\d+)?)S</.exec(body)?.[1] ?? '1');
    const limit = Number(/MessageLimit>(\d+)</.exec(body)?.[1] ?? '10');
    const answer = () => {
      clearTimeout(timer);
      sub.wake = undefined;
      if (res.writableEnded || res.destroyed) return;
      this.send(res, 200, 'application/soap+xml; charset=utf-8', soap.pullMessages(new Date(), sub.queue.splice(0, limit)));
    };
    const timer = setTimeout(answer, Math.min(timeoutS, 10) * 1000);
    if (sub.queue.length > 0) return answer();
    sub.wake = answer;
  }

  private snapshot(req: IncomingMessage, res: ServerResponse): void {
    if (this.opts.user && !this.httpAuthOk(req)) {
      const challenge = this.opts.httpAuth === 'basic'
        ? `Basic realm="${REALM}"`
        : `Digest realm="${REALM}", qop="auth", nonce="${this.newNonce()}", algorithm=MD5`;
      res.writeHead(401, { 'WWW-Authenticate': challenge, 'Content-Type': 'text/plain' });
      res.end('unauthorized');
      return;
    }
    this.snapshotsServed++;
    const jpeg = this.opts.jpeg ?? sampleJpeg();
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.byteLength });
    res.end(jpeg);
  }

  private newNonce(): string {
    const n = randomBytes(16).toString('hex');
    this.nonces.add(n);
    return n;
  }

  private httpAuthOk(req: IncomingMessage): boolean {
    const h = req.headers.authorization ?? '';
    const { user = '', pass = '' } = this.opts;
    if (this.opts.httpAuth === 'basic') {
      return h === `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    }
    if (!h.startsWith('Digest ')) return false;
    const p = Object.fromEntries([...h.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1], m[2] ?? m[3] ?? '']));
    if (p.username !== user || !p.nonce || !this.nonces.has(p.nonce)) return false;
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    const ha1 = md5(`${user}:${REALM}:${pass}`);
    const ha2 = md5(`${req.method}:${p.uri}`);
    return p.response === md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
  }

  /** WS-Security UsernameToken: Password = base64(sha1(nonce + created + password)). */
  private wsSecurityOk(body: string): boolean {
    const get = (tag: string) => new RegExp(`<(?:[A-Za-z0-9]+:)?${tag}[^>]*>([^<]*)</`).exec(body)?.[1];
    const user = get('Username');
    const digest = get('Password');
    const nonce = get('Nonce');
    const created = get('Created');
    if (!user || !digest || !nonce || !created || user !== this.opts.user) return false;
    const expected = createHash('sha1').update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created), Buffer.from(this.opts.pass ?? '')])).digest('base64');
    return expected === digest;
  }

  private send(res: ServerResponse, status: number, type: string, body: string): void {
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  private async startDiscovery(): Promise<void> {
    const multicast = this.opts.discovery === 'multicast';
    const udp = createSocket({ type: 'udp4', reuseAddr: multicast });
    this.udp = udp;
    udp.on('message', (msg, rinfo) => {
      if (this.offline) return;
      const text = msg.toString();
      if (!/Probe\b/.test(text) || /ProbeMatches/.test(text)) return;
      const relatesTo = /<(?:[A-Za-z0-9]+:)?MessageID>([^<]+)</.exec(text)?.[1] ?? '';
      const reply = soap.probeMatches({ relatesTo, urn: this.urn, xaddr: this.xaddr, name: this.opts.name ?? 'YardGuard SimCam', hardware: (this.opts.model ?? 'SimCam IPC-2').replace(/\s+/g, '-') });
      udp.send(reply, rinfo.port, rinfo.address);
    });
    if (multicast) {
      await new Promise<void>((resolve) => udp.bind(3702, resolve));
      udp.addMembership('239.255.255.250');
    } else {
      await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    }
    this.discoveryPort = udp.address().port;
  }
}

function subId(url: string): string {
  return /\/onvif\/pullpoint\/(\w+)/.exec(url)?.[1] ?? '';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.byteLength;
      if (size > 256 * 1024) req.destroy(new Error('request too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

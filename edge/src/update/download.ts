/**
 * A release download that survives a dropped link: bytes land in FILE.part, and the next try asks
 * for the rest (`Range: bytes=N-`). A server that ignores Range (200) starts the file again; 416
 * with a complete file is done. HTTP Basic with the gateway's login; the pinned CA for https.
 */
import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface DownloadOptions {
  url: string;
  file: string;
  bytes: number;
  username: string;
  password: string;
  ca?: string;
  /** Tries before giving up (each resumes where the last stopped). */
  attempts?: number;
  timeoutMs?: number;
  onProgress?(received: number): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function downloadResumable(opts: DownloadOptions): Promise<{ resumedAt: number[] }> {
  const part = `${opts.file}.part`;
  const resumedAt: number[] = [];
  const attempts = opts.attempts ?? 5;
  let lastError: Error | undefined;
  for (let i = 0; i < attempts; i++) {
    const have = existsSync(part) ? statSync(part).size : 0;
    if (have > opts.bytes) rmSync(part);
    else if (have === opts.bytes) break;
    try {
      if (have > 0) resumedAt.push(have);
      await fetchFrom(opts, part, have > opts.bytes ? 0 : have);
    } catch (e) {
      lastError = e as Error;
      await sleep(Math.min(5000, 200 * 2 ** i));
    }
  }
  const size = existsSync(part) ? statSync(part).size : 0;
  if (size !== opts.bytes) throw new Error(`download incomplete (${size} of ${opts.bytes} bytes): ${lastError?.message ?? 'server closed early'}`);
  renameSync(part, opts.file);
  return { resumedAt };
}

function fetchFrom(opts: DownloadOptions, part: string, offset: number): Promise<void> {
  const u = new URL(opts.url);
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<void>((resolve, reject) => {
    const req = request(u, {
      method: 'GET',
      headers: {
        authorization: `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`,
        ...(offset > 0 ? { range: `bytes=${offset}-` } : {}),
      },
      timeout: opts.timeoutMs ?? 30_000,
      ...(opts.ca ? { ca: opts.ca } : {}),
    }, (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status === 416 && offset === opts.bytes) {
        res.resume();
        return resolve();
      }
      if (status !== 200 && status !== 206) {
        res.resume();
        return reject(new Error(`HTTP ${status} from ${u.origin}${u.pathname}`));
      }
      // 200: the server sent the whole file, so start it again.
      const out = createWriteStream(part, { flags: status === 206 ? 'a' : 'w' });
      let received = status === 206 ? offset : 0;
      res.on('data', (c: Buffer) => {
        received += c.length;
        opts.onProgress?.(received);
      });
      res.pipe(out);
      // A dropped link: keep every byte received (flush, then fail) so the next try resumes after them.
      let broken: Error | undefined;
      const cut = (e: Error) => {
        broken ??= e;
        res.unpipe(out);
        out.end();
      };
      res.on('error', (e) => cut(e));
      res.on('aborted', () => cut(new Error('connection closed during the download')));
      out.on('error', reject);
      out.on('finish', () => (broken || !res.complete ? reject(broken ?? new Error('connection closed during the download')) : resolve()));
    });
    req.on('timeout', () => req.destroy(new Error(`no data for ${(opts.timeoutMs ?? 30_000) / 1000} s`)));
    req.on('error', reject);
    req.end();
  });
}

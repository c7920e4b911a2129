/**
 * An image behind the session: fetched with the Authorization header (an <img src> cannot send it),
 * shown from a blob URL. Blob URLs are kept for the most recent images, so a row that scrolls
 * back into a virtual list shows its snapshot at once instead of downloading it again.
 */
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client.js';
import { useApi } from '../api/session.js';

const KEEP = 120;
/** A snapshot can be named by an alert a moment before the gateway's upload lands: 404 is retried. */
const RETRIES = 6;
const RETRY_MS = 2000;

async function fetchBlobUrl(api: ApiClient, path: string, retries: number): Promise<string> {
  const token = api.token();
  const r = await fetch(api.url(path), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (r.ok) return URL.createObjectURL(await r.blob());
  if (r.status === 404 && retries > 0) {
    await new Promise((res) => setTimeout(res, RETRY_MS));
    return fetchBlobUrl(api, path, retries - 1);
  }
  throw new Error(String(r.status));
}
const cache = new Map<string, Promise<string>>();

function load(api: ApiClient, path: string): Promise<string> {
  const key = `${api.token() ?? ''} ${path}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit); // most recently used last
    return hit;
  }
  const p = fetchBlobUrl(api, path, RETRIES);
  p.catch(() => cache.delete(key));
  cache.set(key, p);
  while (cache.size > KEEP) {
    const [oldKey, old] = cache.entries().next().value as [string, Promise<string>];
    cache.delete(oldKey);
    void old.then((u) => URL.revokeObjectURL(u), () => {});
  }
  return p;
}

export function AuthImage({ path, alt, testId, className }: { path: string; alt: string; testId?: string; className?: string }) {
  const api = useApi();
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let alive = true;
    setFailed(false);
    load(api, path).then(
      (u) => alive && setSrc(u),
      () => alive && setFailed(true),
    );
    return () => {
      alive = false;
    };
  }, [api, path]);
  if (failed) return <div className={`img-missing ${className ?? ''}`} data-testid={testId} title={alt}>✕</div>;
  return src ? <img className={className} src={src} alt={alt} data-testid={testId} /> : <div className={`img-missing ${className ?? ''}`} data-testid={testId} />;
}

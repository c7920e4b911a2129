/** An image behind the session: fetched with the Authorization header (an <img src> cannot send it), shown from a blob URL. */
import { useEffect, useState } from 'react';
import { useApi } from '../api/session.js';

export function AuthImage({ path, alt, testId }: { path: string; alt: string; testId?: string }) {
  const api = useApi();
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let url: string | null = null;
    let alive = true;
    const token = api.token();
    fetch(api.url(path), { headers: token ? { authorization: `Bearer ${token}` } : {} })
      .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(String(r.status)))))
      .then((b) => {
        if (!alive) return;
        url = URL.createObjectURL(b);
        setSrc(url);
      })
      .catch(() => alive && setFailed(true));
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, path]);
  if (failed) return <div className="img-missing" data-testid={testId} title={alt}>✕</div>;
  return src ? <img src={src} alt={alt} data-testid={testId} loading="lazy" /> : <div className="img-missing" data-testid={testId} />;
}

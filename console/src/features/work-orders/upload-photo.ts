/** POST a raw image to /api/work-order-photos (the cloud stores it and returns its id). */
import { ApiError, type ApiClient } from '../../api/client.js';

/** The file's bytes; FileReader where Blob.arrayBuffer is missing (older phone browsers, jsdom). */
function readBytes(file: Blob): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer().then((b) => new Uint8Array(b));
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error ?? new Error('could not read the photo'));
    r.readAsArrayBuffer(file);
  });
}

export async function uploadPhoto(api: ApiClient, compoundId: string, file: Blob): Promise<string> {
  const token = api.token();
  let res: Response;
  try {
    res = await fetch(api.url('/api/work-order-photos', { compoundId }), {
      method: 'POST',
      headers: { 'content-type': file.type || 'image/jpeg', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: await readBytes(file),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', e instanceof Error ? e.message : String(e));
  }
  const body = (await res.json().catch(() => ({}))) as { photoId?: string; id?: string; error?: { code?: string; message?: string } };
  if (!res.ok) throw new ApiError(res.status, body.error?.code ?? `HTTP_${res.status}`, body.error?.message ?? res.statusText);
  const id = body.photoId ?? body.id;
  if (!id) throw new ApiError(res.status, 'BAD_RESPONSE', 'no photoId in the upload answer');
  return id;
}

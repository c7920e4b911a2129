/** POST a raw image to /api/work-order-photos (the cloud stores it and answers its id). */
import { ApiError, postBytes, type ApiClient } from '../../api/client.js';

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
  const answer = await postBytes(api, '/api/work-order-photos', { compoundId }, await readBytes(file), file.type || 'image/jpeg');
  const id = answer && typeof answer === 'object' && 'id' in answer ? answer.id : undefined;
  if (typeof id !== 'string' || !id) throw new ApiError(201, 'BAD_RESPONSE', 'no id in the upload answer');
  return id;
}

/** Files a page offers to save, caught at URL.createObjectURL (jsdom cannot download). */
import { vi } from 'vitest';

/** jsdom's Blob has no arrayBuffer(): read it as the browser's FileReader would. */
export function bytesOf(b: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(b);
  });
}

export function captureDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    blobs.push(b as Blob);
    return 'blob:test';
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
  return { blobs, names };
}

/** The CSV's lines (without the byte-order mark), after checking the mark is there for Excel. */
export async function csvLines(b: Blob): Promise<string[]> {
  const bytes = await bytesOf(b);
  if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) throw new Error('CSV without a UTF-8 byte-order mark');
  return new TextDecoder().decode(bytes).trim().split('\r\n');
}

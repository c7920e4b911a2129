/**
 * A real 16x16 baseline JPEG (543 bytes) served by the camera simulator: the Python logo test image
 * from CPython's Lib/test/imghdrdata/python.jpg (PSF licence). Starts FFD8, ends FFD9.
 */
export const SAMPLE_JPEG_BASE64 =
  '/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8Q' +
  'EBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ' +
  'EBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQID' +
  'BAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/' +
  '2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx' +
  '4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+' +
  'Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolv' +
  'w4KOp1KM6iCNvngZHwetf//Z';
export const sampleJpeg = (): Buffer => Buffer.from(SAMPLE_JPEG_BASE64, 'base64');

/**
 * The sample JPEG grown to about `bytes` with COM (comment) segments right after SOI: still a valid
 * JPEG that any decoder shows, but big enough to exercise the snapshot space cap.
 */
export function paddedJpeg(bytes: number): Buffer {
  const base = sampleJpeg();
  const segments: Buffer[] = [];
  let left = Math.max(0, bytes - base.byteLength);
  while (left > 4) {
    const len = Math.min(65_535, left); // segment length includes its own 2 length bytes
    const seg = Buffer.alloc(len + 2, 0x20);
    seg[0] = 0xff;
    seg[1] = 0xfe;
    seg.writeUInt16BE(len, 2);
    segments.push(seg);
    left -= len + 2;
  }
  return Buffer.concat([base.subarray(0, 2), ...segments, base.subarray(2)]);
}

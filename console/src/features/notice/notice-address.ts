/** The public notice board's address: `/notice/<token>` (what the QR code at the gate encodes) or `#/notice/<token>`. */
export function noticeTokenFromLocation(loc: Pick<Location, 'pathname' | 'hash'> = window.location): string | null {
  const m = /^\/notice\/([A-Za-z0-9_-]{16,64})\/?$/.exec(loc.pathname) ?? /^#\/notice\/([A-Za-z0-9_-]{16,64})\/?$/.exec(loc.hash);
  return m ? m[1]! : null;
}

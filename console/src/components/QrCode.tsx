/** A QR code drawn as one SVG path (uqr encodes; nothing is injected as HTML), with the text beside it to copy. */
import { useMemo, useState } from 'react';
import { encode } from 'uqr';
import { useI18n } from '../i18n/i18n.js';

/**
 * `border` is the quiet zone in modules (4 is the standard's minimum, for print); `ecc` 'M' survives
 * a scuffed printed notice, 'L' keeps a phone-screen code small.
 */
export function QrCode({ text, size = 200, label, testId, border = 2, ecc = 'L' }: { text: string; size?: number; label: string; testId?: string; border?: number; ecc?: 'L' | 'M' | 'Q' | 'H' }) {
  const path = useMemo(() => {
    const { data } = encode(text, { border, ecc });
    let d = '';
    data.forEach((row, y) => row.forEach((on, x) => on && (d += `M${x} ${y}h1v1h-1z`)));
    return { d, n: data.length };
  }, [text, border, ecc]);
  return (
    <svg className="qr" width={size} height={size} viewBox={`0 0 ${path.n} ${path.n}`} role="img" aria-label={label} data-testid={testId} data-text={text} shapeRendering="crispEdges">
      <rect width={path.n} height={path.n} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}

/** Copy a text to the clipboard, saying so; where the clipboard is not allowed the text is selected for a long-press copy. */
export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useI18n();
  const [done, setDone] = useState<'copied' | 'failed' | null>(null);
  return (
    <button
      type="button"
      className="btn btn-small"
      data-testid={testId}
      data-state={done ?? 'idle'}
      onClick={() => {
        const write = navigator.clipboard?.writeText(text);
        if (!write) return setDone('failed');
        write.then(() => setDone('copied'), () => setDone('failed'));
      }}
    >
      {done === 'copied' ? t('common.copied') : done === 'failed' ? t('common.copyFailed') : t('common.copy')}
    </button>
  );
}

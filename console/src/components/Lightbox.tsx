/** A snapshot (or several) enlarged over the page: tap outside, the close button or Esc to go back. */
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useI18n } from '../i18n/i18n.js';
import { AuthImage } from './AuthImage.js';

export function Lightbox({ paths, start = 0, caption, onClose }: { paths: readonly string[]; start?: number; caption?: string; onClose(): void }) {
  const { t } = useI18n();
  const [i, setI] = useState(start);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      if (e.key === 'ArrowRight') setI((n) => Math.min(paths.length - 1, n + 1));
      if (e.key === 'ArrowLeft') setI((n) => Math.max(0, n - 1));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, paths.length]);
  const path = paths[i];
  if (!path) return null;
  // On <body>: inside a virtual list row (a transformed box) `position: fixed` would not cover the screen.
  return createPortal(
    <div className="lightbox" role="dialog" aria-modal="true" data-testid="lightbox" onClick={onClose}>
      <div className="lightbox-body" onClick={(e) => e.stopPropagation()}>
        <AuthImage path={path} alt={caption ?? ''} testId="lightbox-image" className="lightbox-img" />
        <div className="lightbox-bar">
          {caption && <span>{caption}</span>}
          {paths.length > 1 && (
            <span className="row">
              <button type="button" className="btn btn-small" disabled={i === 0} onClick={() => setI(i - 1)}>
                ‹
              </button>
              {i + 1} / {paths.length}
              <button type="button" className="btn btn-small" disabled={i === paths.length - 1} onClick={() => setI(i + 1)}>
                ›
              </button>
            </span>
          )}
          <button type="button" className="btn btn-small" data-testid="lightbox-close" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}

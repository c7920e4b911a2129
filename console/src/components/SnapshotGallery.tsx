/** Thumbnails of snapshots or photos; a tap enlarges one in the lightbox (the alert card's), with the others a swipe away. */
import { useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { AuthImage } from './AuthImage.js';
import { Lightbox } from './Lightbox.js';

export interface GalleryItem {
  path: string;
  /** Under the thumbnail (the time it was taken), also the lightbox caption. */
  caption?: string;
}

export function SnapshotGallery({ items, alt, testId = 'snapshot' }: { items: readonly GalleryItem[]; alt: string; testId?: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState<number | null>(null);
  if (items.length === 0) return null;
  return (
    <div className="snapshots">
      {items.map((it, i) => (
        <figure key={it.path} className="snapshot-figure">
          <button type="button" className="snapshot-thumb" onClick={() => setOpen(i)} aria-label={t('alertCard.enlarge')} data-testid={`${testId}-open`}>
            <AuthImage path={it.path} alt={it.caption ?? alt} testId={testId} />
          </button>
          {it.caption && <figcaption className="muted">{it.caption}</figcaption>}
        </figure>
      ))}
      {open !== null && <Lightbox paths={items.map((it) => it.path)} start={open} caption={items[open]?.caption ?? alt} onClose={() => setOpen(null)} />}
    </div>
  );
}

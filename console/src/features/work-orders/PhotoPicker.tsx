/** Photos picked on the phone, shown as previews before they are uploaded (one can be removed); at most the contract's 9. */
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';

/** The contract's limit (createWorkOrderRequest.photoIds max 9). */
export const MAX_PHOTOS = 9;

/** The picked photos, clipped to MAX_PHOTOS (saying so when more were picked); `props` go to PhotoPicker. */
export function usePickedPhotos() {
  const [photos, setPhotos] = useState<File[]>([]);
  const [tooMany, setTooMany] = useState(false);
  const onChange = (next: File[]) => {
    setTooMany(next.length > MAX_PHOTOS);
    setPhotos(next.slice(0, MAX_PHOTOS));
  };
  return { photos, clear: () => onChange([]), props: { photos, tooMany, onChange } };
}

/** testId: the file input; `<testId>-count`, `-preview`, `-remove` for the rest. */
export function PhotoPicker({ photos, tooMany, onChange, testId, label }: { photos: File[]; tooMany: boolean; onChange(files: File[]): void; testId: string; label: string }) {
  const { t } = useI18n();
  const urls = useMemo(() => photos.map((p) => (typeof URL.createObjectURL === 'function' ? URL.createObjectURL(p) : '')), [photos]);
  useEffect(() => () => urls.forEach((u) => u && URL.revokeObjectURL(u)), [urls]);
  return (
    <div className="photo-picker">
      <label>
        {label}
        <input type="file" accept="image/*" multiple disabled={photos.length >= MAX_PHOTOS} data-testid={testId}
          onChange={(e) => {
            onChange([...photos, ...Array.from(e.target.files ?? [])]);
            e.target.value = '';
          }} />
      </label>
      <p className="muted" data-testid={`${testId}-count`}>{t('resident.photoCount', { n: photos.length })}</p>
      {tooMany && <p className="error" role="alert">{t('resident.photoTooMany')}</p>}
      <div className="photo-previews">
        {photos.map((p, i) => (
          <figure key={`${p.name}-${i}`}>
            <img src={urls[i]} alt={p.name} data-testid={`${testId}-preview`} />
            <button type="button" className="btn btn-small" aria-label={t('resident.photoRemove')} data-testid={`${testId}-remove`}
              onClick={() => onChange(photos.filter((_, j) => j !== i))}>
              ×
            </button>
          </figure>
        ))}
      </div>
    </div>
  );
}

/** Create a work order (点单): compound, category, title, description, location, up to 9 photos with previews. */
import { useState, type FormEvent } from 'react';
import type { Compound, CreateWorkOrderRequest, WorkOrder, WorkOrderCategoryList } from '../../api/types.js';
import { useApi } from '../../api/session.js';
import { must, useTypedApi } from '../../api/typed.js';
import { ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { uploadPhoto } from './upload-photo.js';
import { PhotoPicker, usePickedPhotos } from './PhotoPicker.js';

type Category = WorkOrderCategoryList['categories'][number];

export function NewWorkOrder({
  compounds,
  categories,
  defaultCompound,
  onCreated,
  withPhoto,
}: {
  compounds: readonly Compound[];
  categories: readonly Category[];
  defaultCompound?: string;
  onCreated(wo: WorkOrder): void;
  withPhoto?: boolean;
}) {
  const api = useTypedApi();
  const upload = useApi();
  const { t, lang } = useI18n();
  const [compoundId, setCompoundId] = useState(defaultCompound || '');
  const [category, setCategory] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [location, setLocation] = useState('');
  const picked = usePickedPhotos();
  const { photos } = picked;
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const compound = compoundId || compounds[0]?.id || '';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      // One after another: a phone on a weak signal does better with one upload at a time.
      const photoIds: string[] = [];
      for (const p of photos) photoIds.push(await uploadPhoto(upload, compound, p));
      const body: CreateWorkOrderRequest = {
        compoundId: compound,
        category: (category || categories[0]?.id || 'other') as CreateWorkOrderRequest['category'],
        title: title.trim(),
        description: description.trim() || undefined,
        location: location.trim() || undefined,
        photoIds,
      };
      const wo = await must(api.POST('/api/work-orders', { body }));
      onCreated(wo);
      setTitle('');
      setDescription('');
      setLocation('');
      picked.clear();
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} data-testid="wo-new-form">
      {compounds.length > 1 && (
        <label>
          {t('wo.compound')}
          <select value={compound} onChange={(e) => setCompoundId(e.target.value)}>
            {compounds.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        {t('wo.category')}
        <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="wo-new-category">
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {lang === 'zh' ? c.zh : c.en}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('wo.titleField')}
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={120} data-testid="wo-new-title" />
      </label>
      <label>
        {t('wo.location')}
        <input value={location} onChange={(e) => setLocation(e.target.value)} maxLength={120} />
      </label>
      <label>
        {t('wo.description')}
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} rows={3} />
      </label>
      {withPhoto && (
        <PhotoPicker testId="wo-new-photo" label={t('resident.photos')} {...picked.props} />
      )}
      <ErrorLine error={error} />
      {done && (
        <p className="ok" data-testid="wo-new-done">
          {t('wo.created')}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy || !compound} data-testid="wo-new-submit">
        {t('common.submit')}
      </button>
    </form>
  );
}

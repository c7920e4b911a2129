/** Create a recurring pattern for a post: 24 h on / 48 h off, day-night 12 h, or custom hours. */
import { useState, type FormEvent } from 'react';
import type { Post } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { ErrorLine } from '../../components/ui.js';
import { useDirectory } from '../../components/use-directory.js';
import { useI18n } from '../../i18n/i18n.js';
import { chinaDate, fromChinaLocal } from '../../format.js';

const patterns = ['24on48off', 'day_night_12h', 'custom'] as const;

export function RosterForm({ posts, compoundId, onCreated }: { posts: readonly Post[]; compoundId: string; onCreated(): void }) {
  const api = useTypedApi();
  const { t } = useI18n();
  const dir = useDirectory();
  const [postId, setPostId] = useState(posts[0]?.id ?? '');
  const [pattern, setPattern] = useState<(typeof patterns)[number]>('24on48off');
  const [hours, setHours] = useState(8);
  // Shifts change at 08:00 China time, today in China (the UTC date is yesterday before 08:00 Beijing).
  const [anchor, setAnchor] = useState(() => `${chinaDate()}T08:00`);
  const [guards, setGuards] = useState<string[]>([]);
  const [error, setError] = useState<unknown>(null);
  const candidates = dir.users.filter((u) => u.role === 'guard' && u.compoundIds.includes(compoundId));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const body = { pattern, shiftHours: pattern === 'custom' ? hours : undefined, anchorAt: fromChinaLocal(anchor).toISOString(), guardIds: guards };
      await must(api.POST('/api/posts/{postId}/rosters', { params: { path: { postId } }, body }));
      setGuards([]);
      onCreated();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form className="form" onSubmit={submit}>
      <div className="row">
        <select value={postId} onChange={(e) => setPostId(e.target.value)} aria-label={t('shifts.post')}>
          {posts.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
        <select value={pattern} onChange={(e) => setPattern(e.target.value as (typeof patterns)[number])} aria-label={t('shifts.recurring')}>
          {patterns.map((p) => (
            <option key={p} value={p}>
              {t(`pattern.${p}`)}
            </option>
          ))}
        </select>
        {pattern === 'custom' && <input type="number" min={1} max={72} value={hours} onChange={(e) => setHours(Number(e.target.value) || 8)} aria-label={t('shifts.hours')} />}
        <input type="datetime-local" value={anchor} onChange={(e) => setAnchor(e.target.value)} aria-label={t('shifts.anchor')} />
      </div>
      <div className="row">
        {candidates.map((u) => (
          <label key={u.id} style={{ flexDirection: 'row', alignItems: 'center' }}>
            <input
              type="checkbox"
              checked={guards.includes(u.id)}
              onChange={(e) => setGuards((g) => (e.target.checked ? [...g, u.id] : g.filter((x) => x !== u.id)))}
              style={{ minHeight: 0 }}
            />
            {u.displayName}
          </label>
        ))}
      </div>
      <ErrorLine error={error} />
      <button type="submit" className="btn btn-primary" disabled={!postId || guards.length === 0}>
        {t('shifts.addRoster')}
      </button>
    </form>
  );
}

/** Add a guard post (e.g. 大门岗) to a compound. */
export function NewPost({ compoundId, onCreated }: { compoundId: string; onCreated(): void }) {
  const api = useTypedApi();
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await must(api.POST('/api/compounds/{compoundId}/posts', { params: { path: { compoundId } }, body: { name: name.trim() } }));
      setName('');
      onCreated();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="row" onSubmit={submit}>
      <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} placeholder={t('shifts.newPost')} aria-label={t('shifts.newPost')} data-testid="post-name" />
      <button type="submit" className="btn" data-testid="post-submit">
        {t('common.submit')}
      </button>
      <ErrorLine error={error} />
    </form>
  );
}

/** My account: who I am, and changing my password (other sessions are signed out by the cloud). */
import { useState, type FormEvent } from 'react';
import { useSession } from '../../api/session.js';
import { must, useTypedApi } from '../../api/typed.js';
import { Card, ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';

export default function Account() {
  const { session } = useSession();
  const api = useTypedApi();
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const user = session!.user;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      await must(api.POST('/api/auth/password', { body: { currentPassword: current, newPassword: next } }));
      setCurrent('');
      setNext('');
      setDone(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div className="page resident">
      <h1>{t('account.title')}</h1>
      <Card>
        <dl className="kv">
          <dt>{t('login.username')}</dt>
          <dd>{user.username}</dd>
          <dt>{t('account.name')}</dt>
          <dd>{user.displayName}</dd>
          <dt>{t('account.role')}</dt>
          <dd>{t(`role.${user.role}`)}</dd>
        </dl>
      </Card>
      <Card title={t('account.changePassword')}>
        <form className="form" onSubmit={submit}>
          <label>
            {t('account.currentPassword')}
            <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
          </label>
          <label>
            {t('account.newPassword')}
            <input type="password" autoComplete="new-password" minLength={8} value={next} onChange={(e) => setNext(e.target.value)} required />
          </label>
          <ErrorLine error={error} />
          {done && <p className="ok">{t('account.changed')}</p>}
          <button type="submit" className="btn btn-primary">
            {t('common.save')}
          </button>
        </form>
      </Card>
    </div>
  );
}

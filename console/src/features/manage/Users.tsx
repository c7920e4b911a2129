/**
 * Accounts of my compounds: create (role + compounds), change compounds, disable/enable, reset the
 * password. Admins manage anyone; managers the guards, staff, installers and residents of their
 * compounds (the cloud checks it; the buttons only show where it would agree).
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateUserRequest, Role, UpdateUserRequest, User } from '../../api/types.js';
import { useSession } from '../../api/session.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { useDirectory, type Directory } from '../../components/use-directory.js';
import { useI18n } from '../../i18n/i18n.js';

const ALL_ROLES: Role[] = ['admin', 'manager', 'guard', 'staff', 'installer', 'resident', 'grid_leader', 'committee', 'community', 'street'];
/** Same rule as the cloud's users/routes.ts. */
const MANAGER_MAY_MANAGE: Role[] = ['guard', 'staff', 'installer', 'resident'];

export function manageableRoles(actor: Role): Role[] {
  return actor === 'admin' ? ALL_ROLES : MANAGER_MAY_MANAGE;
}

/** A write to one account; the cloud's answer replaces (or adds) it in the session's user list. */
function useUserWrite<A>(write: (arg: A) => Promise<User>, after?: (u: User) => void) {
  const cache = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: (u) => {
      cache.setQueryData<User[]>(queryKeys.users, (prev = []) => (prev.some((x) => x.id === u.id) ? prev.map((x) => (x.id === u.id ? u : x)) : [u, ...prev]));
      after?.(u);
    },
  });
}

export default function Users() {
  const { t, tx } = useI18n();
  const { session } = useSession();
  const dir = useDirectory();
  const actor = session!.user.role;
  const [role, setRole] = useState('');
  const [search, setSearch] = useState('');
  const list = dir.users;
  const shown = useMemo(() => {
    const words = search.trim().toLowerCase();
    return list.filter((u) => (!role || u.role === role) && (!words || u.username.toLowerCase().includes(words) || u.displayName.toLowerCase().includes(words)));
  }, [list, role, search]);
  return (
    <div className="manage-users">
      <Card title={t('manage.tab.users')} actions={<span className="muted" data-testid="user-count">{t('user.count', { n: shown.length })}</span>}>
        <div className="toolbar">
          <label>
            {t('user.filterRole')}
            <select value={role} onChange={(e) => setRole(e.target.value)} data-testid="user-filter-role">
              <option value="">{t('common.all')}</option>
              {ALL_ROLES.map((r) => (
                <option key={r} value={r}>{tx('role', r)}</option>
              ))}
            </select>
          </label>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('user.search')} aria-label={t('user.search')} data-testid="user-search" />
        </div>
        {dir.users.length === 0 ? <Loading /> : null}
        <ul className="plain-list" data-testid="user-list">
          {shown.map((u) => (
            <UserRow key={u.id} user={u} dir={dir} mayManage={manageableRoles(actor).includes(u.role) && u.id !== session!.user.id} />
          ))}
        </ul>
      </Card>
      <Card title={t('user.add')}>
        <NewUser dir={dir} actor={actor} />
      </Card>
    </div>
  );
}

function CompoundPicks({ dir, value, onChange, testPrefix }: { dir: Directory; value: string[]; onChange(ids: string[]): void; testPrefix: string }) {
  return (
    <span className="checks">
      {dir.compounds.map((c) => (
        <label key={c.id} className="check">
          <input type="checkbox" checked={value.includes(c.id)} data-testid={`${testPrefix}-${c.id}`}
            onChange={(e) => onChange(e.target.checked ? [...value, c.id] : value.filter((x) => x !== c.id))} />
          {c.name}
        </label>
      ))}
    </span>
  );
}

function UserRow({ user: u, dir, mayManage }: { user: User; dir: Directory; mayManage: boolean }) {
  const { t, tx } = useI18n();
  const api = useTypedApi();
  const [open, setOpen] = useState<'password' | 'compounds' | null>(null);
  const [password, setPassword] = useState('');
  const [compounds, setCompounds] = useState(u.compoundIds);
  const [done, setDone] = useState(false);
  const name = u.displayName || u.username;
  const write = useUserWrite((body: UpdateUserRequest) => must(api.PATCH('/api/users/{userId}', { params: { path: { userId: u.id } }, body })));
  const patch = (body: UpdateUserRequest, after?: () => void) => write.mutate(body, { onSuccess: () => after?.() });
  const action = { busy: write.isPending, error: write.error };
  return (
    <li className={`user-row${u.disabled ? ' disabled' : ''}`} data-testid="user-row" data-user-id={u.id} data-disabled={u.disabled} data-role={u.role}>
      <div>
        <strong>{name}</strong> <span className="muted">@{u.username}</span> · {tx('role', u.role)}
        {u.disabled && <span className="badge state-offline">{t('user.disabled')}</span>}
        <br />
        <span className="muted" data-testid="user-compounds">{u.compoundIds.map((c) => dir.compoundName(c)).join('、') || '—'}</span>
        {u.phone && <span className="muted"> · {u.phone}</span>}
      </div>
      {mayManage && (
        <div className="row-actions">
          <button type="button" className="btn btn-small" data-testid="user-reset" onClick={() => setOpen(open === 'password' ? null : 'password')}>
            {t('user.resetPassword')}
          </button>
          <button type="button" className="btn btn-small" data-testid="user-compounds-edit" onClick={() => setOpen(open === 'compounds' ? null : 'compounds')}>
            {t('user.editCompounds')}
          </button>
          <button type="button" className={`btn btn-small${u.disabled ? '' : ' btn-danger'}`} disabled={action.busy} data-testid="user-toggle"
            onClick={() => {
              if (!u.disabled && !window.confirm(t('user.disableConfirm', { name }))) return;
              patch({ disabled: !u.disabled });
            }}>
            {u.disabled ? t('user.enable') : t('user.disable')}
          </button>
        </div>
      )}
      {open === 'password' && (
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); patch({ password }, () => { setPassword(''); setOpen(null); setDone(true); }); }}>
          <input type="password" value={password} minLength={8} required autoComplete="new-password" aria-label={t('user.newPassword')} placeholder={t('user.newPassword')}
            onChange={(e) => setPassword(e.target.value)} data-testid="user-reset-password" />
          <button type="submit" className="btn btn-small btn-primary" disabled={action.busy} data-testid="user-reset-submit">{t('common.save')}</button>
        </form>
      )}
      {done && <p className="ok" data-testid="user-reset-done">{t('user.resetDone')}</p>}
      {open === 'compounds' && (
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); patch({ compoundIds: compounds }, () => setOpen(null)); }}>
          <CompoundPicks dir={dir} value={compounds} onChange={setCompounds} testPrefix="user-edit-compound" />
          <button type="submit" className="btn btn-small btn-primary" disabled={action.busy || compounds.length === 0} data-testid="user-compounds-save">{t('common.save')}</button>
        </form>
      )}
      <ErrorLine error={action.error} />
    </li>
  );
}

function NewUser({ dir, actor }: { dir: Directory; actor: Role }) {
  const { t, tx } = useI18n();
  const api = useTypedApi();
  const roles = manageableRoles(actor);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('guard');
  const [phone, setPhone] = useState('');
  const [compoundIds, setCompoundIds] = useState<string[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const needsCompound = actor !== 'admin' || role !== 'admin';
  const create = useUserWrite(
    (body: CreateUserRequest) => must(api.POST('/api/users', { body })),
    (u) => {
      setCreated(u.displayName || u.username);
      setUsername('');
      setDisplayName('');
      setPassword('');
      setPhone('');
    },
  );
  const action = { busy: create.isPending, error: create.error };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ username: username.trim(), displayName: displayName.trim(), password, role, compoundIds, ...(phone.trim() ? { phone: phone.trim() } : {}) });
  };
  return (
    <form className="form-grid" onSubmit={submit} data-testid="user-form">
      <label>
        {t('user.displayName')}
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} required maxLength={60} data-testid="user-new-name" />
      </label>
      <label>
        {t('user.username')}
        <input value={username} onChange={(e) => setUsername(e.target.value)} required pattern="[A-Za-z0-9_.\-]{2,64}" autoComplete="off" data-testid="user-new-username" />
      </label>
      <label>
        {t('user.password')}
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={8} autoComplete="new-password" data-testid="user-new-password" />
      </label>
      <label>
        {t('user.role')}
        <select value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="user-new-role">
          {roles.map((r) => (
            <option key={r} value={r}>{tx('role', r)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('user.phone')}
        <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} data-testid="user-new-phone" />
      </label>
      <fieldset>
        <legend>{t('user.compounds')}</legend>
        <CompoundPicks dir={dir} value={compoundIds} onChange={setCompoundIds} testPrefix="user-new-compound" />
        {needsCompound && compoundIds.length === 0 && <p className="muted">{t('user.noCompound')}</p>}
      </fieldset>
      <button type="submit" className="btn btn-primary" disabled={action.busy || (needsCompound && compoundIds.length === 0)} data-testid="user-new-submit">
        {t('user.add')}
      </button>
      {created && <p className="ok" data-testid="user-created">{t('user.created', { name: created })}</p>}
      <ErrorLine error={action.error} />
    </form>
  );
}

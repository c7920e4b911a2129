/** Robot channels of a compound (WeCom, DingTalk, Feishu, webhook): add, test now, pause/resume, remove; the recent delivery log. */
import { useState, type FormEvent } from 'react';
import type {
  AlertSeverity, CreateNotifyChannelRequest, NotificationList, NotifyChannel, NotifyChannelKind, NotifyChannelList, NotifyTestResponse,
} from '../../api/types.js';
import { useApi } from '../../api/session.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { CompoundSelect, useCompoundChoice } from '../../components/CompoundSelect.js';
import { useAction } from '../../components/use-action.js';
import { useDirectory } from '../../components/use-directory.js';
import { useFetch } from '../../components/use-fetch.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../format.js';

const kinds: NotifyChannelKind[] = ['wecom', 'dingtalk', 'feishu', 'webhook'];
const severities: AlertSeverity[] = ['critical', 'high', 'medium', 'low'];

export default function Channels() {
  const { t } = useI18n();
  const dir = useDirectory();
  const [compoundId, setCompound] = useCompoundChoice(dir);
  return (
    <div className="manage-channels">
      <div className="toolbar">
        <CompoundSelect dir={dir} value={compoundId} onChange={setCompound} testId="channel-compound" />
      </div>
      {compoundId ? <CompoundChannels key={compoundId} compoundId={compoundId} /> : dir.compounds.length === 0 ? <Loading /> : <p className="muted">{t('common.none')}</p>}
    </div>
  );
}

function CompoundChannels({ compoundId }: { compoundId: string }) {
  const { t, tx, lang } = useI18n();
  const base = `/api/compounds/${encodeURIComponent(compoundId)}`;
  const list = useFetch(async (a) => (await a.get<NotifyChannelList>(`${base}/notify-channels`)).channels, [compoundId]);
  const log = useFetch(async (a) => (await a.get<NotificationList>(`${base}/notifications`, { limit: 20 })).notifications, [compoundId]);
  const channelName = (id: string) => list.data?.find((c) => c.id === id)?.name ?? id;
  return (
    <>
      <Card title={t('manage.tab.channels')}>
        <ErrorLine error={list.error} onRetry={list.reload} />
        {list.loading && !list.data ? <Loading /> : null}
        {list.data?.length === 0 && <p className="muted empty" data-testid="channel-none">{t('channel.none')}</p>}
        <ul className="plain-list" data-testid="channel-list">
          {(list.data ?? []).map((c) => (
            <ChannelRow key={c.id} channel={c} onChanged={(next) => list.setData((cs) => (next ? cs?.map((x) => (x.id === next.id ? next : x)) : cs?.filter((x) => x.id !== c.id)))} />
          ))}
        </ul>
      </Card>
      <Card title={t('channel.add')}>
        <AddChannel base={base} onAdded={(c) => list.setData((cs) => [...(cs ?? []), c])} />
      </Card>
      <Card title={t('channel.log')}>
        <ErrorLine error={log.error} onRetry={log.reload} />
        <div className="table-wrap">
          <table data-testid="channel-log">
            <tbody>
              {(log.data ?? []).map((n) => (
                <tr key={n.id} data-status={n.status}>
                  <td>{formatTime(n.createdAt, lang)}</td>
                  <td>{channelName(n.channelId)}</td>
                  <td>{tx('channel.log', n.status)}</td>
                  <td>{t('channel.attempts', { n: n.attempts })}</td>
                  <td className="muted">{n.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}

function ChannelRow({ channel: c, onChanged }: { channel: NotifyChannel; onChanged(next: NotifyChannel | null): void }) {
  const { t, tx } = useI18n();
  const api = useApi();
  const action = useAction();
  const [test, setTest] = useState<NotifyTestResponse | null>(null);
  const path = `/api/notify-channels/${encodeURIComponent(c.id)}`;
  return (
    <li className="channel-row" data-testid="channel-row" data-channel-id={c.id} data-enabled={c.enabled}>
      <div>
        <strong>{c.name}</strong> · {tx('channel.kind', c.kind)} · ≥ {tx('severity', c.minSeverity)}
        <span className={`badge ${c.enabled ? 'state-online' : 'state-offline'}`}>{c.enabled ? t('channel.active') : t('channel.paused')}</span>
        <br />
        <code className="muted">{c.urlMasked}</code>
      </div>
      <div className="row-actions">
        <button type="button" className="btn btn-small" disabled={action.busy} data-testid="channel-test"
          onClick={() => void action.run(async () => setTest(await api.post<NotifyTestResponse>(`${path}/test`)))}>
          {t('channel.test')}
        </button>
        <button type="button" className="btn btn-small" disabled={action.busy} data-testid="channel-toggle"
          onClick={() => void action.run(async () => onChanged(await api.patch<NotifyChannel>(path, { enabled: !c.enabled })))}>
          {c.enabled ? t('channel.pause') : t('channel.resume')}
        </button>
        <button type="button" className="btn btn-small btn-danger" disabled={action.busy} data-testid="channel-delete"
          onClick={() => {
            if (!window.confirm(t('channel.removeConfirm', { name: c.name }))) return;
            void action.run(async () => {
              await api.del(path);
              onChanged(null);
            });
          }}>
          {t('channel.remove')}
        </button>
      </div>
      {test && (
        <p className={test.delivered ? 'ok' : 'error'} data-testid="channel-test-result" data-delivered={test.delivered}>
          {test.delivered ? t('channel.testOk') : t('channel.testFailed', { error: test.error ?? '' })}
        </p>
      )}
      <ErrorLine error={action.error} />
    </li>
  );
}

function AddChannel({ base, onAdded }: { base: string; onAdded(c: NotifyChannel): void }) {
  const { t, tx } = useI18n();
  const api = useApi();
  const action = useAction();
  const [kind, setKind] = useState<NotifyChannelKind>('wecom');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [minSeverity, setMinSeverity] = useState<AlertSeverity>('high');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: CreateNotifyChannelRequest = { kind, name: name.trim(), url: url.trim(), minSeverity, ...(secret ? { secret } : {}) };
    void action.run(async () => {
      onAdded(await api.post<NotifyChannel>(`${base}/notify-channels`, body));
      setName('');
      setUrl('');
      setSecret('');
    });
  };
  return (
    <form className="form-grid" onSubmit={submit} data-testid="channel-form">
      <label>
        {t('channel.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value as NotifyChannelKind)} data-testid="channel-kind">
          {kinds.map((k) => (
            <option key={k} value={k}>{tx('channel.kind', k)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('channel.name')}
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} data-testid="channel-name" />
      </label>
      <label>
        {t('channel.url')}
        <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} required placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" data-testid="channel-url" />
      </label>
      {kind !== 'wecom' && (
        <label>
          {t('channel.secret')}
          <input value={secret} onChange={(e) => setSecret(e.target.value)} maxLength={200} autoComplete="off" data-testid="channel-secret" />
        </label>
      )}
      <label>
        {t('channel.minSeverity')}
        <select value={minSeverity} onChange={(e) => setMinSeverity(e.target.value as AlertSeverity)} data-testid="channel-severity">
          {severities.map((s) => (
            <option key={s} value={s}>{tx('severity', s)}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn btn-primary" disabled={action.busy} data-testid="channel-submit">
        {t('channel.add')}
      </button>
      <ErrorLine error={action.error} />
    </form>
  );
}

/** Robot channels of a compound (WeCom, DingTalk, Feishu, webhook): add, test now, pause/resume, remove; the recent delivery log. */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AlertSeverity, CreateNotifyChannelRequest, NotifyChannel, NotifyChannelKind } from '../../api/types.js';
import { must, useTypedApi } from '../../api/typed.js';
import { queryKeys } from '../../api/queries.js';
import { Card, ErrorLine, Loading } from '../../components/ui.js';
import { CompoundSelect, useCompoundChoice } from '../../components/CompoundSelect.js';
import { useDirectory } from '../../components/use-directory.js';
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
  const api = useTypedApi();
  const path = { compoundId };
  const list = useQuery({
    queryKey: queryKeys.notifyChannels(compoundId),
    queryFn: async () => (await must(api.GET('/api/compounds/{compoundId}/notify-channels', { params: { path } }))).channels,
  });
  const log = useQuery({
    queryKey: queryKeys.notifications(compoundId),
    queryFn: async () => (await must(api.GET('/api/compounds/{compoundId}/notifications', { params: { path, query: { limit: 20 } } }))).notifications,
  });
  const channelName = (id: string) => list.data?.find((c) => c.id === id)?.name ?? id;
  return (
    <>
      <Card title={t('manage.tab.channels')}>
        <ErrorLine error={list.error} onRetry={() => void list.refetch()} />
        {list.isPending ? <Loading /> : null}
        {list.data?.length === 0 && <p className="muted empty" data-testid="channel-none">{t('channel.none')}</p>}
        <ul className="plain-list" data-testid="channel-list">
          {(list.data ?? []).map((c) => (
            <ChannelRow key={c.id} channel={c} />
          ))}
        </ul>
      </Card>
      <Card title={t('channel.add')}>
        <AddChannel compoundId={compoundId} />
      </Card>
      <Card title={t('channel.log')}>
        <ErrorLine error={log.error} onRetry={() => void log.refetch()} />
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

/** Writes to a channel change the compound's list (and a test adds to the delivery log). */
function useChannelWrite<T>(compoundId: string, fn: () => Promise<T>) {
  const cache = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void cache.invalidateQueries({ queryKey: queryKeys.notifyChannels(compoundId) });
      void cache.invalidateQueries({ queryKey: queryKeys.notifications(compoundId) });
    },
  });
}

function ChannelRow({ channel: c }: { channel: NotifyChannel }) {
  const { t, tx } = useI18n();
  const api = useTypedApi();
  const params = { path: { channelId: c.id } };
  const test = useChannelWrite(c.compoundId, () => must(api.POST('/api/notify-channels/{channelId}/test', { params })));
  const toggle = useChannelWrite(c.compoundId, () => must(api.PATCH('/api/notify-channels/{channelId}', { params, body: { enabled: !c.enabled } })));
  const remove = useChannelWrite(c.compoundId, () => must(api.DELETE('/api/notify-channels/{channelId}', { params })));
  const busy = test.isPending || toggle.isPending || remove.isPending;
  const result = test.data;
  return (
    <li className="channel-row" data-testid="channel-row" data-channel-id={c.id} data-enabled={c.enabled}>
      <div>
        <strong>{c.name}</strong> · {tx('channel.kind', c.kind)} · ≥ {tx('severity', c.minSeverity)}
        <span className={`badge ${c.enabled ? 'state-online' : 'state-offline'}`}>{c.enabled ? t('channel.active') : t('channel.paused')}</span>
        <br />
        <code className="muted">{c.urlMasked}</code>
      </div>
      <div className="row-actions">
        <button type="button" className="btn btn-small" disabled={busy} data-testid="channel-test" onClick={() => test.mutate()}>
          {t('channel.test')}
        </button>
        <button type="button" className="btn btn-small" disabled={busy} data-testid="channel-toggle" onClick={() => toggle.mutate()}>
          {c.enabled ? t('channel.pause') : t('channel.resume')}
        </button>
        <button type="button" className="btn btn-small btn-danger" disabled={busy} data-testid="channel-delete"
          onClick={() => window.confirm(t('channel.removeConfirm', { name: c.name })) && remove.mutate()}>
          {t('channel.remove')}
        </button>
      </div>
      {result && (
        <p className={result.delivered ? 'ok' : 'error'} data-testid="channel-test-result" data-delivered={result.delivered}>
          {result.delivered ? t('channel.testOk') : t('channel.testFailed', { error: result.error ?? '' })}
        </p>
      )}
      <ErrorLine error={test.error ?? toggle.error ?? remove.error} />
    </li>
  );
}

function AddChannel({ compoundId }: { compoundId: string }) {
  const { t, tx } = useI18n();
  const api = useTypedApi();
  const [kind, setKind] = useState<NotifyChannelKind>('wecom');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [minSeverity, setMinSeverity] = useState<AlertSeverity>('high');
  const add = useChannelWrite(compoundId, async () => {
    const body: CreateNotifyChannelRequest = { kind, name: name.trim(), url: url.trim(), minSeverity, ...(secret ? { secret } : {}) };
    await must(api.POST('/api/compounds/{compoundId}/notify-channels', { params: { path: { compoundId } }, body }));
    setName('');
    setUrl('');
    setSecret('');
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
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
      <button type="submit" className="btn btn-primary" disabled={add.isPending} data-testid="channel-submit">
        {t('channel.add')}
      </button>
      <ErrorLine error={add.error} />
    </form>
  );
}

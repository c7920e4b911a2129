/** 管理: the managers' settings, one tab per job (`#/manage/<tab>`): channels, users, alert policy, gate-open audit. */
import { lazy, Suspense } from 'react';
import { Loading } from '../../components/ui.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';
import { href, useRoute } from '../../router.js';

const tabs = {
  channels: lazy(() => import('./Channels.js')),
  users: lazy(() => import('./Users.js')),
  policy: lazy(() => import('./AlertPolicyForm.js')),
  audit: lazy(() => import('./GateAudit.js')),
} as const;
type Tab = keyof typeof tabs;
const tabIds = Object.keys(tabs) as Tab[];

export default function Manage() {
  const { t } = useI18n();
  const route = useRoute();
  const asked = route.path[1] as Tab | undefined;
  const tab: Tab = asked && tabIds.includes(asked) ? asked : 'channels';
  const Body = tabs[tab];
  return (
    <div className="page" data-testid="manage" data-tab={tab}>
      <h1>{t('manage.title')}</h1>
      <nav className="tabs" role="tablist">
        {tabIds.map((id) => (
          <a key={id} role="tab" aria-selected={id === tab} className={id === tab ? 'active' : ''} href={href('manage', id)} data-testid={`manage-tab-${id}`}>
            {t(`manage.tab.${id}` as MessageKey)}
          </a>
        ))}
      </nav>
      <Suspense fallback={<Loading />}>
        <Body />
      </Suspense>
    </div>
  );
}

/** Render a page inside the real providers, signed in as a given role, against a test API. */
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nProvider, type Lang } from '../i18n/i18n.js';
import { SessionProvider, type Session } from '../api/session.js';
import type { Role } from '../api/types.js';

export function sessionAs(role: Role, extra: Partial<Session['user']> = {}): Session {
  return { token: `tok-${role}`, user: { id: `u-${role}`, username: role, displayName: `${role} user`, role, compoundIds: ['c1'], ...extra } };
}

export function renderPage(ui: ReactElement, opts: { baseUrl: string; session?: Session | null; lang?: Lang }) {
  return render(
    <I18nProvider initial={opts.lang ?? 'zh'}>
      <SessionProvider baseUrl={opts.baseUrl} initial={opts.session === undefined ? sessionAs('guard') : opts.session}>
        {ui}
      </SessionProvider>
    </I18nProvider>,
  );
}

import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider, LangSwitch, translate, useI18n } from './i18n.js';
import { zh } from './zh.js';
import { en } from './en.js';

function Probe() {
  const { t } = useI18n();
  return <p data-testid="probe">{t('alerts.count', { n: 3 })}</p>;
}

describe('i18n', () => {
  it('defaults to Simplified Chinese, switches to English and remembers the choice', () => {
    const first = render(
      <I18nProvider>
        <LangSwitch />
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByTestId('probe').textContent).toBe('3 条告警');
    fireEvent.click(screen.getByTestId('lang-switch'));
    expect(screen.getByTestId('probe').textContent).toBe('3 alerts');
    expect(document.documentElement.lang).toBe('en');
    first.unmount();
    render(
      <I18nProvider>
        <Probe />
      </I18nProvider>,
    );
    expect(screen.getByTestId('probe').textContent).toBe('3 alerts');
  });

  it('every English entry is filled and keeps the placeholders of the Chinese one', () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(en[key], key).toBeTruthy();
      // each plural form (`one|other`) may repeat a placeholder: compare the set
      const vars = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
      expect(vars(en[key]), key).toEqual(vars(zh[key]));
    }
    expect(translate('zh', 'gate.opened', { ms: 412 })).toBe('已开门（412 毫秒）');
  });

  it('English picks the plural form by n; Chinese has one form', () => {
    expect(translate('en', 'alerts.count', { n: 1 })).toBe('1 alert');
    expect(translate('en', 'alerts.count', { n: 0 })).toBe('0 alerts');
    expect(translate('en', 'alerts.count', { n: 2 })).toBe('2 alerts');
    expect(translate('en', 'alertLayer.unacked', { n: 1 })).toBe('1 alert to acknowledge');
    expect(translate('zh', 'alerts.count', { n: 1 })).toBe('1 条告警');
  });
});

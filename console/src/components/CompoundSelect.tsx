/** The compound a page works on: the user picks one, the first of their compounds until they do. */
import { useState } from 'react';
import type { Directory } from './use-directory.js';
import { useI18n } from '../i18n/i18n.js';

export function useCompoundChoice(dir: Directory): [string, (id: string) => void] {
  const [picked, setPicked] = useState('');
  return [picked || dir.compounds[0]?.id || '', setPicked];
}

export function CompoundSelect(props: { dir: Directory; value: string; onChange: (id: string) => void; testId: string }) {
  const { t } = useI18n();
  return (
    <select value={props.value} onChange={(e) => props.onChange(e.target.value)} aria-label={t('wo.compound')} data-testid={props.testId}>
      {props.dir.compounds.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </select>
  );
}

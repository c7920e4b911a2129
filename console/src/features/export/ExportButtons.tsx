/** 导出 CSV / 导出 Excel for whatever table the page builds (the xlsx writer loads only on the first Excel export). */
import { useState } from 'react';
import { ErrorLine } from '../../components/ui.js';
import { useI18n } from '../../i18n/i18n.js';
import { saveFile, toCsv, type ExportTable } from './table.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `build` may fetch (every page of a list); it runs on the click, not on each render. */
export function ExportButtons({ build, testId = 'export' }: { build(): ExportTable | Promise<ExportTable>; testId?: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (kind: 'csv' | 'xlsx') => {
    setBusy(true);
    setError(null);
    try {
      const table = await build();
      if (kind === 'csv') saveFile(toCsv(table), `${table.name}.csv`, 'text/csv;charset=utf-8');
      else saveFile((await import('./xlsx.js')).toXlsx(table) as Uint8Array<ArrayBuffer>, `${table.name}.xlsx`, XLSX_TYPE);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="row-actions">
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void run('csv')} data-testid={`${testId}-csv`}>{t('list.exportCsv')}</button>
      <button type="button" className="btn btn-small" disabled={busy} onClick={() => void run('xlsx')} data-testid={`${testId}-xlsx`}>{t('list.exportXlsx')}</button>
      <ErrorLine error={error} />
    </span>
  );
}

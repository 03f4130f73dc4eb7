import { reportCsv, reportXlsx } from '../domain/export';
import { type IndicatorsDeps, makeGetReport } from './indicators.use-cases';

/*
 * Apart from the other use cases: the export alone needs the CSV and XLSX writers, so only the
 * export function's bundle carries them (docs/adr/0025-lean-functions.md, docs/adr/0055 and 0061:
 * the XLSX is written by domain/xlsx.ts, no spreadsheet or zip library).
 */

export interface ExportFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

export function makeExportReport(deps: IndicatorsDeps) {
  const getReport = makeGetReport(deps);
  return async (year: number | undefined, format: 'csv' | 'xlsx'): Promise<ExportFile> => {
    const report = await getReport(year);
    const filename = `relais-indicateurs-${report.year}.${format}`;
    if (format === 'csv') return { body: reportCsv(report), contentType: 'text/csv; charset=utf-8', filename };
    return {
      body: await reportXlsx(report),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      filename,
    };
  };
}

/**
 * The yearly report for the State, as CSV (semicolon-separated, UTF-8 with BOM: what a French
 * spreadsheet opens as is) and XLSX (written by xlsx.ts, docs/adr/0061; before, ADR 0055):
 * one row per indicator — definition, target, value — then the observatory's tables, then its
 * no-show rates per partner and theme.
 */

import { RESEAUX_PORTEURS } from '../../../shared/reference/data-inclusion';
import { INDICATOR_IDS } from './definitions';
import type { Report, Row } from './report';
import { writeXlsx, type XlsxColumn, type XlsxSheet, type XlsxValue } from './xlsx';

const formatValue = (value: number | null | undefined): string => (value === null || value === undefined ? '' : String(value));

type ExportRow = Omit<Row, 'previous'> & { previous: number | null };

const KIND_LABELS = new Map<string, string>(RESEAUX_PORTEURS.map(([value, label]) => [value, label]));

function observatoryTables(report: Report): Array<{ name: string; sheet?: string; rows: ExportRow[] }> {
  const o = report.observatory;
  const byKind = (report.indicators.networkOrganisations.byKind ?? {}) as Record<string, number>;
  const tools = (report.indicators.professionalsTrained.tools ?? []) as Array<{
    kind: string;
    label: string;
    events: number;
    participations: number;
  }>;
  return [
    {
      name: 'Structures du réseau par type',
      rows: Object.entries(byKind)
        .filter(([, n]) => n > 0)
        .map(([key, count]) => ({ key, label: KIND_LABELS.get(key) ?? key, count, previous: null })),
    },
    {
      name: 'Outils du réseau (événements)',
      sheet: 'Outils (événements)',
      rows: tools.map((t) => ({ key: t.kind, label: t.label, count: t.events, previous: null })),
    },
    {
      name: 'Outils du réseau (participations)',
      sheet: 'Outils (participations)',
      rows: tools.map((t) => ({ key: t.kind, label: t.label, count: t.participations, previous: null })),
    },
    { name: 'Accueils par thème', rows: o.byTheme },
    { name: 'Accueils par canal', rows: o.byChannel },
    { name: 'Accueils par territoire', rows: o.byTerritory },
    { name: 'Accueils par commune', rows: o.byCommune },
    { name: 'Accueils par mois', rows: o.byMonth },
    { name: 'Accueils sans orientation, par thème', sheet: 'Sans orientation par thème', rows: o.unmetNeeds.byTheme },
    { name: 'Orientations refusées, par motif', sheet: 'Refus par motif', rows: o.unmetNeeds.declinedByReason },
    { name: 'Orientations expirées, par thème', sheet: 'Expirées par thème', rows: o.unmetNeeds.expiredByTheme },
  ];
}

/** The no-show rate as the observatory's page shows it (« 33,3 % »; empty when no appointment). */
let percentFormat: Intl.NumberFormat | undefined;
export function noShowPercent(rate: number | null): string {
  if (rate === null) return '';
  percentFormat ??= new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return percentFormat.format(rate);
}

/** The no-show tables (ADR 0039, 0042): the same rows and rates as the page, the year's total first. */
function noShowTables(report: Report) {
  const n = report.observatory.noShows;
  return [
    {
      name: 'Rendez-vous manqués, total',
      sheet: 'RDV manqués (total)',
      rows: [{ key: 'total', label: 'Tous les rendez-vous', honoured: n.honoured, missed: n.missed, rate: n.rate }],
    },
    { name: 'Rendez-vous manqués par structure', sheet: 'RDV manqués par structure', rows: n.byPartner },
    { name: 'Rendez-vous manqués par thème', sheet: 'RDV manqués par thème', rows: n.byTheme },
  ];
}

export const NO_SHOW_HEADER = ['tableau', 'clé', 'libellé', 'honorés', 'manqués', 'taux de rendez-vous manqués'];

export const INDICATOR_HEADER = ['indicateur', 'libellé', 'définition', 'cible', 'valeur', 'unité'];
export const OBSERVATORY_HEADER = ['tableau', 'clé', 'libellé', 'nombre', 'année précédente'];

function csvCell(value: string | number): string {
  const text = String(value);
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(report: Report): Buffer {
  const lines: string[] = [];
  const line = (cells: Array<string | number>) => lines.push(cells.map(csvCell).join(';'));
  line([`Rapport annuel ${report.year}`, `produit le ${report.generatedAt}`]);
  line(INDICATOR_HEADER);
  for (const id of INDICATOR_IDS) {
    const i = report.indicators[id];
    line([id, i.label, i.definition, formatValue(i.target), formatValue(i.value), i.unit]);
  }
  lines.push('');
  line(OBSERVATORY_HEADER);
  for (const table of observatoryTables(report)) {
    for (const row of table.rows) line([table.name, row.key, row.label, row.count, row.previous ?? '']);
  }
  lines.push('');
  line(NO_SHOW_HEADER);
  for (const table of noShowTables(report)) {
    for (const row of table.rows) line([table.name, row.key, row.label, row.honoured, row.missed, noShowPercent(row.rate)]);
  }
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

/** A column of a sheet: its header (bold), its width in characters, the number format of its cells. */
interface SheetColumn extends XlsxColumn {
  header: string;
}

/** Sheet names: at most 31 characters, none of `: / \ ? * [ ]` (Excel refuses them). */
export const xlsxSheetName = (name: string): string => name.replace(/[:/\\?*[\]]/g, ' ').slice(0, 31);

/**
 * One sheet: a bold header row, then one row per item. A formatted column's empty cell keeps the
 * format (a number typed in later shows as the others do); an empty cell elsewhere is no cell at all.
 */
function sheet(name: string, columns: SheetColumn[], rows: XlsxValue[][]): XlsxSheet {
  return {
    name: xlsxSheetName(name),
    columns: columns.map(({ width, format }) => ({ width, format })),
    header: columns.map(({ header }) => header),
    rows,
  };
}

export async function reportXlsx(report: Report): Promise<Buffer> {
  const indicators = sheet(
    'Indicateurs',
    [
      { header: 'Indicateur', width: 34 },
      { header: 'Libellé', width: 50 },
      { header: 'Définition', width: 90 },
      { header: 'Cible', width: 10 },
      { header: 'Valeur', width: 10 },
      { header: 'Unité', width: 12 },
    ],
    INDICATOR_IDS.map((id) => {
      const i = report.indicators[id];
      return [id, i.label, i.definition, i.target ?? null, i.value, i.unit];
    }),
  );
  const observatory = observatoryTables(report).map((table) =>
    sheet(
      table.sheet ?? table.name,
      [
        { header: 'Clé', width: 30 },
        { header: 'Libellé', width: 60 },
        { header: `Nombre ${report.year}`, width: 14 },
        { header: `Nombre ${report.year - 1}`, width: 14 },
      ],
      table.rows.map((row) => [row.key, row.label, row.count, row.previous ?? null]),
    ),
  );
  const noShows = noShowTables(report).map((table) =>
    sheet(
      table.sheet,
      [
        { header: 'Clé', width: 30 },
        { header: 'Libellé', width: 60 },
        { header: 'Honorés', width: 12 },
        { header: 'Manqués', width: 12 },
        // The same ratio as the page, shown as a percentage with one decimal.
        { header: 'Taux de rendez-vous manqués', width: 16, format: '0.0%' },
      ],
      table.rows.map((row) => [row.key, row.label, row.honoured, row.missed, row.rate]),
    ),
  );
  // Calibri 11, the font the report has always had (exceljs' default, then write-excel-file's setting).
  return writeXlsx([indicators, ...observatory, ...noShows], { name: 'Calibri', size: 11 });
}

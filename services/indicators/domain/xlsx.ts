/**
 * A small XLSX writer for the yearly report (docs/adr/0061): a workbook is a zip of a few XML
 * parts (Office Open XML, ECMA-376 part 1), and the report needs few of its features — sheets of
 * strings and numbers, column widths, a bold header row, one number format, one font. Zipped with
 * node:zlib (deflate, CRC-32), so the function bundles no spreadsheet or zip library. The parts
 * are those write-excel-file wrote before (ADR 0055): shared strings, a stylesheet with the font
 * in regular and bold and the formats asked for, one part per sheet.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** A column of a sheet: its width in characters, and the number format of its cells (e.g. `0.0%`). */
export interface XlsxColumn {
  width: number;
  format?: string;
}

/** A cell's value: text, a number, or nothing (`null`: no cell, or an empty cell keeping its column's format). */
export type XlsxValue = string | number | null;

export interface XlsxSheet {
  /** At most 31 characters, none of `: / \ ? * [ ]` (the caller makes it so). */
  name: string;
  columns: XlsxColumn[];
  /** The first row, in bold. */
  header: string[];
  rows: XlsxValue[][];
}

export interface XlsxFont {
  name: string;
  size: number;
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOCUMENT_RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
/** The first number format id free for custom formats (0–163 are built in). */
const FIRST_CUSTOM_FORMAT = 164;

/** Text as XML character data or attribute value: escaped, without the characters XML 1.0 forbids. */
function xml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing the control characters XML 1.0 forbids is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  );
}

/** A (1-based) column number as its letters: 1 → A, 27 → AA. */
function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The workbook's .xlsx file: one sheet per entry, in this order. */
export function writeXlsx(sheets: readonly XlsxSheet[], font: XlsxFont): Buffer {
  // Styles: 0 regular, 1 bold, then one per number format (regular font).
  const formats = [...new Set(sheets.flatMap((s) => s.columns.flatMap((c) => (c.format === undefined ? [] : [c.format]))))];
  const formatStyle = (format: string) => 2 + formats.indexOf(format);

  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shared = (text: string): number => {
    let index = stringIndex.get(text);
    if (index === undefined) {
      index = strings.length;
      strings.push(text);
      stringIndex.set(text, index);
    }
    return index;
  };

  const cell = (ref: string, value: XlsxValue, style: number): string => {
    if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return style ? `<c r="${ref}" s="${style}"/>` : '';
    if (typeof value === 'number') return `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${value}</v></c>`;
    return `<c r="${ref}"${style ? ` s="${style}"` : ''} t="s"><v>${shared(value)}</v></c>`;
  };

  const sheetXml = (sheet: XlsxSheet): string => {
    const cols = sheet.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join('');
    const rows = [
      `<row r="1">${sheet.header.map((h, i) => cell(`${columnLetters(i + 1)}1`, h, 1)).join('')}</row>`,
      ...sheet.rows.map((values, r) => {
        const at = r + 2;
        const cells = values.map((value, i) => {
          const format = sheet.columns[i]?.format;
          // A formatted column's empty cell keeps the format (a number typed in later shows as the others do).
          return cell(`${columnLetters(i + 1)}${at}`, value, format === undefined ? 0 : formatStyle(format));
        });
        return `<row r="${at}">${cells.join('')}</row>`;
      }),
    ];
    return `${XML_DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${DOCUMENT_RELATIONSHIPS}">${cols ? `<cols>${cols}</cols>` : ''}<sheetData>${rows.join('')}</sheetData></worksheet>`;
  };
  const worksheets = sheets.map(sheetXml);

  const fontXml = (bold: boolean) =>
    `<font>${bold ? '<b/>' : ''}<sz val="${font.size}"/><color theme="1"/><name val="${xml(font.name)}"/><family val="2"/></font>`;
  const styles =
    `${XML_DECLARATION}<styleSheet xmlns="${MAIN}">` +
    (formats.length
      ? `<numFmts count="${formats.length}">${formats.map((f, i) => `<numFmt numFmtId="${FIRST_CUSTOM_FORMAT + i}" formatCode="${xml(f)}"/>`).join('')}</numFmts>`
      : '') +
    `<fonts count="2">${fontXml(false)}${fontXml(true)}</fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${2 + formats.length}">` +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    formats
      .map((_, i) => `<xf numFmtId="${FIRST_CUSTOM_FORMAT + i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`)
      .join('') +
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

  const sharedStrings =
    `${XML_DECLARATION}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">` +
    strings.map((s) => `<si><t${/^\s|\s$/.test(s) ? ' xml:space="preserve"' : ''}>${xml(s)}</t></si>`).join('') +
    '</sst>';

  const workbook =
    `${XML_DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${DOCUMENT_RELATIONSHIPS}"><sheets>` +
    sheets.map((s, i) => `<sheet name="${xml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
    '</sheets></workbook>';

  const relationship = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="${DOCUMENT_RELATIONSHIPS}/${type}" Target="${target}"/>`;
  const workbookRels =
    `${XML_DECLARATION}<Relationships xmlns="${RELATIONSHIPS}">` +
    sheets.map((_, i) => relationship(`rId${i + 1}`, 'worksheet', `worksheets/sheet${i + 1}.xml`)).join('') +
    relationship(`rId${sheets.length + 1}`, 'sharedStrings', 'sharedStrings.xml') +
    relationship(`rId${sheets.length + 2}`, 'styles', 'styles.xml') +
    '</Relationships>';
  const rootRels = `${XML_DECLARATION}<Relationships xmlns="${RELATIONSHIPS}">${relationship('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`;

  const override = (part: string, type: string) =>
    `<Override PartName="${part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.${type}+xml"/>`;
  const contentTypes =
    `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    override('/xl/workbook.xml', 'sheet.main') +
    sheets.map((_, i) => override(`/xl/worksheets/sheet${i + 1}.xml`, 'worksheet')).join('') +
    override('/xl/sharedStrings.xml', 'sharedStrings') +
    override('/xl/styles.xml', 'styles') +
    '</Types>';

  return zip([
    ['[Content_Types].xml', contentTypes],
    ['_rels/.rels', rootRels],
    ['xl/workbook.xml', workbook],
    ['xl/_rels/workbook.xml.rels', workbookRels],
    ...worksheets.map((text, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, text]),
    ['xl/sharedStrings.xml', sharedStrings],
    ['xl/styles.xml', styles],
  ]);
}

// ── Zip (PKWARE APPNOTE 6.3: deflated entries, no zip64: the report is far below 4 GB) ─────────

/** 1980-01-01 00:00, the zip format's first date: the entries' date says nothing of the report (its sheets do). */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

function zip(entries: ReadonlyArray<[string, string]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const fileName = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const compressed = deflateRawSync(data);
    const crc = crc32(data);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(fileName.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, fileName, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(fileName.length, 28);
    // extra field, comment, disk number, internal and external attributes: 0
    central.writeUInt32LE(offset, 42);
    centrals.push(central, fileName);

    offset += local.length + fileName.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

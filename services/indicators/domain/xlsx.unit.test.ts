import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { writeXlsx, type XlsxSheet } from './xlsx';

// The file is read back by two independent readers: fflate (the zip: names, CRCs, deflate) and
// exceljs (the workbook), both development dependencies only.

const FONT = { name: 'Calibri', size: 11 };

async function open(sheets: XlsxSheet[]): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(writeXlsx(sheets, FONT) as unknown as ExcelJS.Buffer);
  return book;
}

describe('the XLSX writer', () => {
  it('writes a zip of the workbook’s parts that an independent reader unzips', () => {
    const parts = unzipSync(new Uint8Array(writeXlsx([{ name: 'Un', columns: [{ width: 10 }], header: ['A'], rows: [['x']] }], FONT)));
    expect(Object.keys(parts).sort()).toEqual(
      [
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/_rels/workbook.xml.rels',
        'xl/sharedStrings.xml',
        'xl/styles.xml',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
      ].sort(),
    );
    expect(strFromU8(parts['xl/workbook.xml'] as Uint8Array)).toContain('<sheet name="Un" sheetId="1" r:id="rId1"/>');
  });

  it('keeps the sheets in order, with their widths, a bold header, strings and numbers', async () => {
    const book = await open([
      {
        name: 'Premier',
        columns: [{ width: 34 }, { width: 10 }],
        header: ['Clé', 'Nombre'],
        rows: [
          ['a', 3.5],
          ['b', 0],
        ],
      },
      { name: 'Second (2)', columns: [{ width: 12 }], header: ['Seul'], rows: [[42]] },
    ]);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Premier', 'Second (2)']);
    const first = book.getWorksheet('Premier')!;
    expect(first.columns.map((c) => c.width)).toEqual([34, 10]);
    expect(first.getRow(1).values).toEqual([undefined, 'Clé', 'Nombre']);
    expect(first.getRow(1).getCell(1).font).toMatchObject({ name: 'Calibri', size: 11, bold: true });
    expect(first.getRow(2).getCell(1).font?.bold ?? false).toBe(false);
    expect(first.getRow(2).values).toEqual([undefined, 'a', 3.5]);
    expect(first.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(first.getRow(3).getCell(2).value).toBe(0);
    expect(book.getWorksheet('Second (2)')!.getRow(2).getCell(1).value).toBe(42);
  });

  it('escapes what XML reserves, keeps the spaces at a text’s ends, drops the characters XML forbids', async () => {
    const text = ' « A & B » <c> "d" \u0001';
    const book = await open([{ name: 'R&D <1>', columns: [{ width: 10 }], header: ['h'], rows: [[text]] }]);
    expect(book.worksheets[0]?.name).toBe('R&D <1>');
    expect(book.worksheets[0]?.getRow(2).getCell(1).value).toBe(' « A & B » <c> "d" ');
  });

  it('leaves out an empty cell, but keeps an empty formatted cell with its format; a formatted number keeps it too', async () => {
    const book = await open([
      {
        name: 'Taux',
        columns: [{ width: 10 }, { width: 10 }, { width: 16, format: '0.0%' }],
        header: ['a', 'b', 'taux'],
        rows: [
          ['x', null, 0.3333],
          ['y', null, null],
        ],
      },
    ]);
    const sheet = book.getWorksheet('Taux')!;
    expect(sheet.getRow(2).values).toEqual([undefined, 'x', undefined, 0.3333]);
    expect(sheet.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.Null);
    expect(sheet.getRow(2).getCell(3).numFmt).toBe('0.0%');
    expect(sheet.getRow(3).getCell(3).value).toBeNull();
    expect(sheet.getRow(3).getCell(3).numFmt).toBe('0.0%');
    // The header of a formatted column is text, without the format.
    expect(sheet.getRow(1).getCell(3).numFmt).toBeUndefined();
  });

  it('names the columns past Z as spreadsheets do (AA, AB…)', async () => {
    const header = Array.from({ length: 30 }, (_, i) => `c${i + 1}`);
    const book = await open([{ name: 'Large', columns: header.map(() => ({ width: 8 })), header, rows: [header.map((_, i) => i + 1)] }]);
    const row = book.getWorksheet('Large')!.getRow(2);
    expect(row.getCell('Z').value).toBe(26);
    expect(row.getCell('AA').value).toBe(27);
    expect(row.getCell('AD').value).toBe(30);
  });
});

import { deflateSync } from 'node:zlib';

/**
 * A minimal PDF 1.4 writer (ADR 0059): pages of text lines in the two standard fonts Helvetica
 * and Helvetica-Bold, WinAnsi-encoded, which every reader has (nothing embedded). It replaces
 * pdf-lib (≈ 430 KB bundled with its fonts' data and pako) for the one document Relais writes,
 * her file: the widths below are the fonts' own (Adobe's AFM files), so lines are measured as
 * they are drawn; content streams are deflated with node:zlib.
 */

export type PdfFont = 'regular' | 'bold';

/** WinAnsi codes 0x80–0x9F that are not Latin-1 (PDF 1.7, annex D.2). */
const WIN_ANSI_HIGH: Readonly<Record<number, number>> = {
  8364: 0x80,
  8218: 0x82,
  402: 0x83,
  8222: 0x84,
  8230: 0x85,
  8224: 0x86,
  8225: 0x87,
  710: 0x88,
  8240: 0x89,
  352: 0x8a,
  8249: 0x8b,
  338: 0x8c,
  381: 0x8e,
  8216: 0x91,
  8217: 0x92,
  8220: 0x93,
  8221: 0x94,
  8226: 0x95,
  8211: 0x96,
  8212: 0x97,
  732: 0x98,
  8482: 0x99,
  353: 0x9a,
  8250: 0x9b,
  339: 0x9c,
  382: 0x9e,
  376: 0x9f,
};

/** The WinAnsi code of one character (a code point), or `undefined` when the standard fonts cannot draw it. */
export function winAnsiCode(ch: string): number | undefined {
  const u = ch.codePointAt(0) ?? -1;
  if ((u >= 0x20 && u <= 0x7e) || (u >= 0xa0 && u <= 0xff)) return u;
  return WIN_ANSI_HIGH[u];
}

/**
 * Advance widths (1/1000 of the size) of WinAnsi codes 32–255, from Adobe's Helvetica and
 * Helvetica-Bold AFM files; 0 where WinAnsi has no character.
 */
// biome-ignore format: a table
const WIDTHS: Readonly<Record<PdfFont, readonly number[]>> = {
  regular: [278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,500,500,500,334,260,334,584,0,556,0,222,556,333,1000,556,556,333,1000,667,333,1000,0,611,0,0,222,222,333,333,350,556,1000,333,1000,500,333,944,0,500,500,278,333,556,556,556,556,260,556,333,737,370,556,584,333,737,333,400,584,333,333,333,556,537,278,333,333,365,556,834,834,834,611,667,667,667,667,667,667,1000,722,667,667,667,667,278,278,278,278,722,722,778,778,778,778,778,584,778,722,722,722,722,667,667,611,556,556,556,556,556,556,889,500,556,556,556,556,278,278,278,278,556,556,556,556,556,556,556,584,611,556,556,556,556,500,556,500],
  bold: [278,333,474,556,556,889,722,238,333,333,389,584,278,333,278,278,556,556,556,556,556,556,556,556,556,556,333,333,584,584,584,611,975,722,722,722,722,667,611,778,722,278,556,722,611,833,722,778,667,778,722,667,611,722,667,944,667,667,611,333,278,333,584,556,333,556,611,556,611,556,333,611,611,278,278,556,278,889,611,611,611,611,389,556,333,611,556,778,556,556,500,389,280,389,584,0,556,0,278,556,500,1000,556,556,333,1000,667,333,1000,0,611,0,0,278,278,500,500,350,556,1000,333,1000,556,333,944,0,500,556,278,333,556,556,556,556,280,556,333,737,370,556,584,333,737,333,400,584,333,333,333,611,556,278,333,333,365,556,834,834,834,611,722,722,722,722,722,722,1000,722,667,667,667,667,278,278,278,278,722,722,778,778,778,778,778,584,778,722,722,722,722,667,667,611,556,556,556,556,556,556,889,556,556,556,556,556,278,278,278,278,611,611,611,611,611,611,611,584,611,611,611,611,611,556,611,556],
};

/** Spaces the standard fonts cannot encode, said with the one they can; hyphens likewise. */
const SPACES = /[\u00a0\u2000-\u200b\u202f\u205f\u3000]/g;
const DASHES = /[\u2010\u2011\u2012\u2212]/g;
const MARKS = /[\u0300-\u036f]/g;

/**
 * Text the standard fonts can draw: French keeps its accents, « », ’, œ, … and € (all WinAnsi),
 * whether typed composed or not; narrow and no-break spaces become plain spaces, hyphens a plain
 * hyphen; a letter WinAnsi lacks loses its accent when that makes it drawable (ā → a, ş → s), and
 * anything else (an emoji, another script) becomes a question mark rather than a failure.
 */
export function pdfSafe(text: string): string {
  const plain = text.normalize('NFC').replace(SPACES, ' ').replace(DASHES, '-').replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  let out = '';
  for (const ch of plain) {
    if (ch === '\n' || winAnsiCode(ch) !== undefined) {
      out += ch;
      continue;
    }
    const bare = ch.normalize('NFKD').replace(MARKS, '');
    out += bare && [...bare].every((c) => winAnsiCode(c) !== undefined) ? bare : '?';
  }
  return out;
}

/** The width of a (safe) text in points, as drawn (no kerning: the text is drawn without). */
export function textWidth(text: string, font: PdfFont, size: number): number {
  const widths = WIDTHS[font];
  let total = 0;
  for (const ch of text) total += widths[(winAnsiCode(ch) ?? 0x3f) - 32] ?? 0;
  return (total * size) / 1000;
}

/** A text as a PDF hex string of its WinAnsi bytes (upper case). */
function hexString(text: string): string {
  let hex = '';
  for (const ch of text) hex += (winAnsiCode(ch) ?? 0x3f).toString(16).toUpperCase().padStart(2, '0');
  return `<${hex}>`;
}

/** A text string of the document's information (title): UTF-16BE with its byte order mark, any language. */
function unicodeString(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

const num = (n: number) => String(Math.round(n * 100) / 100);

function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `(D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z)`;
}

export interface PdfInfo {
  title: string;
  /** BCP 47 (`fr-FR`): the catalog's `/Lang`, for screen readers. */
  language: string;
  createdAt: Date;
}

/** A document being written: pages of drawn text lines, then `save()`. */
export class PdfDocument {
  private readonly pages: string[][] = [];

  constructor(
    readonly width = 595.28,
    readonly height = 841.89,
  ) {}

  get pageCount(): number {
    return this.pages.length;
  }

  addPage(): void {
    this.pages.push([]);
  }

  /** One line on the last page, its baseline at (x, y) from the bottom left; grey level 0 (black) to 1. */
  drawText(text: string, options: { x: number; y: number; size: number; font: PdfFont; gray?: number }): void {
    const page = this.pages[this.pages.length - 1];
    if (!page) throw new Error('PDF: no page to draw on');
    const font = options.font === 'bold' ? 'F2' : 'F1';
    const gray = num(options.gray ?? 0);
    page.push(
      `BT /${font} ${num(options.size)} Tf ${gray} ${gray} ${gray} rg 1 0 0 1 ${num(options.x)} ${num(options.y)} Tm ${hexString(pdfSafe(text))} Tj ET`,
    );
  }

  /** The file: a catalog, the page tree, the two fonts, each page and its deflated content, the info, the cross-reference table. */
  save(info: PdfInfo): Uint8Array {
    const objects: Buffer[] = [];
    const add = (body: string | Buffer): number => {
      objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
      return objects.length;
    };
    // Fixed numbers: 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, 5 info; then page and content pairs.
    const pageIds = this.pages.map((_, i) => 6 + 2 * i);
    add(`<< /Type /Catalog /Pages 2 0 R /Lang (${info.language.replace(/[^A-Za-z0-9-]/g, '')}) >>`);
    add(`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`);
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
    const date = pdfDate(info.createdAt);
    add(`<< /Title ${unicodeString(info.title)} /Producer (Relais) /CreationDate ${date} /ModDate ${date} >>`);
    for (const [i, lines] of this.pages.entries()) {
      const id = pageIds[i]!;
      add(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(this.width)} ${num(this.height)}] ` +
          `/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${id + 1} 0 R >>`,
      );
      const content = deflateSync(Buffer.from(lines.join('\n'), 'latin1'));
      add(
        Buffer.concat([
          Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
          content,
          Buffer.from('\nendstream', 'latin1'),
        ]),
      );
    }
    // The header's second line: bytes above 127, so that tools take the file as binary.
    const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
    let offset = parts[0]!.length;
    const offsets: number[] = [];
    for (const [i, body] of objects.entries()) {
      const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
      offsets.push(offset);
      parts.push(chunk);
      offset += chunk.length;
    }
    const xref =
      `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
      offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
      `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
    parts.push(Buffer.from(xref, 'latin1'));
    return new Uint8Array(Buffer.concat(parts));
  }
}

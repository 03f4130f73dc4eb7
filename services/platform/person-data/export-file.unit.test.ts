import { strFromU8, unzipSync } from 'fflate';
import { decodePDFRawStream, PDFDict, PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';
import { collectPersonData } from './collector';
import { pdfSafe, personExportZip, personFilePdf } from './export-file';
import type { MyFile } from './my-file';
import { textWidth } from './pdf-writer';

const file: MyFile = {
  person: { id: 'P1', firstName: 'Zoé', lastName: 'Lœuvre', recordedBy: { organisationName: 'Département du Lot' } },
  consents: { networkSharing: { given: true }, smsSurveys: { given: false }, beingContacted: true },
  receptions: [
    {
      id: 'R1',
      date: '2026-03-02T09:00:00Z',
      place: 'MDS de Gramat',
      themes: ['Logement'],
      informationGiven: 'Rendez-vous\u202fà 9\u00a0h — « CAF »',
    },
  ],
  referrals: [],
  parcours: [],
  appointments: [],
};

describe('the export file', () => {
  it('keeps French letters the standard font can draw and replaces the spaces and signs it cannot', () => {
    expect(pdfSafe('Œuvre « déjà » l’été\u202f: 9\u00a0h\u2011 ok')).toBe('Œuvre « déjà » l’été : 9 h- ok');
    expect(pdfSafe('Merci 🙂 Привет')).toBe('Merci ? ??????');
    expect(pdfSafe('ç œ Ÿ … € “ ” • – — ™')).toBe('ç œ Ÿ … € “ ” • – — ™');
    // Typed decomposed (e + ◌́), as some keyboards and pasted text give it: drawn composed.
    expect(pdfSafe('Ze\u0301lie c\u0327a')).toBe('Zélie ça');
    // A letter WinAnsi lacks loses its accent when that makes it drawable; otherwise a question mark.
    expect(pdfSafe('Dăvid Şahin Ōsaka Łukasz ﬁn')).toBe('David Sahin Osaka ?ukasz fin');
  });

  it('measures lines with Helvetica’s own widths (AFM), regular and bold', () => {
    expect(textWidth('A', 'regular', 1000)).toBe(667);
    expect(textWidth('é', 'regular', 10)).toBeCloseTo(5.56);
    expect(textWidth('Œuvre', 'regular', 1000)).toBe(1000 + 556 + 500 + 333 + 556);
    expect(textWidth('i', 'bold', 1000)).toBe(278);
    expect(textWidth('i', 'regular', 1000)).toBe(222);
    expect(textWidth('«»’…', 'regular', 1000)).toBe(556 + 556 + 222 + 1000);
  });

  it('writes a PDF 1.4 that a reader parses: fonts, pages within the margins, her text with its accents, lines within the width', async () => {
    const long: MyFile = {
      ...file,
      receptions: Array.from({ length: 40 }, (_, i) => ({
        id: `R${i}`,
        date: '2026-03-02T09:00:00Z',
        place: 'MDS de Gramat',
        themes: ['Logement', 'Santé'],
        summary: `Accueil n° ${i} : « elle a déjà vu l’assistante sociale » — ${'une phrase assez longue pour passer à la ligne '.repeat(3)}`,
        informationGiven: `https://www.example.org/${'tres-long-chemin-sans-espace-'.repeat(6)}fin`,
      })),
    };
    const bytes = personFilePdf(long, new Date('2026-03-03T10:00:00Z'));
    expect(Buffer.from(bytes.slice(0, 8)).toString('latin1')).toBe('%PDF-1.4');
    expectExactCrossReferences(bytes);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe('Mon dossier Relais — Zoé Lœuvre');
    expect(doc.getPageCount()).toBeGreaterThan(2);
    const pages = doc.getPages().map((page) => {
      expect(page.getSize()).toEqual({ width: 595.28, height: 841.89 });
      const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
      const baseFonts = [...(fonts?.entries() ?? [])].map(([, ref]) =>
        String(doc.context.lookup(ref, PDFDict).get(PDFName.of('BaseFont'))),
      );
      expect(baseFonts.sort()).toEqual(['/Helvetica', '/Helvetica-Bold']);
      return drawnLines(page.node.Contents() as PDFRawStream);
    });
    const lines = pages.flat();
    for (const line of lines) {
      expect(line.x).toBe(50);
      expect(line.y).toBeGreaterThanOrEqual(50);
      expect(line.y).toBeLessThanOrEqual(841.89 - 50);
      expect(textWidth(line.text, line.font === 'F2' ? 'bold' : 'regular', line.size)).toBeLessThanOrEqual(595.28 - 100);
    }
    const text = lines.map((l) => l.text);
    expect(text.slice(0, 2)).toEqual(['Mon dossier dans le réseau Relais', 'Zoé Lœuvre']);
    expect(lines[0]).toMatchObject({ font: 'F2', size: 18 });
    expect(text).toContain('Le fichier « mes-donnees.json » joint contient toutes vos données, dans tous les services.');
    expect(text).toContain('Dossier ouvert par : Département du Lot');
    expect(text).toContain('Être prévenue de mes orientations par SMS ou e-mail : oui');
    for (const heading of ['Qui je suis', 'Mes accords', 'Mes accueils', 'Mes orientations', 'Mon parcours', 'Mes rendez-vous']) {
      expect(lines.find((l) => l.text === heading)).toMatchObject({ font: 'F2', size: 14 });
    }
    expect(text).toEqual(expect.arrayContaining(['Aucune orientation.', 'Aucun parcours.', 'Aucun rendez-vous.']));
    // Wrapped by words: each reception's summary, joined back, is the summary; the long link is cut, not lost.
    const joined = text.join(' ');
    expect(joined).toContain('Résumé : Accueil n° 39 : « elle a déjà vu l’assistante sociale » — une phrase assez longue');
    expect(text.join('')).toContain(`https://www.example.org/${'tres-long-chemin-sans-espace-'.repeat(6)}fin`);
    // In reading order: the last reception on the last pages, after the first.
    expect(text.findIndex((t) => t.startsWith('Résumé : Accueil n° 39'))).toBeGreaterThan(
      text.findIndex((t) => t.startsWith('Résumé : Accueil n° 0 ')),
    );
  });

  it('zips a PDF (her name in its title) and the JSON of every service, even with text WinAnsi cannot encode', async () => {
    const zip = await personExportZip(file, { intake: { persons: [{ id: 'P1' }] } }, new Date('2026-03-03T10:00:00Z'));
    const files = unzipSync(new Uint8Array(zip));
    const pdf = files['mon-dossier.pdf'];
    expect(pdf && Buffer.from(pdf.slice(0, 5)).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(pdf ?? new Uint8Array())).getTitle()).toContain('Lœuvre');
    const json = JSON.parse(strFromU8(files['mes-donnees.json'] ?? new Uint8Array()));
    expect(json).toEqual({ generatedAt: '2026-03-03T10:00:00.000Z', personId: 'P1', services: { intake: { persons: [{ id: 'P1' }] } } });
  });
});

/** WinAnsi bytes back to text (0x80–0x9F as annex D; the rest is Latin-1). */
const WIN_ANSI_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const fromWinAnsi = (hex: string) =>
  (hex.match(/../g) ?? [])
    .map((h) => Number.parseInt(h, 16))
    .map((b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_HIGH[b - 0x80] : String.fromCharCode(b)))
    .join('');

interface Line {
  font: string;
  size: number;
  x: number;
  y: number;
  text: string;
}

/** The lines a page's content draws, read back from its decoded stream. */
function drawnLines(contents: PDFRawStream): Line[] {
  const ops = Buffer.from(decodePDFRawStream(contents).decode()).toString('latin1');
  const lines = [...ops.matchAll(/BT \/(F\d) ([\d.]+) Tf [\d. ]+ rg 1 0 0 1 ([\d.]+) ([\d.]+) Tm <([0-9A-F]*)> Tj ET/g)].map((m) => ({
    font: m[1]!,
    size: Number(m[2]),
    x: Number(m[3]),
    y: Number(m[4]),
    text: fromWinAnsi(m[5]!),
  }));
  expect(lines.length).toBe(ops.split('\n').length);
  return lines;
}

/** Every object where the cross-reference table says, and `startxref` at the table: pdf-lib would mend a wrong one silently. */
function expectExactCrossReferences(bytes: Uint8Array) {
  const raw = Buffer.from(bytes).toString('latin1');
  const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(raw)?.[1]);
  expect(raw.slice(start, start + 5)).toBe('xref\n');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(raw.slice(start)) ?? [];
  expect(first).toBe('0');
  const entries = raw
    .slice(start)
    .split('\n')
    .slice(2, 2 + Number(count));
  expect(entries[0]).toBe('0000000000 65535 f ');
  entries.slice(1).forEach((entry, i) => {
    const offset = Number(entry.slice(0, 10));
    expect(raw.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
  });
  expect(raw).toMatch(new RegExp(`trailer\n<< /Size ${count} /Root 1 0 R`));
}

describe('the collector', () => {
  it('asks every source for the same person and purpose, and fails when one fails (no copy that looks complete and is not)', async () => {
    const asked: string[] = [];
    const ok = (service: string) => ({
      service,
      give: async (r: { personId: string; purpose: string }) => {
        asked.push(`${service}:${r.personId}:${r.purpose}`);
        return { service, sections: { items: [r.personId] } };
      },
    });
    expect(await collectPersonData([ok('intake'), ok('parcours')], 'P1', 'export')).toEqual({
      intake: { items: ['P1'] },
      parcours: { items: ['P1'] },
    });
    expect(asked.sort()).toEqual(['intake:P1:export', 'parcours:P1:export']);
    const broken = { service: 'surveys', give: async () => Promise.reject(new Error('table unavailable')) };
    await expect(collectPersonData([ok('intake'), broken], 'P1', 'view')).rejects.toThrow('table unavailable');
  });
});

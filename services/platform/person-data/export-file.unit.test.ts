import { strFromU8, unzipSync } from 'fflate';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { collectPersonData } from './collector';
import { pdfSafe, personExportZip } from './export-file';
import type { MyFile } from './my-file';

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
  it('keeps French letters the standard font can draw and replaces the spaces and signs it cannot', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    expect(pdfSafe('Œuvre « déjà » l’été\u202f: 9\u00a0h\u2011 ok', font)).toBe('Œuvre « déjà » l’été : 9 h- ok');
    expect(pdfSafe('Merci 🙂 Привет', font)).toBe('Merci ? ??????');
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

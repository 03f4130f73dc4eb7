import { strToU8, zipSync } from 'fflate';
import { frenchDay } from '../../../shared/text/french';
import type { CollectedPersonData } from './collector';
import type { MyFile } from './my-file';
import { PdfDocument, type PdfFont, pdfSafe, textWidth } from './pdf-writer';

export { pdfSafe };

type Item = Record<string, unknown>;

const STATUS: Record<string, string> = { active: 'en cours', suspended: 'suspendu', closed: 'terminé' };
const ACTION_STATUS: Record<string, string> = { todo: 'à faire', doing: 'en cours', done: 'faite' };
const day = (value: unknown) => (typeof value === 'string' && value ? frenchDay(value) : '');

/** A simple writer: lines wrapped to the page's width (a word wider than a line is cut), new pages as needed. */
class Writer {
  private y = 0;
  private readonly margin = 50;
  constructor(private readonly doc: PdfDocument) {
    this.newPage();
  }
  private newPage() {
    this.doc.addPage();
    this.y = this.doc.height - this.margin;
  }
  text(value: string, options: { size?: number; bold?: boolean; gap?: number } = {}) {
    const size = options.size ?? 11;
    const font: PdfFont = options.bold ? 'bold' : 'regular';
    const max = this.doc.width - 2 * this.margin;
    const fits = (text: string) => textWidth(text, font, size) <= max;
    for (const paragraph of pdfSafe(value).split('\n')) {
      let line = '';
      const flush = () => {
        if (this.y < this.margin + size) this.newPage();
        this.doc.drawText(line, { x: this.margin, y: this.y - size, size, font, gray: 0.1 });
        this.y -= size * 1.4;
        line = '';
      };
      for (let word of paragraph.split(' ')) {
        const next = line ? `${line} ${word}` : word;
        if (fits(next)) {
          line = next;
          continue;
        }
        if (line) flush();
        // A word alone wider than the line (a long link, a code): cut where the line is full.
        while (!fits(word)) {
          let cut = 1;
          const chars = [...word];
          while (cut < chars.length && fits(chars.slice(0, cut + 1).join(''))) cut++;
          line = chars.slice(0, cut).join('');
          flush();
          word = chars.slice(cut).join('');
        }
        line = word;
      }
      flush();
    }
    this.y -= options.gap ?? 2;
  }
  heading(value: string) {
    this.y -= 8;
    this.text(value, { size: 14, bold: true, gap: 4 });
  }
}

/** The readable PDF of her file (« facile à lire »): who she is, her agreements, receptions, referrals, parcours, appointments. */
export function personFilePdf(file: MyFile, generatedAt: Date): Uint8Array {
  const doc = new PdfDocument();
  const p = file.person;
  const name = `${p.firstName ?? ''} ${p.lastName ?? ''}`.trim();
  const w = new Writer(doc);
  w.text('Mon dossier dans le réseau Relais', { size: 18, bold: true, gap: 6 });
  w.text(name, { size: 14, bold: true });
  w.text(`Document préparé le ${frenchDay(generatedAt)}.`);
  w.text('Le fichier « mes-donnees.json » joint contient toutes vos données, dans tous les services.');

  w.heading('Qui je suis');
  if (p.birthDate) w.text(`Date de naissance : ${day(p.birthDate)}`);
  if (p.phone) w.text(`Téléphone : ${p.phone}`);
  if (p.email) w.text(`E-mail : ${p.email}`);
  const recordedBy = (p.recordedBy as Item | undefined)?.organisationName;
  if (recordedBy) w.text(`Dossier ouvert par : ${recordedBy}`);

  w.heading('Mes accords');
  const c = file.consents as { networkSharing?: { given: boolean }; smsSurveys?: { given: boolean }; beingContacted?: boolean };
  w.text(`Partager mon dossier avec les structures du réseau : ${c.networkSharing?.given ? 'oui' : 'non'}`);
  w.text(`Recevoir des questions par SMS sur mon accueil : ${c.smsSurveys?.given ? 'oui' : 'non'}`);
  w.text(`Être prévenue de mes orientations par SMS ou e-mail : ${c.beingContacted === false ? 'non' : 'oui'}`);

  w.heading('Mes accueils');
  if (file.receptions.length === 0) w.text('Aucun accueil.');
  for (const r of file.receptions) {
    w.text(`${day(r.date)} — ${String(r.place ?? '')}`, { bold: true });
    const themes = (r.themes as string[] | undefined) ?? [];
    if (themes.length) w.text(`Sujets : ${themes.join(', ')}`);
    if (r.informationGiven) w.text(`Informations données : ${String(r.informationGiven)}`);
    if (r.summary) w.text(`Résumé : ${String(r.summary)}`);
  }

  w.heading('Mes orientations');
  if (file.referrals.length === 0) w.text('Aucune orientation.');
  for (const r of file.referrals) {
    w.text(`${day(r.sentAt)} — ${String(r.organisationName ?? '')} (${String(r.statusLabel ?? r.status ?? '')})`, { bold: true });
    const place = r.place as Item | null;
    if (place?.address) w.text(`Adresse : ${[place.address, place.postalCode].filter(Boolean).join(' ')}`);
    if (place?.phone) w.text(`Téléphone : ${String(place.phone)}`);
    if (place?.hours) w.text(`Horaires : ${String(place.hours)}`);
  }

  w.heading('Mon parcours');
  if (file.parcours.length === 0) w.text('Aucun parcours.');
  for (const x of file.parcours) {
    const referent = x.referent as Item;
    w.text(`Parcours ${STATUS[String(x.status)] ?? ''}, ouvert le ${day(x.openedAt)}`, { bold: true });
    w.text(`Mon référent : ${String(referent.name ?? '')}, ${String(referent.organisationName ?? '')}`);
    if (referent.phone) w.text(`Téléphone : ${String(referent.phone)}`);
    for (const g of (x.goals as Item[]) ?? []) {
      w.text(`Objectif : ${String(g.title)}`, { bold: true });
      for (const a of (g.actions as Item[]) ?? []) {
        w.text(`• ${String(a.label)} — ${String(a.owner)}, avant le ${day(a.dueDate)} (${ACTION_STATUS[String(a.status)] ?? ''})`);
      }
    }
    for (const m of (x.meetings as Item[]) ?? []) {
      w.text(`Réunion du ${day(m.date)}`, { bold: true });
      for (const d of (m.decisions as string[]) ?? []) w.text(`• Décision : ${d}`);
    }
    for (const e of (x.journal as Item[]) ?? []) w.text(`${day(e.date)} — ${String(e.author)} : ${String(e.text)}`);
    const closing = x.closing as Item | undefined;
    if (closing) w.text(`Bilan (${day(closing.closedAt)}) : ${String(closing.reason)}. Mon avis : ${String(closing.personView)}`);
  }

  w.heading('Mes rendez-vous');
  if (file.appointments.length === 0) w.text('Aucun rendez-vous.');
  for (const a of file.appointments)
    w.text(`${day(a.start)} — ${String(a.placeName ?? a.siteName ?? '')} (${String(a.statusLabel ?? a.status ?? '')})`);
  return doc.save({ title: pdfSafe(`Mon dossier Relais — ${name}`), language: 'fr-FR', createdAt: generatedAt });
}

/**
 * The ZIP's answer headers, for both routes that give it (hers and the counter's): here rather
 * than in one of their handlers, so that neither function bundles the other's route (ADR 0059).
 */
export const EXPORT_HEADERS = {
  'content-type': 'application/zip',
  'content-disposition': 'attachment; filename="mes-donnees-relais.zip"',
  'cache-control': 'no-store',
};

/** The ZIP she takes away: the readable PDF and the JSON of every service's data about her (ADR 0037). */
export async function personExportZip(file: MyFile, everything: CollectedPersonData, generatedAt: Date): Promise<Buffer> {
  const pdf = personFilePdf(file, generatedAt);
  const json = JSON.stringify({ generatedAt: generatedAt.toISOString(), personId: file.person.id, services: everything }, null, 2);
  return Buffer.from(zipSync({ 'mon-dossier.pdf': pdf, 'mes-donnees.json': strToU8(json) }, { level: 6 }));
}

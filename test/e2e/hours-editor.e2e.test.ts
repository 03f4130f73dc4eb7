/**
 * The opening hours editor for people (issue 16, point 4) in Chromium against the whole local
 * stack: the coordinator opens a site's form and, with the keyboard only (Tab, typing, Space,
 * Enter), produces « Mo-Fr 08:30-12:00,13:30-17:00; PH off »; saved, the API gives it back. The
 * form passes axe-core's WCAG 2.1 A/AA rules with the editor filled in.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { type Api, apiClient, startTestStack } from '../support/local-stack';

/** Maison des solidarités départementales de Figeac (services/directory/demo/lot-demo.ts). */
const MSD_FIGEAC_SITE = '01KDVDNAZ9DP5Q24G4GXR1TCJ5';
const SHARED_DATA = resolve(__dirname, '..', '..', '..', 'shared', 'data');
const TARGET = 'Mo-Fr 08:30-12:00,13:30-17:00; PH off';

jest.setTimeout(180_000);

/** What the tests read of the browser's globals (they compile without the DOM library). */
interface Focusable {
  labels?: ArrayLike<{ textContent: string | null }> | null;
  textContent: string | null;
  tagName: string;
  type?: string;
}

/** The accessible words of the focused element: its label's text, or a button's text. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: Focusable | null } }).document.activeElement;
    if (!el) return '';
    const text = el.labels && el.labels.length > 0 ? (el.labels[0]?.textContent ?? '') : (el.textContent ?? '');
    return text.replace(/\s+/g, ' ').trim();
  });
}

/** Presses Tab until the focused element's words match `name` (keyboard only; fails after `max`). */
async function tabTo(page: Page, name: RegExp, max = 200): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (name.test(await focusedName(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab n’atteint pas ${name} en ${max} pressions (dernier élément : ${await focusedName(page)})`);
}

/**
 * Types a time into the focused `<input type="time">`, then checks it. Chromium draws the field
 * in its own interface language, not the page's: here (en-US) with an AM/PM part, for a French
 * user in 24 h. The first time typed (a morning one) tells which; the keys then follow.
 */
let twelveHour: boolean | undefined;
async function typeTime(page: Page, time: string): Promise<void> {
  const [h = 0, m = 0] = time.split(':').map(Number);
  const two = (n: number) => String(n).padStart(2, '0');
  if (twelveHour === undefined) {
    expect(h).toBeLessThan(12);
    await page.keyboard.type(`${two(h)}${two(m)}`);
    twelveHour = (await focusedValue(page)) === '';
    if (twelveHour) await page.keyboard.type('A');
  } else if (twelveHour) {
    await page.keyboard.type(`${two(h % 12 || 12)}${two(m)}${h < 12 ? 'A' : 'P'}`);
  } else {
    await page.keyboard.type(`${two(h)}${two(m)}`);
  }
  await expect(focusedValue(page)).resolves.toBe(time);
}

async function focusedValue(page: Page): Promise<string> {
  return page.evaluate(
    () => (globalThis as unknown as { document: { activeElement: { value?: string } | null } }).document.activeElement?.value ?? '',
  );
}

describe('the opening hours editor', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: { take(): string[] };

  beforeAll(async () => {
    ensureSpaBuilt();
    // The coordinator lands on the coverage map: the Lot's communes and outlines, no network.
    process.env.RELAIS_COMMUNES_FILE = join(SHARED_DATA, 'communes-centroids.csv');
    process.env.RELAIS_COMMUNES_GEOJSON = join(SHARED_DATA, 'lot-communes.geojson');
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({
      dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-hours-')),
    });
    api = apiClient(stack.url);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    page = await context.newPage();
    errors = watchPageErrors(page);
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stack?.stop();
  });

  afterEach(() => {
    expect(errors.take()).toEqual([]);
  });

  it('writes the hours of a site from keys only, and the API stores them', async () => {
    // The demo site starts with no hours, so that every part of the string comes from the keyboard.
    const token = await api.token('pilote');
    const before = await api.call('GET', `/api/sites/${MSD_FIGEAC_SITE}`, { token });
    expect(before.status).toBe(200);
    const cleared = await api.call('PATCH', `/api/sites/${MSD_FIGEAC_SITE}`, {
      token,
      body: { openingHours: '', version: before.body.version },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.openingHours).toBe('');

    await page.goto(`${stack.url}/#/connexion`);
    await page.locator('input[name="username"][value="pilote"]').check();
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: homeHeading('pilote') }).waitFor();
    await page.goto(`${stack.url}/#/lieux/${MSD_FIGEAC_SITE}`);
    await page.getByRole('heading', { level: 1, name: before.body.name }).waitFor();
    const expert = page.getByLabel(/^Horaires \(format OpenStreetMap\)/);
    await expect(expert.inputValue()).resolves.toBe('');

    // Monday: open (Space on « Fermé »), two ranges typed, the second added with Enter.
    await tabTo(page, /^Fermé le lundi$/);
    await page.keyboard.press('Space');
    await expect(focusedName(page)).resolves.toBe('De (lundi, plage 1)');
    await typeTime(page, '08:30');
    // Tab moves through the parts of a time field first (hours, minutes…), then to the next field.
    await tabTo(page, /^À \(lundi, plage 1\)$/);
    await typeTime(page, '12:00');
    await tabTo(page, /^Ajouter une plage le lundi$/);
    await page.keyboard.press('Enter');
    await expect(focusedName(page)).resolves.toBe('De (lundi, plage 2)');
    await typeTime(page, '13:30');
    await tabTo(page, /^À \(lundi, plage 2\)$/);
    await typeTime(page, '17:00');
    await expect(expert.inputValue()).resolves.toBe('Mo 08:30-12:00,13:30-17:00');

    // Copied on the working days, then public holidays closed.
    await tabTo(page, /^Copier sur les jours ouvrés/);
    await page.keyboard.press('Enter');
    await page.getByText('Horaires du lundi copiés sur mardi, mercredi, jeudi et vendredi.').waitFor({ state: 'attached' });
    await tabTo(page, /^Jours fériés : fermé$/);
    await page.keyboard.press('Space');
    await expect(expert.inputValue()).resolves.toBe(TARGET);
    // What visitors will read, in French.
    await page.getByText('Ce que liront les visiteurs :').waitFor();
    await expectNoAxeViolations(page, 'le formulaire d’un lieu, éditeur d’horaires rempli');

    await tabTo(page, /^Enregistrer les modifications$/);
    await page.keyboard.press('Enter');
    await page.getByText('Les modifications ont été enregistrées.').waitFor();
    const after = await api.call('GET', `/api/sites/${MSD_FIGEAC_SITE}`, { token });
    expect(after.body.openingHours).toBe(TARGET);
  });

  it('keeps hours it cannot show as a grid in the text field, with a French note', async () => {
    const token = await api.token('pilote');
    const site = await api.call('GET', `/api/sites/${MSD_FIGEAC_SITE}`, { token });
    const patched = await api.call('PATCH', `/api/sites/${MSD_FIGEAC_SITE}`, {
      token,
      body: { openingHours: 'Jan-Jun Mo-Fr 09:00-12:00; PH off', version: site.body.version },
    });
    expect(patched.status).toBe(200);
    await page.goto(`${stack.url}/#/lieux/${MSD_FIGEAC_SITE}`);
    // The same address: the page is loaded again to read the stored hours.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: site.body.name }).waitFor();
    await page.getByText('Horaires avancés : modifiables en texte').waitFor();
    await expect(page.getByLabel('Fermé le lundi').count()).resolves.toBe(0);
    const expert = page.getByLabel(/^Horaires \(format OpenStreetMap\)/);
    await expect(expert.inputValue()).resolves.toBe('Jan-Jun Mo-Fr 09:00-12:00; PH off');
    // Typed back into what the grid can say, the grid returns.
    await expert.fill('Tu 09:00-12:00');
    await expect(page.getByLabel('Fermé le lundi').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Fermé le mardi').isChecked()).resolves.toBe(false);
    await expectNoAxeViolations(page, 'le formulaire d’un lieu, horaires avancés');
  });
});

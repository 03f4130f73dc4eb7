/**
 * « Mon espace » in Chromium against the local stack (issue 15; ADR 0036–0038), on a 390×844
 * phone: the person signs in with the code read from the local SMS outbox (a wrong one first:
 * the tries left said in French), her file shows with her plan, she comments on an action (the
 * référent reads it), downloads her data (a ZIP with the PDF and the JSON); her token is in
 * sessionStorage only, axe-core reports no violation, nothing scrolls sideways even at 320 px,
 * she signs out; an expired session sends her back to the sign-in, told why; her invitation
 * link opens her space once.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../infra/local/stack';
import { resetSettings } from '../../shared/config/settings';
import { ensureSpaBuilt, expectNoAxeViolations, homeHeading, launchChromium, watchPageErrors } from '../support/browser';
import { strFromU8, unzipSync } from 'fflate';
import { qrPath } from '../../web/src/components/qr-path';
import { type Api, apiClient, startTestStack } from '../support/local-stack';
import { personKnownToParcours } from '../support/wait';

jest.setTimeout(240_000);

const PHONE = '+33645000031';

describe('« Mon espace »: signing in on a phone', () => {
  let stack: LocalStack;
  let api: Api;
  let browser: Browser;
  let personId: string;
  let gramat: string;
  let parcoursId: string;
  let figeac: string;

  beforeAll(async () => {
    ensureSpaBuilt();
    process.env.RELAIS_GEO_API_URL = 'off';
    resetSettings();
    stack = await startTestStack({ dataDir: mkdtempSync(join(tmpdir(), 'relais-e2e-espace-')) });
    api = apiClient(stack.url);
    gramat = await api.token('agent.gramat');
    const person = await api.call('POST', '/api/persons', {
      token: gramat,
      body: {
        lastName: 'Espace',
        firstName: 'Nadia',
        birthDate: '1986-05-14',
        phone: PHONE,
        consents: { networkSharing: { given: true, method: 'oral' }, smsSurveys: { given: false } },
      },
    });
    expect(person.status).toBe(201);
    personId = person.body.id;
    // Her parcours with a social worker of Figeac, and a plan of one goal and one action.
    figeac = await api.token('ts.figeac');
    await personKnownToParcours(personId);
    const me = await api.call('GET', '/api/me', { token: figeac });
    const opened = await api.call('POST', '/api/parcours', {
      token: figeac,
      body: {
        personId,
        referentUserId: me.body.id,
        agreement: { referentChosenByPerson: true, sharingAccepted: true, date: new Date().toISOString().slice(0, 10), method: 'oral' },
      },
    });
    expect(opened.status).toBe(201);
    parcoursId = opened.body.id;
    const goal = await api.call('POST', `/api/parcours/${parcoursId}/goals`, {
      token: figeac,
      body: {
        title: 'Retrouver un logement',
        actions: [
          {
            label: 'Remplir la demande de logement social',
            ownerMemberId: opened.body.referentMemberId,
            dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
          },
        ],
      },
    });
    expect(goal.status).toBe(201);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const phone = () =>
    browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR', timezoneId: 'Europe/Paris', isMobile: true });
  const scrollWidth = (page: Page) => page.locator('html').evaluate((el) => (el as unknown as { scrollWidth: number }).scrollWidth);

  /** The last code the local SMS outbox holds for her phone. */
  async function lastCode(): Promise<string> {
    for (let i = 0; i < 3; i++) await stack.drain();
    const res = await api.call('GET', '/api/dev/outbox?channel=sms&limit=200', { token: await api.token('pilote') });
    const texts = (res.body.items as Array<{ to: string; at: string; payload: { text: string } }>)
      .filter((i) => i.to === PHONE)
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((i) => i.payload.text);
    const code = /\b(\d{6})\b/.exec(texts.at(-1) ?? '')?.[1];
    if (!code) throw new Error('no code in the SMS outbox');
    return code;
  }

  it('signs in with the code from the SMS, shows her space, keeps the token in sessionStorage only, and signs out', async () => {
    const context: BrowserContext = await phone();
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    try {
      await page.goto(`${stack.url}/mon-espace`);
      await page.getByRole('heading', { level: 1, name: 'Mon espace' }).waitFor();
      await expectNoAxeViolations(page, 'Mon espace : connexion');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

      await page.getByLabel('Votre numéro de téléphone').fill('06 45 00 00 31');
      await page.getByRole('button', { name: 'Recevoir mon code' }).click();
      await page.getByText('vous allez recevoir un code à 6 chiffres par SMS').waitFor();
      const code = await lastCode();
      await expectNoAxeViolations(page, 'Mon espace : le code');

      // A wrong code first: the tries left, in words.
      await page.getByLabel('Le code reçu (6 chiffres)').fill(code === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: 'Ouvrir mon espace' }).click();
      await page.getByRole('alert').getByText('Il vous reste 4 essais.').waitFor();
      expect(errors.take().every((e) => /401/.test(e))).toBe(true);

      await page.getByLabel('Le code reçu (6 chiffres)').fill(code);
      await page.getByRole('button', { name: 'Ouvrir mon espace' }).click();
      await page.getByRole('heading', { level: 1, name: 'Mon dossier' }).waitFor();
      await page.getByRole('navigation', { name: 'Mon espace' }).waitFor();

      // Her plan, then her comment on its action, which the référent reads on the parcours.
      await page.getByRole('heading', { name: 'Mon plan' }).waitFor();
      await page.getByRole('heading', { name: 'Objectif : Retrouver un logement' }).waitFor();
      await page.getByText('Remplir la demande de logement social', { exact: true }).waitFor();
      await expectNoAxeViolations(page, 'Mon espace : mon dossier');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      await page.getByRole('button', { name: 'Écrire un commentaire sur l’action « Remplir la demande de logement social »' }).click();
      await page
        .getByLabel('Votre commentaire sur l’action « Remplir la demande de logement social »')
        .fill('Il me manque mon avis d’imposition.');
      await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
      await page.getByText('« Il me manque mon avis d’imposition. »').waitFor();
      const seen = await api.call('GET', `/api/parcours/${parcoursId}`, { token: figeac });
      expect(seen.body.comments).toEqual([expect.objectContaining({ text: 'Il me manque mon avis d’imposition.' })]);

      // Her copy of everything: one button, a ZIP with the PDF of her file and the JSON of her data.
      await page.getByRole('navigation', { name: 'Mon espace' }).getByRole('link', { name: 'Télécharger mes données' }).click();
      await page.getByRole('heading', { level: 1, name: 'Télécharger mes données' }).waitFor();
      await expectNoAxeViolations(page, 'Mon espace : télécharger mes données');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Télécharger mes données' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.zip$/);
      const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
      expect(Object.keys(files).sort()).toEqual(['mes-donnees.json', 'mon-dossier.pdf']);
      expect(strFromU8(files['mon-dossier.pdf']!.subarray(0, 5))).toBe('%PDF-');
      const json = JSON.parse(strFromU8(files['mes-donnees.json']!));
      expect(json.services.intake.persons[0].id).toBe(personId);
      expect(json.services.parcours.comments).toHaveLength(1);
      // The page's own storage (evaluated in the browser; this file has no DOM types).
      const stored = (await page.evaluate(
        '({ session: sessionStorage.getItem("relais.person.token"), local: Object.keys(localStorage) })',
      )) as { session: string | null; local: string[] };
      const session = JSON.parse(stored.session ?? '{}') as { accessToken?: string; expiresAt?: number };
      expect(typeof session.accessToken).toBe('string');
      expect(session.expiresAt).toBeGreaterThan(Date.now() + 50 * 60_000);
      expect(stored.local).toEqual([]);
      // The professionals' application is not what she got: no professional sign-in, no professional menu.
      await expect(page.getByRole('link', { name: 'Personnes' }).count()).resolves.toBe(0);

      // A narrow phone (320 px): nothing scrolls sideways, the buttons stay large enough to touch.
      await page.setViewportSize({ width: 320, height: 640 });
      expect(await scrollWidth(page)).toBeLessThanOrEqual(320);
      const button = await page.getByRole('button', { name: 'Me déconnecter' }).boundingBox();
      expect(button!.height).toBeGreaterThanOrEqual(44);

      await page.getByRole('button', { name: 'Me déconnecter' }).click();
      await page.getByText('Votre espace est fermé. À bientôt.').waitFor();
      expect(await page.evaluate('sessionStorage.getItem("relais.person.token")')).toBeNull();
      expect(errors.take()).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('sends her back to the sign-in when her session has ended, and says why', async () => {
    const context = await phone();
    const page = await context.newPage();
    try {
      await page.goto(`${stack.url}/mon-espace`);
      await page.evaluate(
        'sessionStorage.setItem("relais.person.token", JSON.stringify({ accessToken: "expire", expiresAt: Date.now() - 1000 }))',
      );
      await page.reload();
      await page.getByText('Votre session est terminée, pour votre sécurité.').waitFor();
      await page.getByLabel('Votre numéro de téléphone').waitFor();
    } finally {
      await context.close();
    }
  });

  it('lets the professional who recorded her create the invitation on her page, shown large to print; the person opens it', async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await desk.newPage();
    const errors = watchPageErrors(page);
    let link: string;
    try {
      await page.goto(`${stack.url}/#/connexion`);
      await page.locator('input[name="username"][value="agent.gramat"]').check();
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { level: 1, name: homeHeading('agent.gramat') }).waitFor();
      await page.goto(`${stack.url}/#/personnes/${personId}`);
      await page.getByRole('heading', { name: 'Mon espace (la personne)' }).waitFor();
      await page.getByRole('button', { name: 'Créer le lien d’invitation' }).click();
      link = ((await page.getByTestId('invitation-link').textContent()) ?? '').trim();
      expect(link).toMatch(/\/mon-espace#\/invitation\/[\w-]+\.[\w-]+$/);
      // The same link as a QR code (SVG), module for module.
      const qr = page.getByRole('img', { name: /Code QR du lien d’invitation/ });
      await expect(qr.locator('path').getAttribute('d')).resolves.toBe(qrPath(link).d);
      await page.getByRole('button', { name: 'Imprimer' }).waitFor();
      await expectNoAxeViolations(page, 'invitation avec son code QR');
      expect(errors.take()).toEqual([]);
    } finally {
      await desk.close();
    }
    const context = await phone();
    const her = await context.newPage();
    try {
      await her.goto(link.replace(/^https?:\/\/[^/]+/, stack.url));
      await her.getByRole('heading', { level: 1, name: 'Mon dossier' }).waitFor();
    } finally {
      await context.close();
    }
  });

  it('opens her space once from her invitation link', async () => {
    const invited = await api.call('POST', `/api/persons/${personId}/invitation`, { token: gramat, body: {} });
    expect(invited.status).toBe(201);
    const link = (invited.body.link as string).replace(/^https?:\/\/[^/]+/, stack.url);
    const context = await phone();
    const page = await context.newPage();
    try {
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: 'Mon dossier' }).waitFor();
      expect(new URL(page.url()).hash).toBe('#/');
      await page.getByRole('button', { name: 'Me déconnecter' }).click();
      await page.goto(link);
      await page.getByText('Ce lien d’invitation a déjà servi, ou il n’est plus valable.').waitFor();
      await expectNoAxeViolations(page, 'Mon espace : invitation déjà utilisée');
    } finally {
      await context.close();
    }
  });

  it('reads at 200 % zoom: a 780 px window zoomed twice is 390 CSS px wide, without sideways scroll, every control reachable', async () => {
    const invited = await api.call('POST', `/api/persons/${personId}/invitation`, { token: gramat, body: {} });
    expect(invited.status).toBe(201);
    const link = (invited.body.link as string).replace(/^https?:\/\/[^/]+/, stack.url);
    const context = await browser.newContext({
      viewport: { width: 390, height: 422 },
      deviceScaleFactor: 2,
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
    });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    try {
      await page.goto(link);
      await page.getByRole('heading', { level: 1, name: 'Mon dossier' }).waitFor();
      await page.getByRole('heading', { name: 'Mon plan' }).waitFor();
      expect(await page.evaluate('window.innerWidth')).toBe(390);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      // Tab through the page: each control that takes the focus lies within the width.
      const outside: string[] = [];
      let seen = 0;
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        // A string: the test project has no DOM types.
        const box = (await page.evaluate(`(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const r = el.getBoundingClientRect();
          return { left: r.left + window.scrollX, right: r.right + window.scrollX, text: (el.textContent ?? '').trim().slice(0, 40) };
        })()`)) as { left: number; right: number; text: string } | null;
        if (!box) continue;
        seen++;
        if (box.left < 0 || box.right > 390.5) outside.push(`${box.text} (${box.left}–${box.right})`);
      }
      expect(seen).toBeGreaterThan(3);
      expect(outside).toEqual([]);
      await page.getByRole('button', { name: 'Me déconnecter' }).focus();
      await expect(page.getByRole('button', { name: 'Me déconnecter' }).isVisible()).resolves.toBe(true);
      await expectNoAxeViolations(page, 'Mon espace à 200 %');
      expect(errors.take()).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

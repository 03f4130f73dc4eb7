import { OPT_OUT_CONFIRMATION, SMS_MAX, gsm7Length, surveyMessage, toGsm7 } from './message';

describe('survey message', () => {
  it('is one GSM-7 SMS naming the place, asking for a mark from 1 to 5 and saying how to stop', () => {
    const text = surveyMessage('Maison des solidarités de Gramat');
    expect(text).toContain('Maison des solidarités de Gramat');
    expect(text).toMatch(/1 .*à 5/);
    expect(text).toContain('STOP');
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_MAX);
  });

  it('stays one SMS with a very long name, shortened', () => {
    const text = surveyMessage('Centre intercommunal d’action sociale de Cauvaldor, antenne de Saint-Céré et de Bretenoux');
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_MAX);
    expect(text).toContain('...');
  });

  it('replaces characters outside GSM-7, which would turn the SMS into a 70-character one', () => {
    const text = surveyMessage('Cité de l’Hôpital « Côté Lot » — œuvre [1]');
    expect(Number.isFinite(gsm7Length(text))).toBe(true);
    expect(text).toContain("Cité de l'Hopital");
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_MAX);
  });

  it('counts extension characters as two septets and refuses non-GSM text', () => {
    expect(gsm7Length('€')).toBe(2);
    expect(gsm7Length('é')).toBe(1);
    expect(gsm7Length('ê')).toBe(Number.POSITIVE_INFINITY);
    expect(toGsm7('Fête ça')).toBe('Fete ca');
  });

  it('has a fallback when the place has no name', () => {
    expect(surveyMessage('')).toContain("votre lieu d'accueil");
  });

  it('the opt-out confirmation is one GSM-7 SMS', () => {
    expect(gsm7Length(OPT_OUT_CONFIRMATION)).toBeLessThanOrEqual(SMS_MAX);
  });
});

describe('the place with the French its name takes (ADR 0028)', () => {
  it.each([
    ['CCAS de Cahors – accueil social', undefined, 'Relais : votre accueil au CCAS de Cahors - accueil social ?'],
    [
      'Maison des solidarités départementales de Gramat',
      undefined,
      'Relais : votre accueil à la Maison des solidarités départementales de Gramat ?',
    ],
    ['France Travail – agence de Cahors', undefined, 'Relais : votre accueil à France Travail - agence de Cahors ?'],
    ['UDAF du Lot', 'l’', "Relais : votre accueil à l'UDAF du Lot ?"],
    ['Restos du Cœur de Figeac', 'les', 'Relais : votre accueil aux Restos du Coeur de Figeac ?'],
    ['CAF du Lot – accueil de Cahors', 'la', 'Relais : votre accueil à la CAF du Lot - accueil de Cahors ?'],
  ] as const)('%s', (name, article, start) => {
    const sms = surveyMessage(name, article);
    expect(sms.startsWith(start)).toBe(true);
    expect(gsm7Length(sms)).toBeLessThanOrEqual(SMS_MAX);
  });
});

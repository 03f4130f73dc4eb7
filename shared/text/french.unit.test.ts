import { type Article, after as afterPreposition, capitalised, elides, frenchDay, guessArticle, ofName, withArticle } from './french';

/** Twenty names of the département's network, and what each generated sentence must say. */
const TABLE: ReadonlyArray<[name: string, article: Article, subject: string, de: string, a: string, vers: string]> = [
  ['CAF du Lot', 'la', 'la CAF du Lot', 'de la CAF du Lot', 'à la CAF du Lot', 'vers la CAF du Lot'],
  ['CCAS de Cahors', 'le', 'le CCAS de Cahors', 'du CCAS de Cahors', 'au CCAS de Cahors', 'vers le CCAS de Cahors'],
  ['UDAF', 'l’', 'l’UDAF', 'de l’UDAF', 'à l’UDAF', 'vers l’UDAF'],
  ['France Travail', '', 'France Travail', 'de France Travail', 'à France Travail', 'vers France Travail'],
  ['CPAM du Lot', 'la', 'la CPAM du Lot', 'de la CPAM du Lot', 'à la CPAM du Lot', 'vers la CPAM du Lot'],
  [
    'MSA Midi-Pyrénées Nord',
    'la',
    'la MSA Midi-Pyrénées Nord',
    'de la MSA Midi-Pyrénées Nord',
    'à la MSA Midi-Pyrénées Nord',
    'vers la MSA Midi-Pyrénées Nord',
  ],
  ['Restos du Cœur', 'les', 'les Restos du Cœur', 'des Restos du Cœur', 'aux Restos du Cœur', 'vers les Restos du Cœur'],
  ['Emmaüs Connect', '', 'Emmaüs Connect', 'd’Emmaüs Connect', 'à Emmaüs Connect', 'vers Emmaüs Connect'],
  [
    'Espace France Services de Gramat',
    'le',
    'l’Espace France Services de Gramat',
    'de l’Espace France Services de Gramat',
    'à l’Espace France Services de Gramat',
    'vers l’Espace France Services de Gramat',
  ],
  [
    'Mission locale du Lot',
    'la',
    'la Mission locale du Lot',
    'de la Mission locale du Lot',
    'à la Mission locale du Lot',
    'vers la Mission locale du Lot',
  ],
  ['Secours populaire', 'le', 'le Secours populaire', 'du Secours populaire', 'au Secours populaire', 'vers le Secours populaire'],
  ['Halte de nuit', 'la', 'la Halte de nuit', 'de la Halte de nuit', 'à la Halte de nuit', 'vers la Halte de nuit'],
  ['Hôpital de Figeac', 'le', 'l’Hôpital de Figeac', 'de l’Hôpital de Figeac', 'à l’Hôpital de Figeac', 'vers l’Hôpital de Figeac'],
  [
    'Habitat jeunes du Grand Cahors',
    'le',
    'l’Habitat jeunes du Grand Cahors',
    'de l’Habitat jeunes du Grand Cahors',
    'à l’Habitat jeunes du Grand Cahors',
    'vers l’Habitat jeunes du Grand Cahors',
  ],
  [
    'Hameau de Lacapelle',
    'le',
    'le Hameau de Lacapelle',
    'du Hameau de Lacapelle',
    'au Hameau de Lacapelle',
    'vers le Hameau de Lacapelle',
  ],
  ['ADIL du Lot', 'l’', 'l’ADIL du Lot', 'de l’ADIL du Lot', 'à l’ADIL du Lot', 'vers l’ADIL du Lot'],
  [
    'Conseil départemental',
    'le',
    'le Conseil départemental',
    'du Conseil départemental',
    'au Conseil départemental',
    'vers le Conseil départemental',
  ],
  [
    'Maisons France Services du Lot',
    'les',
    'les Maisons France Services du Lot',
    'des Maisons France Services du Lot',
    'aux Maisons France Services du Lot',
    'vers les Maisons France Services du Lot',
  ],
  ['URSSAF', 'l’', 'l’URSSAF', 'de l’URSSAF', 'à l’URSSAF', 'vers l’URSSAF'],
  ['Ordre de Malte', 'l’', 'l’Ordre de Malte', 'de l’Ordre de Malte', 'à l’Ordre de Malte', 'vers l’Ordre de Malte'],
  [
    'Agir pour l’insertion',
    '',
    'Agir pour l’insertion',
    'd’Agir pour l’insertion',
    'à Agir pour l’insertion',
    'vers Agir pour l’insertion',
  ],
];

describe('French names in generated text (issue 14, point 6)', () => {
  it.each(TABLE)('%s (%s)', (name, article, subject, de, a, vers) => {
    const org = { name, article };
    expect(withArticle(org)).toBe(subject);
    expect(afterPreposition('de', org)).toBe(de);
    expect(afterPreposition('à', org)).toBe(a);
    expect(afterPreposition('vers', org)).toBe(vers);
  });

  it('covers every contraction and elision the rules name', () => {
    const outcomes = TABLE.flatMap(([, , subject, de, a]) => [subject, de, a]).join(' | ');
    for (const form of ['du ', 'au ', 'des ', 'aux ', 'de l’', 'à l’', 'd’', 'l’']) expect(outcomes).toContain(form);
  });

  it('elides before a vowel or a mute h, not before a consonant or an aspirated h', () => {
    expect(['UDAF', 'Inès', 'Élodie', 'Yvette', 'Hélène', 'habitat'].every(elides)).toBe(true);
    expect(['CAF', 'Marc', 'Halte', 'handicap', 'Hugo', 'Hubert'].some(elides)).toBe(false);
    expect(ofName('Inès')).toBe('d’Inès');
    expect(ofName('Hélène')).toBe('d’Hélène');
    expect(ofName('Marc')).toBe('de Marc');
    expect(ofName('Hugo')).toBe('de Hugo');
  });

  it('keeps the article a name was given, and adds none to a name without', () => {
    expect(afterPreposition('chez', { name: 'CCAS de Cahors', article: 'le' })).toBe('chez le CCAS de Cahors');
    expect(afterPreposition('pour', { name: 'Restos du Cœur', article: 'les' })).toBe('pour les Restos du Cœur');
    expect(afterPreposition('de', { name: '  CAF du Lot ' })).toBe('de CAF du Lot');
    expect(capitalised(withArticle({ name: 'UDAF', article: 'l’' }))).toBe('L’UDAF');
    expect(capitalised(withArticle({ name: 'CAF du Lot', article: 'la' }))).toBe('La CAF du Lot');
  });
});

describe('dates as people write them', () => {
  it('writes « 1er » for the first of the month and the month in letters', () => {
    expect(frenchDay('2026-09-01')).toBe('1er septembre 2026');
    expect(frenchDay('2026-09-02')).toBe('2 septembre 2026');
    expect(frenchDay('2026-08-15', { withYear: false })).toBe('15 août');
    expect(frenchDay('2027-02-01', { withYear: false })).toBe('1er février');
  });

  it('reads an instant in Europe/Paris, summer and winter', () => {
    expect(frenchDay('2026-08-31T22:30:00Z')).toBe('1er septembre 2026');
    expect(frenchDay(new Date('2026-12-31T23:30:00Z'))).toBe('1er janvier 2027');
    expect(frenchDay('2026-12-31T22:30:00Z')).toBe('31 décembre 2026');
  });
});

describe('guessArticle: the default the organisation form proposes', () => {
  it.each([
    ['CAF du Lot', 'la'],
    ['CCAS de Cahors', 'le'],
    ['CIAS Cauvaldor', 'le'],
    ['UDAF du Lot', 'l’'],
    ['ADIL du Lot', 'l’'],
    ['Restos du Cœur', 'les'],
    ['France Travail', ''],
    ['Emmaüs Connect', ''],
    ['Mission locale du Lot', 'la'],
    ['Maison des solidarités de Gramat', 'la'],
    ['Département du Lot', 'le'],
    ['Secours populaire', 'le'],
    ['Association Lot Insertion', 'l’'],
    ['Espace France Services', 'l’'],
    ['Halte de nuit', 'la'],
    ['Hôpital de Figeac', 'l’'],
    ['MSA Midi-Pyrénées Nord', 'la'],
    ['CPAM du Lot', 'la'],
  ] as const)('%s → « %s »', (name, article) => {
    expect(guessArticle(name)).toBe(article);
  });
});

import { duplicatesOf, isPossibleDuplicate, levenshtein, normaliseName, searchKey, searchPartition } from './names';

describe('normaliseName', () => {
  it('removes accents and case, and folds hyphens and apostrophes to spaces', () => {
    expect(normaliseName('Delpérié')).toBe('delperie');
    expect(normaliseName('DELPÉRIÉ')).toBe('delperie');
    expect(normaliseName('  Jean-Pierre ')).toBe('jean pierre');
    expect(normaliseName('N’Diaye')).toBe('n diaye');
    expect(normaliseName("O'Brien")).toBe('o brien');
    expect(normaliseName('Lætitia')).toBe('l titia');
    expect(normaliseName('Çağlar')).toBe('caglar');
  });

  it('keys a name as "<last> <first>" and partitions it by its first two characters', () => {
    expect(searchKey('Delpérié', 'Marthe')).toBe('delperie marthe');
    expect(searchPartition(searchKey('Delpérié', 'Marthe'))).toBe('de');
    expect(searchPartition(searchKey('Y', 'Ann'))).toBe('y ');
  });
});

describe('levenshtein', () => {
  it.each([
    ['vayssiere', 'vayssiere', 0],
    ['vayssiere', 'vaysiere', 1],
    ['martin', 'martan', 1],
    ['martin', 'martins', 1],
    ['martin', 'amrtin', 2],
    ['', 'abc', 3],
    ['abc', '', 3],
  ])('%s → %s is %i', (a, b, d) => {
    expect(levenshtein(a, b)).toBe(d);
    expect(levenshtein(b, a)).toBe(d);
  });
});

describe('duplicates', () => {
  const existing = { id: 'A', lastName: 'Vayssière', firstName: 'Jean-Luc', birthDate: '1972-03-09' };

  it('matches the same names and birth date whatever the accents, case and hyphens', () => {
    expect(isPossibleDuplicate({ lastName: 'VAYSSIERE', firstName: 'jean luc', birthDate: '1972-03-09' }, existing)).toBe(true);
  });

  it('matches a last name or a first name one letter away with the same birth date', () => {
    expect(isPossibleDuplicate({ lastName: 'Vaysière', firstName: 'Jean-Luc', birthDate: '1972-03-09' }, existing)).toBe(true);
    expect(isPossibleDuplicate({ lastName: 'Vayssière', firstName: 'Jean-Lux', birthDate: '1972-03-09' }, existing)).toBe(true);
  });

  it('does not match two letters away, both names one letter away, or another birth date', () => {
    expect(isPossibleDuplicate({ lastName: 'Vaysier', firstName: 'Jean-Luc', birthDate: '1972-03-09' }, existing)).toBe(false);
    expect(isPossibleDuplicate({ lastName: 'Vaysière', firstName: 'Jean-Lux', birthDate: '1972-03-09' }, existing)).toBe(false);
    expect(isPossibleDuplicate({ lastName: 'Vayssière', firstName: 'Jean-Luc', birthDate: '1972-03-10' }, existing)).toBe(false);
  });

  it('compares exact names only when a birth date is missing on either side', () => {
    const undated = { id: 'B', lastName: 'Vayssière', firstName: 'Jean-Luc' };
    expect(isPossibleDuplicate({ lastName: 'Vayssiere', firstName: 'Jean Luc', birthDate: '1972-03-09' }, undated)).toBe(true);
    expect(isPossibleDuplicate({ lastName: 'Vayssiere', firstName: 'Jean Luc' }, existing)).toBe(true);
    expect(isPossibleDuplicate({ lastName: 'Vaysiere', firstName: 'Jean Luc' }, existing)).toBe(false);
  });

  it('lists each candidate once, in name order', () => {
    const found = [
      { id: 'C', lastName: 'Vaysière', firstName: 'Jean-Luc', birthDate: '1972-03-09' },
      existing,
      existing,
      { id: 'D', lastName: 'Autre', firstName: 'Jean-Luc', birthDate: '1972-03-09' },
    ];
    expect(duplicatesOf({ lastName: 'Vayssiere', firstName: 'Jean-Luc', birthDate: '1972-03-09' }, found).map((p) => p.id)).toEqual([
      'C',
      'A',
    ]);
  });
});

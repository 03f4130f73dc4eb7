import { hoursInWords } from './opening-hours';

describe('opening hours in plain French', () => {
  it.each([
    [
      'Mo-Fr 08:30-12:00,13:30-17:00; PH off',
      'du lundi au vendredi 8h30-12h et 13h30-17h (sauf jours fériés)',
      'lun-ven 8h30-12h, 13h30-17h',
    ],
    ['Mo-Fr 09:00-12:00; Sa 09:00-12:00', 'du lundi au samedi 9h-12h', 'lun-sam 9h-12h'],
    ['Mo,We 14:00-17:00', 'lundi et mercredi 14h-17h', 'lun, mer 14h-17h'],
    ['Tu-We 08:00-12:30; Fr 13:45-16:00', 'mardi et mercredi 8h-12h30 ; vendredi 13h45-16h', 'mar-mer 8h-12h30 ; ven 13h45-16h'],
    [
      'Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00',
      'du lundi au jeudi 8h30-12h et 13h30-17h ; vendredi 8h30-12h',
      'lun-jeu 8h30-12h, 13h30-17h ; ven 8h30-12h',
    ],
    ['Mo,Tu,Th 09:00-12:00', 'lundi, mardi et jeudi 9h-12h', 'lun-mar, jeu 9h-12h'],
    ['Mo-Fr 09:00-17:00; 2026 Dec 24-2026 Dec 26 off', 'du lundi au vendredi 9h-17h', 'lun-ven 9h-17h'],
    ['24/7', 'tous les jours, jour et nuit', '7j/7 24h/24'],
  ])('%s', (osm, long, short) => {
    expect(hoursInWords(osm)).toBe(long);
    expect(hoursInWords(osm, 'short')).toBe(short);
  });

  it.each([
    [''],
    ['PH off'],
    ['Jan-Mar Mo-Fr 09:00-12:00'],
    ['Sa-Mo 09:00-12:00'],
    ['Mo 09:00-12:00; Mo 14:00-16:00'],
    ['Mo-Fr 09:00-12:00 "sur rendez-vous"'],
  ])('says nothing of %p (not given, or not sure)', (osm) => {
    expect(hoursInWords(osm)).toBeUndefined();
  });
});

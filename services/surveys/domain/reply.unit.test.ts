import { parseReply } from './reply';

describe('parseReply', () => {
  it.each([
    ['4', 4],
    [' 4 ', 4],
    ['4/5', 4],
    ['4 / 5', 4],
    ['4 sur 5', 4],
    ['quatre', 4],
    ['Quatre', 4],
    ['1', 1],
    ['5.', 5],
    ['cinq', 5],
    ['un', 1],
  ])('reads %j as the mark %d', (body, score) => {
    expect(parseReply(body)).toEqual({ kind: 'score', score });
  });

  it.each(['STOP', 'stop', 'Stop ', 'ARRET', 'ARRÊT', 'arrêt', 'stop sms', 'STOP SMS'])('reads %j as an opt-out', (body) => {
    expect(parseReply(body)).toEqual({ kind: 'stop' });
  });

  it('keeps the words after a mark as a comment, as written', () => {
    expect(parseReply('4 Très bon accueil, merci')).toEqual({ kind: 'score', score: 4, comment: 'Très bon accueil, merci' });
    expect(parseReply('5/5 parfait')).toEqual({ kind: 'score', score: 5, comment: 'parfait' });
  });

  it.each(['0', '6', '45', '10/10', 'bonjour', 'stop les appels svp maintenant', 'quatrevingt'])(
    'does not read %j as a mark or an opt-out',
    (body) => {
      expect(parseReply(body).kind).toBe('text');
    },
  );

  it('an empty message is nothing', () => {
    expect(parseReply('   ')).toEqual({ kind: 'empty' });
  });

  it('bounds a very long text', () => {
    const r = parseReply('x'.repeat(5000));
    expect(r.kind === 'text' && r.text.length).toBe(500);
  });
});

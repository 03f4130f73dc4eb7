import { createLogger, REDACTED, redactPersonalData } from './logger';
import { withTrace } from './trace-context';

describe('log redaction', () => {
  it('masks personal fields wherever they are and keeps ids and counts', () => {
    const line = JSON.stringify(
      { personId: 'P1', lastName: 'Dupont', nested: { phone: '+33600000000', Email: 'a@b.fr', count: 3 }, summary: 'difficultés' },
      redactPersonalData,
    );
    expect(JSON.parse(line)).toEqual({
      personId: 'P1',
      lastName: REDACTED,
      nested: { phone: REDACTED, Email: REDACTED, count: 3 },
      summary: REDACTED,
    });
    expect(line).not.toMatch(/Dupont|\+33600000000|a@b\.fr|difficultés/);
  });
});

/** The JSON lines written to stdout and stderr while `fn` runs. */
function capture(fn: () => void): { out: Record<string, unknown>[]; err: Record<string, unknown>[] } {
  const out: Record<string, unknown>[] = [];
  const err: Record<string, unknown>[] = [];
  const into = (list: Record<string, unknown>[]) =>
    ((chunk: unknown) => {
      for (const l of String(chunk).split('\n')) if (l.startsWith('{')) list.push(JSON.parse(l));
      return true;
    }) as typeof process.stdout.write;
  const o = jest.spyOn(process.stdout, 'write').mockImplementation(into(out));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation(into(err));
  try {
    fn();
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { out, err };
}

describe('log lines (Powertools format, ADR 0062)', () => {
  const saved = process.env.POWERTOOLS_LOG_LEVEL;
  afterEach(() => {
    process.env.POWERTOOLS_LOG_LEVEL = saved;
  });

  it('writes one JSON line with the service, the level, the invocation trace and the extra keys, masking personal data', () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    const logger = createLogger('test-lines');
    const { out, err } = capture(() =>
      withTrace({ correlationId: 'CORR-1', causationId: 'CAUSE-1', lambda: { awsRequestId: 'REQ-1', functionName: 'fn-1' } }, () =>
        logger.info('Referral sent', { referralId: 'R1', phone: '+33612345678' }),
      ),
    );
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({
      level: 'INFO',
      message: 'Referral sent',
      service: 'test-lines',
      correlation_id: 'CORR-1',
      causation_id: 'CAUSE-1',
      function_name: 'fn-1',
      function_request_id: 'REQ-1',
      referralId: 'R1',
      phone: REDACTED,
    });
    expect(typeof out[0]?.timestamp).toBe('string');
    expect(Number.isNaN(Date.parse(String(out[0]?.timestamp)))).toBe(false);
    expect(JSON.stringify(out)).not.toContain('+33612345678');
  });

  it('writes warnings and errors on stderr, an Error under `error` with its name and message', () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    const logger = createLogger('test-lines');
    const { out, err } = capture(() => {
      logger.warn('slow', { ms: 12 });
      logger.error('failed', new TypeError('boom'));
    });
    expect(out).toEqual([]);
    expect(err.map((l) => l.level)).toEqual(['WARN', 'ERROR']);
    expect(err[1]?.error).toMatchObject({ message: 'boom' });
    expect(String((err[1]?.error as { stack?: string } | undefined)?.stack)).toContain('TypeError: boom');
  });

  it('follows the level: DEBUG hidden at INFO, everything hidden at SILENT, DEBUG shown at DEBUG', () => {
    const logger = createLogger('test-lines');
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    expect(capture(() => logger.debug('detail')).out).toEqual([]);
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    const silent = capture(() => logger.error('hidden'));
    expect([...silent.out, ...silent.err]).toEqual([]);
    process.env.POWERTOOLS_LOG_LEVEL = 'debug';
    expect(capture(() => logger.debug('detail')).out.map((l) => l.message)).toEqual(['detail']);
  });

  it('never throws on what it cannot serialise', () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
    const cyclic: Record<string, unknown> = { id: 'x' };
    cyclic.self = cyclic;
    const { out } = capture(() => createLogger('test-lines').info('cyclic', { cyclic, big: 10n }));
    expect(out[0]).toMatchObject({ cyclic: { id: 'x', self: '[Circular]' }, big: '10' });
  });
});

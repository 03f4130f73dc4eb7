import { countMetric, flushMetrics } from './metrics';

/** The EMF lines written to stdout while `fn` runs. */
function emf(fn: () => void): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => {
    for (const l of String(chunk).split('\n')) if (l.includes('"_aws"')) lines.push(JSON.parse(l));
    return true;
  }) as typeof process.stdout.write);
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe('business counters in the embedded metric format (ADR 0020, 0062)', () => {
  const saved = process.env.AWS_LAMBDA_FUNCTION_NAME;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    else process.env.AWS_LAMBDA_FUNCTION_NAME = saved;
  });

  it('on Lambda, writes the stored counters at the flush, one line per service, namespace Relais and dimension service', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'fn';
    const lines = emf(() => {
      countMetric('intake', 'ReceptionRecorded');
      countMetric('intake', 'ReceptionRecorded');
      countMetric('intake', 'SmsSent', undefined, 3);
      countMetric('notifications', 'PartnerNotified');
      flushMetrics();
      flushMetrics();
    });
    expect(lines).toHaveLength(2);
    const intake = lines.find((l) => l.service === 'intake');
    expect(intake).toMatchObject({ ReceptionRecorded: [1, 1], SmsSent: 3 });
    expect((intake?._aws as { CloudWatchMetrics: unknown[] } | undefined)?.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Relais',
        Dimensions: [['service']],
        Metrics: [
          { Name: 'ReceptionRecorded', Unit: 'Count' },
          { Name: 'SmsSent', Unit: 'Count' },
        ],
      },
    ]);
    expect(typeof (intake?._aws as { Timestamp: unknown } | undefined)?.Timestamp).toBe('number');
    expect(lines.find((l) => l.service === 'notifications')).toMatchObject({ PartnerNotified: 1 });
  });

  it('writes a counter with its own dimension at once, as its own line', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'fn';
    const lines = emf(() => countMetric('intake', 'ReferralsByStatus', { name: 'status', value: 'accepted' }));
    expect(lines).toEqual([
      expect.objectContaining({
        service: 'intake',
        status: 'accepted',
        ReferralsByStatus: 1,
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            { Namespace: 'Relais', Dimensions: [['service', 'status']], Metrics: [{ Name: 'ReferralsByStatus', Unit: 'Count' }] },
          ],
        }),
      }),
    ]);
  });

  it('outside Lambda, writes no metric line', () => {
    delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    expect(
      emf(() => {
        countMetric('intake', 'ReceptionRecorded');
        flushMetrics();
      }),
    ).toEqual([]);
  });
});

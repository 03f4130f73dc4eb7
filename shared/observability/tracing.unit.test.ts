import * as z from 'zod';
import { ConflictError } from '../errors/errors';
import { defineEvent } from '../events/envelope';
import { errorCause } from './error-cause';
import { traceIds, withTrace } from './trace-context';

const Something = defineEvent('relais.test', 'SomethingHappened', z.object({ id: z.string() }));

describe('trace scope (ADR 0020)', () => {
  it('stamps the events created inside it with its correlation and causation ids', () => {
    const event = withTrace({ correlationId: 'C1', causationId: 'REQ1' }, () => Something.create({ id: 'x' }));
    expect(event.detail.metadata).toMatchObject({ correlationId: 'C1', causationId: 'REQ1' });
  });

  it('lets explicit ids win, and starts a chain of its own outside any scope', () => {
    const explicit = withTrace({ correlationId: 'C1', causationId: 'REQ1' }, () =>
      Something.create({ id: 'x' }, { correlationId: 'C2', causationId: 'E2' }),
    );
    expect(explicit.detail.metadata).toMatchObject({ correlationId: 'C2', causationId: 'E2' });
    const alone = Something.create({ id: 'x' });
    expect(alone.detail.metadata.correlationId).toBe(alone.detail.metadata.eventId);
    expect(alone.detail.metadata.causationId).toBeUndefined();
    expect(traceIds()).toEqual({});
  });

  it('keeps concurrent scopes apart', async () => {
    const seen = await Promise.all(
      ['A', 'B'].map((id) =>
        withTrace({ correlationId: id }, async () => {
          await new Promise((r) => setTimeout(r, id === 'A' ? 20 : 1));
          return traceIds().correlationId;
        }),
      ),
    );
    expect(seen).toEqual(['A', 'B']);
  });
});

describe('error cause in logs', () => {
  it('keeps the message of the services’ own errors, truncated', () => {
    expect(
      errorCause(new ConflictError({ code: 'test.conflict', title: 'Conflit', detail: 'Cette orientation a changé entre-temps.' })),
    ).toEqual({
      errorName: 'ConflictError',
      errorMessage: 'Cette orientation a changé entre-temps.',
    });
    expect(errorCause(new ConflictError({ code: 'test.conflict', title: 'Conflit', detail: 'x'.repeat(500) })).errorMessage).toHaveLength(
      201,
    );
  });

  it('keeps only the name of any other error, whose message may quote input', () => {
    expect(errorCause(new Error('Dupont Jeanne 0612345678 refusé'))).toEqual({ errorName: 'Error' });
    expect(errorCause(new TypeError('Cannot read 0612345678'))).toEqual({ errorName: 'TypeError' });
    const zod = z.object({ phone: z.string().max(3) }).safeParse({ phone: '0612345678' });
    expect(errorCause(zod.error)).toEqual({ errorName: 'ZodError' });
    expect(errorCause('boom')).toEqual({ errorName: 'string' });
  });

  it('keeps the message of AWS SDK service errors', () => {
    const sdk = Object.assign(new Error('Requested resource not found'), {
      name: 'ResourceNotFoundException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    expect(errorCause(sdk)).toEqual({ errorName: 'ResourceNotFoundException', errorMessage: 'Requested resource not found' });
  });
});

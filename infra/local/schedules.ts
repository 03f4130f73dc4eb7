import { join } from 'node:path';
import type { ScheduleDecl } from '../../shared/manifest/manifest';
import { createLogger } from '../../shared/observability/logger';

const logger = createLogger('local-schedules');

/** Milliseconds until the next run of an EventBridge schedule expression (UTC, as on AWS). */
export function nextDelayMs(expression: string, now = new Date()): number {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]?.startsWith('minute') ? 60_000 : rate[2]?.startsWith('hour') ? 3_600_000 : 86_400_000;
    return n * unit;
  }
  // Daily or hourly crons: cron(M H * * ? *) or cron(M * * * ? *).
  const cron = /^cron\((\d+)\s+(\d+|\*)\s+\*\s+\*\s+\?\s+\*\)$/.exec(expression);
  if (cron) {
    const minute = Number(cron[1]);
    const next = new Date(now);
    next.setUTCSeconds(0, 0);
    next.setUTCMinutes(minute);
    if (cron[2] === '*') {
      if (next <= now) next.setUTCHours(next.getUTCHours() + 1);
    } else {
      next.setUTCHours(Number(cron[2]));
      if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
    }
    return next.getTime() - now.getTime();
  }
  throw new Error(`Schedule expression not supported locally: ${expression}`);
}

export interface LocalSchedule {
  service: string;
  decl: ScheduleDecl;
}

/**
 * Schedules on timers: the same handlers as the EventBridge rules invoke on AWS. The returned
 * stop waits for the runs under way, so that none finds its tables gone (a false failure).
 */
export function startSchedules(repoRoot: string, schedules: LocalSchedule[]): () => Promise<void> {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;
  for (const schedule of schedules) nextDelayMs(schedule.decl.expression); // fail fast on bad expressions
  const arm = (schedule: LocalSchedule) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const run = runOnce(schedule).finally(() => running.delete(run));
      running.add(run);
    }, nextDelayMs(schedule.decl.expression));
    timer.unref();
    timers.add(timer);
  };
  const runOnce = async (schedule: LocalSchedule): Promise<void> => {
    try {
      const { handler } = require(join(repoRoot, schedule.decl.handler)) as {
        handler: (event: unknown, ctx: unknown) => Promise<unknown>;
      };
      await handler(
        {
          version: '0',
          id: `local-${Date.now()}`,
          'detail-type': 'Scheduled Event',
          source: 'aws.events',
          time: new Date().toISOString(),
          detail: {},
        },
        { functionName: `${schedule.service}-${schedule.decl.id}` },
      );
    } catch (error) {
      logger.error('Scheduled job failed', { schedule: `${schedule.service}.${schedule.decl.id}`, errorName: (error as Error).name });
    }
    arm(schedule);
  };
  for (const schedule of schedules) arm(schedule);
  return async () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    await Promise.allSettled([...running]);
  };
}

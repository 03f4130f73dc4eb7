import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createLogger } from '../../shared/observability/logger';
import type { LocalTable } from './tables';

const logger = createLogger('local-stream');

/**
 * Rounds start at least this far apart, kicked or not: a commit is read at once when the streams
 * were last read long enough ago, and a burst of commits does not read them more often than this.
 */
const MIN_ROUND_SPACING_MS = 100;

/**
 * New shards are looked for this often, and at once after a shard was seen to close (its
 * successor holds the next records). The tables are created before the poller starts, so a
 * new shard only ever follows a closed one: the timer is a safety net, not the path.
 */
const DISCOVERY_INTERVAL_MS = 30_000;

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<void>;

interface ShardCursor {
  streamArn: string;
  shardId: string;
  iterator: string | undefined;
}

/**
 * Reads DynamoDB Local's streams and hands each batch to the relay Lambda handler, as the
 * stream event source mapping does on AWS. A failed batch is retried from the same position.
 * Shards present at start are read from LATEST (older items are the sweeper's job), shards
 * that appear later from TRIM_HORIZON.
 */
export class StreamPoller {
  private readonly shards = new Map<string, ShardCursor>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private again = false;
  private kicked = false;
  private lastRoundStart = 0;
  private lastDiscovery = 0;

  constructor(
    private readonly client: DynamoDBStreamsClient,
    private readonly tables: LocalTable[],
    private readonly handler: StreamHandler,
    private readonly intervalMs = 200,
    private readonly beforeRelay?: (event: DynamoDBStreamEvent) => void | Promise<void>,
  ) {}

  async start(): Promise<void> {
    this.lastDiscovery = Date.now();
    await this.discover('LATEST');
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  private schedule(delayMs = this.intervalMs): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), delayMs);
  }

  /**
   * A write was committed in this process: read the streams now (or right after the round
   * under way) rather than at the next idle round.
   */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else if (!this.kicked) {
      this.kicked = true;
      this.schedule(this.nextRoundDelay());
    }
  }

  private async discover(firstPosition: ShardIteratorType): Promise<void> {
    for (const table of this.tables) {
      if (!table.streamArn) continue;
      let startShard: string | undefined;
      do {
        const out = await this.client.send(new DescribeStreamCommand({ StreamArn: table.streamArn, ExclusiveStartShardId: startShard }));
        for (const shard of out.StreamDescription?.Shards ?? []) {
          if (!shard.ShardId || this.shards.has(shard.ShardId)) continue;
          const open = !shard.SequenceNumberRange?.EndingSequenceNumber;
          if (firstPosition === 'LATEST' && !open) {
            this.shards.set(shard.ShardId, { streamArn: table.streamArn, shardId: shard.ShardId, iterator: undefined });
            continue;
          }
          const it = await this.client.send(
            new GetShardIteratorCommand({ StreamArn: table.streamArn, ShardId: shard.ShardId, ShardIteratorType: firstPosition }),
          );
          this.shards.set(shard.ShardId, { streamArn: table.streamArn, shardId: shard.ShardId, iterator: it.ShardIterator });
        }
        startShard = out.StreamDescription?.LastEvaluatedShardId;
      } while (startShard);
    }
  }

  private read(iterator: string) {
    return this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
  }

  private nextRoundDelay(): number {
    return Math.max(0, MIN_ROUND_SPACING_MS - (Date.now() - this.lastRoundStart));
  }

  private async poll(): Promise<void> {
    this.running = true;
    this.kicked = false;
    this.lastRoundStart = Date.now();
    try {
      // New shards are looked for now and then, or right after one closed; not at each round.
      if (Date.now() - this.lastDiscovery >= DISCOVERY_INTERVAL_MS) {
        this.lastDiscovery = Date.now();
        await this.discover('TRIM_HORIZON');
      }
      for (const cursor of this.shards.values()) {
        if (!cursor.iterator || this.stopped) continue;
        let out: Awaited<ReturnType<typeof this.read>>;
        try {
          out = await this.read(cursor.iterator);
        } catch (error) {
          // One shard's stale iterator must not stop the others: start it again from what the
          // stream still holds (the relay skips what was already published).
          const name = (error as Error).name;
          if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') throw error;
          const it = await this.client.send(
            new GetShardIteratorCommand({ StreamArn: cursor.streamArn, ShardId: cursor.shardId, ShardIteratorType: 'TRIM_HORIZON' }),
          );
          cursor.iterator = it.ShardIterator;
          continue;
        }
        const records = out.Records ?? [];
        if (records.length > 0) {
          const event = {
            Records: records.map((r) => ({ ...r, eventSourceARN: cursor.streamArn })),
          } as unknown as DynamoDBStreamEvent;
          await this.beforeRelay?.(event);
          try {
            await this.handler(event);
          } catch (error) {
            // Keep the iterator: the same records come back next round, as Lambda retries them.
            logger.error('Relay failed, will retry', { errorName: (error as Error).name, shardId: cursor.shardId });
            continue;
          }
        }
        cursor.iterator = out.NextShardIterator;
        if (!cursor.iterator) {
          // The shard is closed: its successor is found at the next round, which comes soon.
          this.lastDiscovery = 0;
          this.again = true;
        }
      }
    } catch (error) {
      if (!this.stopped) logger.error('Stream polling failed', { errorName: (error as Error).name });
    } finally {
      this.running = false;
      const again = this.again;
      this.again = false;
      this.schedule(again ? this.nextRoundDelay() : this.intervalMs);
    }
  }
}

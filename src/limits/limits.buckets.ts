import type { SharedRedis } from "../redis/redis";
import type { RateLimitConfig } from "./limits.config";

/** A client's bucket as reported in `extensions.cost.throttleStatus` (Shopify's names). */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** The answer to a charge: whether it was taken, the bucket after it, and when to retry if not. */
export interface Charge {
  allowed: boolean;
  status: ThrottleStatus;
  /** Seconds until the bucket holds the points asked for (0 when allowed). */
  retryAfter: number;
}

/** Where the buckets of cost points live. */
export interface BucketStore {
  /** Takes `cost` points from `client`'s bucket if it holds them; takes nothing otherwise. */
  take(client: string, cost: number): Promise<Charge>;
  /** Takes `delta` points (gives back when negative) whatever the bucket holds: settling after execution. */
  settle(client: string, delta: number): Promise<ThrottleStatus>;
}

const round = (n: number) => Math.floor(n * 10) / 10;

function charge(config: RateLimitConfig, allowed: boolean, tokens: number, cost: number): Charge {
  return {
    allowed,
    status: { maximumAvailable: config.capacity, currentlyAvailable: round(tokens), restoreRate: config.restoreRate },
    retryAfter: allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / config.restoreRate)),
  };
}

/**
 * Token buckets in this process. A bucket refills on read, so an idle one needs no timer; buckets that
 * have refilled completely hold nothing worth keeping and are dropped at most once a minute.
 */
export class MemoryBuckets implements BucketStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private lastSweep: number;

  constructor(
    private readonly config: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  /** Buckets currently held (refilled ones are dropped by the next sweep). */
  get size(): number {
    return this.buckets.size;
  }

  private current(client: string, now: number): number {
    const bucket = this.buckets.get(client);
    if (!bucket) return this.config.capacity;
    return Math.min(this.config.capacity, bucket.tokens + (Math.max(0, now - bucket.at) * this.config.restoreRate) / 1000);
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const client of [...this.buckets.keys()]) {
      if (this.current(client, now) >= this.config.capacity) this.buckets.delete(client);
    }
  }

  async take(client: string, cost: number): Promise<Charge> {
    const now = this.now();
    this.sweep(now);
    const tokens = this.current(client, now);
    if (tokens < cost) return charge(this.config, false, tokens, cost);
    this.buckets.set(client, { tokens: tokens - cost, at: now });
    return charge(this.config, true, tokens - cost, cost);
  }

  async settle(client: string, delta: number): Promise<ThrottleStatus> {
    const now = this.now();
    const tokens = Math.min(this.config.capacity, this.current(client, now) - delta);
    this.buckets.set(client, { tokens, at: now });
    return charge(this.config, true, tokens, 0).status;
  }
}

/**
 * One bucket update, atomic in Redis so that every instance sees the same bucket. The clock is Redis's
 * own (TIME), so instances whose clocks differ still refill alike. ARGV: capacity, restore rate (points a
 * second), cost, and "1" to take the cost whatever the bucket holds. Returns {taken, tokens left}.
 * The key expires once the bucket would be full again.
 */
const BUCKET_SCRIPT = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000 + math.floor(tonumber(now_parts[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate / 1000)
local taken = 0
if ARGV[4] == '1' or tokens >= cost then
  tokens = math.min(capacity, tokens - cost)
  taken = 1
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
  redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
end
return { taken, tostring(tokens) }
`;

type BucketCommand = (key: string, capacity: number, rate: number, cost: number, force: "0" | "1") => Promise<[number, string]>;

/**
 * Token buckets in Redis, shared by every instance using it. While Redis is unavailable, or when a
 * command fails, the bucket of this process stands in: requests are never refused for Redis's sake.
 */
export class RedisBuckets implements BucketStore {
  private readonly fallback: MemoryBuckets;
  private readonly command: BucketCommand;

  constructor(
    private readonly config: RateLimitConfig,
    private readonly redis: SharedRedis,
  ) {
    this.fallback = new MemoryBuckets(config);
    const client = redis.client as SharedRedis["client"] & { newsgraphBucket?: BucketCommand };
    if (!client.newsgraphBucket) client.defineCommand("newsgraphBucket", { numberOfKeys: 1, lua: BUCKET_SCRIPT });
    this.command = (...args) => client.newsgraphBucket!(...args);
  }

  private async run(client: string, cost: number, force: boolean): Promise<{ taken: boolean; tokens: number } | null> {
    if (!this.redis.available) return null;
    try {
      const [taken, tokens] = await this.command(`rate:${client}`, this.config.capacity, this.config.restoreRate, cost, force ? "1" : "0");
      return { taken: taken === 1, tokens: Number(tokens) };
    } catch {
      return null;
    }
  }

  async take(client: string, cost: number): Promise<Charge> {
    const result = await this.run(client, cost, false);
    if (!result) return this.fallback.take(client, cost);
    return charge(this.config, result.taken, result.tokens, cost);
  }

  async settle(client: string, delta: number): Promise<ThrottleStatus> {
    const result = await this.run(client, delta, true);
    if (!result) return this.fallback.settle(client, delta);
    return charge(this.config, true, result.tokens, 0).status;
  }
}

/** The bucket store for `config`: Redis when given one, else this process. */
export function createBucketStore(config: RateLimitConfig, redis: SharedRedis | null): BucketStore {
  return redis ? new RedisBuckets(config, redis) : new MemoryBuckets(config);
}

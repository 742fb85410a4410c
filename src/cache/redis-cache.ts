import type { KeyValueCache, KeyValueCacheSetOptions } from "@apollo/utils.keyvaluecache";
import type { SharedRedis } from "../redis/redis";

/**
 * Apollo's KeyValueCache over the shared Redis, for persisted queries and cached responses that
 * several instances share. Redis only speeds things up: while it is down or a command fails, a read
 * is a miss and a write is dropped, so requests are answered (from the database) rather than failed.
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: SharedRedis,
    private readonly prefix = "cache:",
  ) {}

  async get(key: string): Promise<string | undefined> {
    if (!this.redis.available) return undefined;
    try {
      return (await this.redis.client.get(this.prefix + key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    if (!this.redis.available) return;
    const ttl = options?.ttl;
    try {
      if (ttl) await this.redis.client.set(this.prefix + key, value, "EX", Math.max(1, Math.ceil(ttl)));
      else await this.redis.client.set(this.prefix + key, value);
    } catch {
      // Dropped: the next request recomputes the value.
    }
  }

  async delete(key: string): Promise<boolean> {
    if (!this.redis.available) return false;
    try {
      return (await this.redis.client.del(this.prefix + key)) > 0;
    } catch {
      return false;
    }
  }
}

/**
 * A local cache in front of a shared one, for values that never change once written (a persisted
 * query's text under its hash): reads try this process first, writes go to both, so an instance
 * keeps the queries it has seen even while Redis is away.
 */
export class TieredKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly local: KeyValueCache<string>,
    private readonly shared: KeyValueCache<string>,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const local = await this.local.get(key);
    if (local !== undefined) return local;
    const shared = await this.shared.get(key);
    if (shared !== undefined) await this.local.set(key, shared);
    return shared;
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await Promise.all([this.local.set(key, value, options), this.shared.set(key, value, options)]);
  }

  async delete(key: string): Promise<boolean> {
    const [local, shared] = await Promise.all([this.local.delete(key), this.shared.delete(key)]);
    return Boolean(local || shared);
  }
}

import { randomUUID } from "node:crypto";
import type { Config } from "../config";
import { connectRedis, type SharedRedis } from "../redis/redis";

/** Redis key (under the shared prefix) that every instance reads the content version from. */
const VERSION_KEY = "content-version";

/**
 * The version of the graph's content, part of every cached response's key: a write changes it, so
 * every response cached before the write stops being found and the next read recomputes it. This
 * trades precision (one edit empties the whole response cache, not just what it touched) for being
 * plainly correct: no write can miss an entry it should have evicted, whatever the query read.
 *
 * Without Redis the version is a counter in this process. With Redis it is a random token in Redis,
 * so every instance sharing it sees a write at once (a token, not a counter: a version key Redis
 * evicted or lost can never come back as a value old entries were stored under). A write made
 * while Redis is down is owed: until it has been recorded, `current()` answers null (do not use
 * the cache), and the reconnect records it.
 */
export class ContentVersion {
  private local = 0;
  private owed = false;

  constructor(private readonly redis: SharedRedis | null = null) {
    redis?.client.on("ready", () => {
      if (this.owed) void this.record();
    });
  }

  /** The version to key cached responses by, or null when the cache must not be used now. */
  async current(): Promise<string | null> {
    if (!this.redis) return String(this.local);
    if (this.owed && !(await this.record())) return null;
    if (!this.redis.available) return null;
    try {
      const version = await this.redis.client.get(VERSION_KEY);
      if (version !== null) return version;
      await this.redis.client.set(VERSION_KEY, randomUUID(), "NX");
      return await this.redis.client.get(VERSION_KEY);
    } catch {
      return null;
    }
  }

  /**
   * Records that the content changed; call it after the write has committed. False when Redis could
   * not be told yet (the change is then owed, and recorded on reconnect by a server).
   */
  async bump(): Promise<boolean> {
    this.local += 1;
    if (!this.redis) return true;
    this.owed = true;
    return this.record();
  }

  private async record(): Promise<boolean> {
    if (!this.redis?.available) return false;
    try {
      await this.redis.client.set(VERSION_KEY, randomUUID());
      this.owed = false;
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Tells running servers that the content changed, from a process that wrote to the database
 * without them (`newsgraph ingest`, `newsgraph relink`). Only servers sharing its Redis can hear
 * it; without Redis, each server's cached responses expire with their max-age.
 */
export async function announceContentChange(config: Pick<Config, "redisUrl" | "redisKeyPrefix">): Promise<void> {
  if (!config.redisUrl) return;
  const redis = connectRedis(config.redisUrl, { keyPrefix: config.redisKeyPrefix, onProblem: (message) => console.error(message) });
  try {
    // Wait (briefly) for the connection; if Redis stays away the change cannot be announced.
    if (!redis.available) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 3_000);
        redis.client.once("ready", () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (!(await new ContentVersion(redis).bump())) {
      console.error("Redis unreachable: running servers keep their cached responses until these expire");
    }
  } finally {
    await redis.close();
  }
}

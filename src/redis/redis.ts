import Redis from "ioredis";

/**
 * The Redis connection several newsgraph instances share (rate-limit buckets, the response cache,
 * persisted queries). Redis is an accelerator, never a dependency of correctness: commands fail fast
 * while it is down (no offline queue), callers fall back to serving without it, and the client keeps
 * reconnecting with backoff so sharing resumes on its own when Redis returns.
 */
export interface SharedRedis {
  client: Redis;
  /** True while connected: callers skip Redis (and use their local fallback) otherwise. */
  readonly available: boolean;
  close(): Promise<void>;
}

/** Reconnect delay after `attempt` failures: 100 ms doubling, at most 5 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(0, attempt - 1), 5_000);
}

/** How to reach Redis. */
export interface RedisOptions {
  /** Prepended to every key, so several deployments (or test runs) can share one Redis. */
  keyPrefix?: string;
  /** Hears connection errors, at most one per outage, so a long outage does not flood the log. */
  onProblem?: (message: string) => void;
}

/** Connects to `url` (redis:// or rediss://). */
export function connectRedis(url: string, { keyPrefix = "newsgraph:", onProblem = () => {} }: RedisOptions = {}): SharedRedis {
  const client = new Redis(url, {
    keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    retryStrategy: reconnectDelay,
    lazyConnect: false,
  });
  let reported = false;
  client.on("error", (error: Error) => {
    if (reported) return;
    reported = true;
    onProblem(`Redis unavailable (${error.message}); serving without it until it returns`);
  });
  client.on("ready", () => {
    reported = false;
  });
  return {
    client,
    get available() {
      return client.status === "ready";
    },
    async close() {
      client.removeAllListeners("error");
      client.on("error", () => {});
      if (client.status === "end") return;
      await client.quit().catch(() => client.disconnect());
    },
  };
}

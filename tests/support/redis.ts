import { randomUUID } from "node:crypto";
import { connectRedis, type SharedRedis } from "../../src/redis/redis";

/**
 * The Redis the suite may use: `TEST_REDIS_URL` (CI sets it). Tests of shared state run against it
 * when it is set and against the in-process fallback always.
 */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || null;

/** A connection whose keys live under a prefix of their own, deleted by `drop()`. */
export interface TestRedis extends SharedRedis {
  keyPrefix: string;
  drop(): Promise<void>;
}

/** Connects to the test Redis under a fresh key prefix, waiting until it is ready. */
export async function createTestRedis(url = TEST_REDIS_URL): Promise<TestRedis> {
  if (!url) throw new Error("TEST_REDIS_URL is not set");
  const keyPrefix = `newsgraph-test:${randomUUID()}:`;
  const shared = connectRedis(url, { keyPrefix });
  if (shared.client.status !== "ready") await new Promise((resolve) => shared.client.once("ready", resolve));
  return {
    ...shared,
    get available() {
      return shared.available;
    },
    keyPrefix,
    async drop() {
      const keys = await shared.client.keys(`${keyPrefix}*`);
      // KEYS takes and returns full names; DEL adds the prefix itself.
      if (keys.length > 0) await shared.client.del(...keys.map((key) => key.slice(keyPrefix.length)));
      await shared.close();
    },
  };
}

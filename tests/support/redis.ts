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
      await shared.close();
      await deleteKeys(keyPrefix, url);
    },
  };
}

/** Deletes every key under `keyPrefix` from the test Redis: what a test's connections and servers wrote. */
export async function deleteKeys(keyPrefix: string, url = TEST_REDIS_URL): Promise<void> {
  if (!url) throw new Error("TEST_REDIS_URL is not set");
  const redis = connectRedis(url, { keyPrefix: "" });
  if (redis.client.status !== "ready") await new Promise((resolve) => redis.client.once("ready", resolve));
  const keys = await redis.client.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.client.del(...keys);
  await redis.close();
}

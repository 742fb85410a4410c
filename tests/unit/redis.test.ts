import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { connectRedis, reconnectDelay } from "../../src/redis/redis";
import { createTestRedis, TEST_REDIS_URL } from "../support/redis";

describe("shared Redis connection", () => {
  it("backs off from 100 ms to at most 5 s between reconnects", () => {
    assert.deepEqual([1, 2, 3, 4, 10, 50].map(reconnectDelay), [100, 200, 400, 800, 5000, 5000]);
  });

  it("fails commands fast and reports one problem while Redis cannot be reached", async () => {
    const problems: string[] = [];
    // Port 1 refuses connections at once.
    const redis = connectRedis("redis://127.0.0.1:1", { onProblem: (message) => problems.push(message) });
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(redis.available, false);
    const started = Date.now();
    await assert.rejects(redis.client.get("anything"));
    assert.ok(Date.now() - started < 500, "a command while down does not wait for a reconnect");
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /Redis unavailable/);
    await redis.close();
  });

  it("keeps every key under its prefix", { skip: !TEST_REDIS_URL && "TEST_REDIS_URL not set" }, async () => {
    const redis = await createTestRedis();
    try {
      assert.equal(redis.available, true);
      await redis.client.set("k", "v");
      assert.deepEqual(await redis.client.keys(`${redis.keyPrefix}*`), [`${redis.keyPrefix}k`]);
    } finally {
      await redis.drop();
    }
    const check = await createTestRedis();
    assert.deepEqual(await check.client.keys(`${redis.keyPrefix}*`), []);
    await check.drop();
  });
});

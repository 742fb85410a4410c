import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../../src/config";
import { MemoryBuckets } from "../../src/limits/limits.buckets";
import { DEFAULT_LIMITS } from "../../src/limits/limits.config";
import { clientKey } from "../../src/limits/limits.plugin";
import { checkQueryText, countTokens } from "../../src/limits/limits.rules";

describe("limits configuration", () => {
  it("uses the documented defaults when no variable is set", () => {
    assert.deepEqual(loadConfig({}).limits, DEFAULT_LIMITS);
    assert.deepEqual(DEFAULT_LIMITS, {
      maxQueryBytes: 16_384,
      maxTokens: 2_000,
      maxDepth: 10,
      maxAliases: 30,
      maxDirectives: 50,
      maxCost: 1_000,
      rateLimit: { capacity: 1_000, restoreRate: 50 },
    });
  });

  it("reads every limit from its variable, and turns rate limiting off with NEWSGRAPH_RATE_LIMIT=0", () => {
    const limits = loadConfig({
      NEWSGRAPH_MAX_QUERY_BYTES: "1000",
      NEWSGRAPH_MAX_TOKENS: "100",
      NEWSGRAPH_MAX_DEPTH: "4",
      NEWSGRAPH_MAX_ALIASES: "0",
      NEWSGRAPH_MAX_DIRECTIVES: "2",
      NEWSGRAPH_MAX_COST: "500",
      NEWSGRAPH_RATE_LIMIT: "2000",
      NEWSGRAPH_RATE_RESTORE: "12.5",
    }).limits;
    assert.deepEqual(limits, { maxQueryBytes: 1000, maxTokens: 100, maxDepth: 4, maxAliases: 0, maxDirectives: 2, maxCost: 500, rateLimit: { capacity: 2000, restoreRate: 12.5 } });
    assert.equal(loadConfig({ NEWSGRAPH_RATE_LIMIT: "0" }).limits.rateLimit, null);
  });

  it("stops start-up on a malformed limit, naming the variable", () => {
    const bad: [string, string][] = [
      ["NEWSGRAPH_MAX_DEPTH", "0"],
      ["NEWSGRAPH_MAX_DEPTH", "ten"],
      ["NEWSGRAPH_MAX_COST", "1.5"],
      ["NEWSGRAPH_MAX_COST", "-1"],
      ["NEWSGRAPH_MAX_QUERY_BYTES", "16kb"],
      ["NEWSGRAPH_MAX_TOKENS", "1e3"],
      ["NEWSGRAPH_RATE_LIMIT", "lots"],
      ["NEWSGRAPH_RATE_RESTORE", "0"],
      ["NEWSGRAPH_RATE_RESTORE", "-5"],
    ];
    for (const [name, value] of bad) {
      assert.throws(() => loadConfig({ [name]: value }), (error: unknown) => error instanceof ConfigError && error.message.startsWith(`${name}: `), `${name}=${value}`);
    }
  });
});

describe("query text limits", () => {
  it("counts tokens as the parser reads them, without comments and commas", () => {
    assert.equal(countTokens(`{ a }`), 3);
    assert.equal(countTokens(`# a comment\n{ a(x: [1, 2, 3]) }`), 12);
    assert.equal(countTokens(`{ "unterminated }`), null);
  });

  it("refuses text over the byte limit before counting its tokens, and too many tokens after", () => {
    const config = { ...DEFAULT_LIMITS, maxQueryBytes: 100, maxTokens: 10 };
    const large = checkQueryText(config, `{ a(x: "${"é".repeat(60)}") }`);
    assert.equal(large?.originalError?.message.includes("bytes"), true);
    assert.deepEqual((large?.originalError as any).details, { limit: 100, found: 132 });
    const many = checkQueryText(config, `{ a b c d e f g h i }`);
    assert.deepEqual((many?.originalError as any).details, { limit: 10, found: 11 });
    assert.equal(checkQueryText(config, `{ a b c d e f g h }`), null);
  });
});

describe("rate-limit clients", () => {
  it("names a client by a hash of its API key, else by its IP address", () => {
    const key = clientKey("secret-key-1", "203.0.113.9");
    assert.match(key, /^key:[0-9a-f]{32}$/);
    assert.ok(!key.includes("secret"));
    assert.equal(clientKey("secret-key-1", "198.51.100.1"), key, "the key wins over the address");
    assert.notEqual(clientKey("secret-key-2", "203.0.113.9"), key);
    assert.equal(clientKey(undefined, "203.0.113.9"), "ip:203.0.113.9");
    assert.equal(clientKey("", "203.0.113.9"), "ip:203.0.113.9", "an empty header is no key");
  });
});

describe("in-process token buckets", () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it("takes points while the bucket holds them, then refuses with the seconds until it will", async () => {
    const time = clock();
    const buckets = new MemoryBuckets({ capacity: 100, restoreRate: 10 }, time.now);
    assert.deepEqual(await buckets.take("a", 70), { allowed: true, status: { maximumAvailable: 100, currentlyAvailable: 30, restoreRate: 10 }, retryAfter: 0 });
    const refused = await buckets.take("a", 50);
    assert.equal(refused.allowed, false);
    assert.equal(refused.status.currentlyAvailable, 30, "a refused request takes nothing");
    assert.equal(refused.retryAfter, 2);
    time.advance(2_000);
    assert.equal((await buckets.take("a", 50)).allowed, true);
  });

  it("keeps clients apart and never refills beyond the capacity", async () => {
    const time = clock();
    const buckets = new MemoryBuckets({ capacity: 100, restoreRate: 10 }, time.now);
    await buckets.take("a", 100);
    assert.equal((await buckets.take("b", 100)).allowed, true);
    time.advance(3_600_000);
    assert.equal((await buckets.take("a", 0)).status.currentlyAvailable, 100);
  });

  it("settles to the actual cost: gives back what was not used, takes more when more was returned", async () => {
    const time = clock();
    const buckets = new MemoryBuckets({ capacity: 100, restoreRate: 10 }, time.now);
    await buckets.take("a", 60);
    assert.equal((await buckets.settle("a", -50)).currentlyAvailable, 90);
    assert.equal((await buckets.settle("a", 120)).currentlyAvailable, -30, "an underestimate leaves a debt that refills");
    assert.equal((await buckets.take("a", 1)).retryAfter, 4);
  });

  it("forgets buckets that have refilled, so idle clients hold no memory", async () => {
    const time = clock();
    const buckets = new MemoryBuckets({ capacity: 100, restoreRate: 10 }, time.now);
    for (let i = 0; i < 50; i++) await buckets.take(`client-${i}`, 10);
    assert.equal(buckets.size, 50);
    time.advance(61_000);
    await buckets.take("fresh", 10);
    assert.equal(buckets.size, 1);
  });
});

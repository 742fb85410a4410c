import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { getIntrospectionQuery } from "graphql";
import { loadConfig, PROJECT_ROOT, type Config } from "../../src/config";
import { EXAMPLE_OPERATIONS } from "../../src/examples";
import { DEFAULT_LIMITS, type LimitsConfig } from "../../src/limits/limits.config";
import { connectRedis, type SharedRedis } from "../../src/redis/redis";
import { seedIfEmpty } from "../../src/seed/seed.service";
import { startServer, type RunningServer } from "../../src/server";
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from "../support/database";
import { createTestRedis, TEST_REDIS_URL, type TestRedis } from "../support/redis";
import { useTestServer } from "../support/server";

const LIMIT_CODES = ["QUERY_TOO_LARGE", "TOO_MANY_TOKENS", "QUERY_TOO_DEEP", "TOO_MANY_ALIASES", "TOO_MANY_DIRECTIVES", "QUERY_TOO_COMPLEX", "RATE_LIMITED"];

/** An HTTP answer as a client sees it: status, headers and the GraphQL body. */
interface Answer {
  status: number;
  headers: Headers;
  body: { data?: any; errors?: { message: string; extensions?: Record<string, any> }[]; extensions?: Record<string, any> };
}

async function post(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(payload) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer["body"] };
}

/** SQL statements the database runs, from any request, while `fn` runs. */
async function sqlDuring(database: TestDatabase, fn: () => Promise<unknown>): Promise<number> {
  const logger = database.db.logger;
  const original = logger.logQuery;
  let statements = 0;
  logger.logQuery = function (this: typeof logger, ...args: Parameters<typeof logger.logQuery>) {
    statements += 1;
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    logger.logQuery = original;
  }
  return statements;
}

const errorOf = (answer: Answer) => answer.body.errors?.[0];

describe(`request limits (${TEST_DIALECT})`, () => {
  const t = useTestServer(undefined, { limits: DEFAULT_LIMITS });

  /** Sends `query`, checks that it is refused with `code` before any SQL ran, and returns the answer. */
  async function refused(query: string, code: string, status = 400): Promise<Answer> {
    let answer!: Answer;
    const statements = await sqlDuring(t.database, async () => {
      answer = await post(t.server.url, { query });
    });
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.deepEqual(answer.body.errors?.map((e) => e.extensions?.code), [code]);
    assert.equal(answer.body.data, undefined);
    assert.equal(statements, 0, "no SQL ran");
    return answer;
  }

  it("accepts every Sandbox example and contract operation under the default limits", async () => {
    const names = [...EXAMPLE_OPERATIONS.matchAll(/^query (\w+)/gm)].map((m) => m[1]);
    assert.ok(names.length >= 5);
    for (const operationName of names) {
      const answer = await post(t.server.url, { query: EXAMPLE_OPERATIONS, operationName });
      assert.equal(answer.body.errors, undefined, `${operationName}: ${JSON.stringify(answer.body.errors)}`);
      assert.ok(answer.body.extensions?.cost.requestedQueryCost <= DEFAULT_LIMITS.maxCost);
    }
    const sample = (await post(t.server.url, { query: `{ articles(first: 1) { edges { node { id slug } } } }` })).body.data.articles.edges[0].node;
    const variables = { slug: sample.slug, id: sample.id, ids: [sample.id], after: null };
    const dir = path.join(PROJECT_ROOT, "tests", "contract");
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".graphql"))) {
      const answer = await post(t.server.url, { query: fs.readFileSync(path.join(dir, file), "utf8"), variables });
      const codes = (answer.body.errors ?? []).map((e) => e.extensions?.code);
      assert.deepEqual(codes.filter((c) => LIMIT_CODES.includes(c)), [], file);
    }
  });

  it("lets Sandbox and code generators introspect the schema for free", async () => {
    const answer = await post(t.server.url, { query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) });
    assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
    assert.ok(answer.body.data.__schema.types.length > 20);
    assert.deepEqual([answer.body.extensions?.cost.requestedQueryCost, answer.body.extensions?.cost.actualQueryCost], [0, 0]);
  });

  it("reports the requested and the actual cost of an operation, and the client's bucket", async () => {
    // A key of its own: a fresh bucket, untouched by the other tests.
    const answer = await post(t.server.url, { query: `{ articles(first: 10) { totalCount edges { node { headline people { name } } } } }` }, { "x-api-key": "cost-report" });
    assert.equal(answer.status, 200);
    const edges = answer.body.data.articles.edges;
    assert.ok(edges.length >= 1);
    const people = edges.reduce((sum: number, e: any) => sum + e.node.people.length, 0);
    const { requestedQueryCost, actualQueryCost, throttleStatus } = answer.body.extensions!.cost;
    // A connection: 2, totalCount 1, then 10 (requested) or the returned edges × (the article + its people).
    assert.equal(requestedQueryCost, 2 + 1 + 10 * (1 + 5));
    assert.equal(actualQueryCost, 2 + 1 + edges.length + people);
    assert.equal(throttleStatus.maximumAvailable, 1000);
    assert.equal(throttleStatus.restoreRate, 50);
    // Charged the requested cost, then given back what was not returned (and a little refill).
    assert.ok(throttleStatus.currentlyAvailable >= 1000 - actualQueryCost && throttleStatus.currentlyAvailable <= 1000, JSON.stringify(throttleStatus));
    assert.ok(actualQueryCost < requestedQueryCost);
  });

  it("prices a connection by its page size, so that the cost grows with first", async () => {
    const costs = [];
    // One query text (parsed once and priced once per variables), sent with each page size, then again.
    for (const first of [1, 10, 50, 100, 1, 100]) {
      const answer = await post(t.server.url, { query: `query($first: Int) { articles(first: $first) { edges { node { id } } } }`, variables: { first } });
      costs.push(answer.body.extensions!.cost.requestedQueryCost);
    }
    assert.deepEqual(costs, [3, 12, 52, 102, 3, 102]);
  });

  it("refuses a query text over the size limit with QUERY_TOO_LARGE, before parsing it", async () => {
    const query = `{ articles(filter: { search: "${"x".repeat(16_400)}" }) { totalCount } }`;
    const error = errorOf(await refused(query, "QUERY_TOO_LARGE", 413))!;
    assert.equal(error.extensions?.limit, 16_384);
    assert.equal(error.extensions?.found, Buffer.byteLength(query));
  });

  it("refuses a request body over 4 MB with QUERY_TOO_LARGE as JSON", async () => {
    const answer = await post(t.server.url, { query: `{ __typename }`, variables: { padding: "x".repeat(4_300_000) } });
    assert.equal(answer.status, 413);
    assert.equal(errorOf(answer)?.extensions?.code, "QUERY_TOO_LARGE");
    assert.equal(errorOf(answer)?.extensions?.limit, 4 * 1024 * 1024);
  });

  it("refuses a document of more than 2000 tokens with TOO_MANY_TOKENS", async () => {
    const query = `{ nodes(ids: [${'"a" '.repeat(2_100)}]) { id } }`;
    const error = errorOf(await refused(query, "TOO_MANY_TOKENS"))!;
    assert.equal(error.extensions?.limit, 2_000);
    assert.equal(error.extensions?.found, 2_100 + 12);
  });

  it("refuses nesting deeper than 10 fields with QUERY_TOO_DEEP, counting fields and not fragments", async () => {
    const eleven = `{ person(slug: "vladimir-putin") { nationality { people(first: 1) { edges { node { nationality { people(first: 1) { edges { node { nationality { name } } } } } } } } } } }`;
    const error = errorOf(await refused(eleven, "QUERY_TOO_DEEP"))!;
    assert.deepEqual([error.extensions?.limit, error.extensions?.found], [10, 11]);
    const tenThroughFragments = `{ person(slug: "vladimir-putin") { ...P } }
      fragment P on Person { nationality { ...C } }
      fragment C on Country { people(first: 1) { edges { node { nationality { people(first: 1) { edges { node { name } } } } } } } }`;
    const answer = await post(t.server.url, { query: tenThroughFragments });
    assert.equal(answer.body.errors, undefined, JSON.stringify(answer.body.errors));
  });

  it("refuses more than 30 aliases with TOO_MANY_ALIASES", async () => {
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: person(slug: "vladimir-putin") { name }`).join(" ")} }`;
    const error = errorOf(await refused(query, "TOO_MANY_ALIASES"))!;
    assert.deepEqual([error.extensions?.limit, error.extensions?.found], [30, 31]);
  });

  it("refuses more than 50 directives with TOO_MANY_DIRECTIVES", async () => {
    const query = `{ person(slug: "vladimir-putin") { ${"name @include(if: true) ".repeat(51)} } }`;
    const error = errorOf(await refused(query, "TOO_MANY_DIRECTIVES"))!;
    assert.deepEqual([error.extensions?.limit, error.extensions?.found], [50, 51]);
  });

  it("refuses an operation that may cost more than 1000 points with QUERY_TOO_COMPLEX", async () => {
    const query = `{ articles(first: 100) { edges { node { id related(first: 100) { edges { node { id } } } } } } }`;
    const error = errorOf(await refused(query, "QUERY_TOO_COMPLEX"))!;
    assert.equal(error.extensions?.limit, 1000);
    assert.equal(error.extensions?.found, 2 + 100 * (1 + 2 + 10 + 100));
    assert.match(error.message, /at most 1000/);
  });

  it("refuses fragments spread into an explosion of fields with QUERY_TOO_COMPLEX", async () => {
    const levels = Array.from({ length: 8 }, (_, i) => `fragment F${i} on Query { ${Array.from({ length: 5 }, () => `...F${i + 1}`).join(" ")} }`);
    const query = `{ ...F0 } ${levels.join(" ")} fragment F8 on Query { __typename }`;
    await refused(query, "QUERY_TOO_COMPLEX");
  });
});

describe(`rate limiting by cost (${TEST_DIALECT})`, () => {
  let database: TestDatabase;
  const servers: RunningServer[] = [];
  const connections: SharedRedis[] = [];
  const BUCKET: LimitsConfig = { ...DEFAULT_LIMITS, rateLimit: { capacity: 30, restoreRate: 5 } };
  // 15 aliases of one person: 15 points requested and returned, so two drain a bucket of 30.
  const FIFTEEN = `{ ${Array.from({ length: 15 }, (_, i) => `p${i}: person(slug: "vladimir-putin") { name }`).join(" ")} }`;

  before(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, "UTC");
  });
  after(async () => {
    for (const server of servers) await server.stop();
    for (const redis of connections) await redis.close();
    await database?.drop();
  });

  async function serve(redis: SharedRedis | null, limits: LimitsConfig = BUCKET, overrides: Partial<Config> = {}): Promise<RunningServer> {
    // Without the response cache: these tests count the SQL each answered request runs.
    const config: Config = { ...loadConfig({}), limits, logLevel: "silent", responseCache: false, ...overrides };
    const server = await startServer(config, database.db, 0, { redis });
    servers.push(server);
    return server;
  }

  /** Sends FIFTEEN until it is refused; returns the refusal, checking that it ran no SQL. */
  async function drain(url: string, headers: Record<string, string>): Promise<Answer> {
    for (let i = 0; i < 20; i++) {
      let answer!: Answer;
      const statements = await sqlDuring(database, async () => {
        answer = await post(url, { query: FIFTEEN }, headers);
      });
      if (answer.status === 429) {
        assert.equal(statements, 0, "a refused request runs no SQL");
        return answer;
      }
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.ok(statements > 0);
      assert.equal(answer.body.extensions?.cost.actualQueryCost, 15);
    }
    throw new Error("never rate limited");
  }

  function assertRateLimited(answer: Answer) {
    assert.equal(answer.status, 429);
    const error = errorOf(answer)!;
    assert.equal(error.extensions?.code, "RATE_LIMITED");
    assert.equal(error.extensions?.cost, 15);
    assert.ok(error.extensions?.retryAfter >= 1 && error.extensions?.retryAfter <= 3, `retryAfter ${error.extensions?.retryAfter}`);
    assert.equal(answer.headers.get("retry-after"), String(error.extensions?.retryAfter));
    assert.equal(answer.body.data, undefined);
  }

  it("answers 429 RATE_LIMITED with Retry-After once a client's bucket is drained, and serves it again after", async () => {
    const server = await serve(null);
    const refusal = await drain(server.url, { "x-api-key": "drained" });
    assertRateLimited(refusal);
    await new Promise((resolve) => setTimeout(resolve, errorOf(refusal)!.extensions!.retryAfter * 1000 + 100));
    const again = await post(server.url, { query: FIFTEEN }, { "x-api-key": "drained" });
    assert.equal(again.status, 200, JSON.stringify(again.body));
  });

  it("keeps a bucket for each API key, and one for each address without a key", async () => {
    const server = await serve(null);
    assertRateLimited(await drain(server.url, { "x-api-key": "first-client" }));
    const other = await post(server.url, { query: FIFTEEN }, { "x-api-key": "second-client" });
    assert.equal(other.status, 200);
    assert.ok(other.body.extensions?.cost.throttleStatus.currentlyAvailable >= 15);
    const anonymous = await post(server.url, { query: FIFTEEN });
    assert.equal(anonymous.status, 200);
  });

  it("tells clients behind a trusted proxy apart by X-Forwarded-For, and ignores the header otherwise", async () => {
    const behindProxy = await serve(null, BUCKET, { trustProxy: ["loopback"] });
    assertRateLimited(await drain(behindProxy.url, { "x-forwarded-for": "203.0.113.7" }));
    const neighbour = await post(behindProxy.url, { query: FIFTEEN }, { "x-forwarded-for": "203.0.113.8" });
    assert.equal(neighbour.status, 200, "another client behind the same proxy has its own bucket");
    // Not trusted (the default): the header is anyone's to write, so it cannot buy a fresh bucket.
    const direct = await serve(null);
    assertRateLimited(await drain(direct.url, { "x-forwarded-for": "203.0.113.7" }));
    assertRateLimited(await post(direct.url, { query: FIFTEEN }, { "x-forwarded-for": "203.0.113.8" }));
  });

  it("refuses an operation costing more than a full bucket as QUERY_TOO_COMPLEX, not as a wait", async () => {
    const server = await serve(null);
    const answer = await post(server.url, { query: `{ articles(first: 40) { edges { node { id } } } }` });
    assert.equal(answer.status, 400);
    assert.deepEqual([errorOf(answer)?.extensions?.code, errorOf(answer)?.extensions?.limit], ["QUERY_TOO_COMPLEX", 30]);
  });

  it("keeps serving from buckets in this process while Redis cannot be reached", async () => {
    const down = connectRedis("redis://127.0.0.1:1", { onProblem: () => {} });
    connections.push(down);
    const server = await serve(down);
    const answer = await post(server.url, { query: FIFTEEN }, { "x-api-key": "redis-down" });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.extensions?.cost.throttleStatus.maximumAvailable, 30);
    assertRateLimited(await drain(server.url, { "x-api-key": "redis-down" }));
  });

  it("shares a client's bucket between instances using one Redis", { skip: !TEST_REDIS_URL && "TEST_REDIS_URL not set" }, async () => {
    const first: TestRedis = await createTestRedis();
    const second = connectRedis(TEST_REDIS_URL!, { keyPrefix: first.keyPrefix });
    connections.push(second);
    try {
      const a = await serve(first);
      const b = await serve(second);
      assert.equal((await post(a.url, { query: FIFTEEN }, { "x-api-key": "shared" })).status, 200);
      assert.equal((await post(b.url, { query: FIFTEEN }, { "x-api-key": "shared" })).status, 200);
      assertRateLimited(await post(a.url, { query: FIFTEEN }, { "x-api-key": "shared" }));
      assertRateLimited(await post(b.url, { query: FIFTEEN }, { "x-api-key": "shared" }));
      assert.equal((await post(b.url, { query: FIFTEEN }, { "x-api-key": "another" })).status, 200);
      const keys = await first.client.keys(`${first.keyPrefix}rate:*`);
      assert.equal(keys.length, 2, "one bucket per client, under the deployment's prefix");
      assert.ok(keys.every((key) => !key.includes("shared") && !key.includes("another")), "API keys are stored hashed");
    } finally {
      await first.drop();
    }
  });
});

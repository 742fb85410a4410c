import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { loadConfig, type Config } from "../../src/config";
import { startServer, type RunningServer } from "../../src/server";
import { useTestServer, type TestServer } from "../support/server";
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from "../support/database";
import { TcpProxy } from "../support/net";
import { seedIfEmpty } from "../../src/seed/seed.service";
import { deleteKeys, TEST_REDIS_URL } from "../support/redis";
import { runCli } from "../support/cli";
import { bearer, TEST_JWT_SECRET } from "../support/tokens";

const AUTH = { jwtSecret: TEST_JWT_SECRET, jwksUrl: null, issuer: null, audience: null };
const FIRST_ARTICLE = `{ articles(first: 1) { edges { node { id headline } } } }`;
const UPDATE_HEADLINE = `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { headline } } }`;
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A response as a client sees it: status, the caching headers, and the body. */
interface Reply {
  status: number;
  cacheControl: string | null;
  /** Set when the response cache answered (seconds since the entry was stored). */
  age: string | null;
  body: { data?: any; errors?: any[]; extensions?: { queryStats?: { sqlStatements: number } } };
}

async function reply(res: Response): Promise<Reply> {
  return { status: res.status, cacheControl: res.headers.get("cache-control"), age: res.headers.get("age"), body: (await res.json()) as Reply["body"] };
}

/** Sends an operation by POST (or GET for a query, as a CDN-fronted client would) to `url`. */
async function send(url: string, query: string | null, options: { variables?: object; headers?: Record<string, string>; method?: "GET" | "POST"; extensions?: object } = {}): Promise<Reply> {
  const { variables, headers = {}, method = "POST", extensions } = options;
  if (method === "GET") {
    const params = new URLSearchParams();
    if (query) params.set("query", query);
    if (variables) params.set("variables", JSON.stringify(variables));
    if (extensions) params.set("extensions", JSON.stringify(extensions));
    return reply(await fetch(`${url}?${params}`, { headers: { "apollo-require-preflight": "true", ...headers } }));
  }
  return reply(await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: query ?? undefined, variables, extensions }) }));
}

const sql = (r: Reply) => r.body.extensions?.queryStats?.sqlStatements;

describe(`HTTP caching (${TEST_DIALECT})`, () => {
  const t = useTestServer(undefined, { auth: AUTH, responseCache: true });
  const url = () => t.server.url;

  it("marks a public GET query cacheable for the shortest max-age among what it selects", async () => {
    const cases: [string, string][] = [
      [`{ country(code: "IR") { name } }`, "max-age=3600, public"],
      [`{ person(slug: "vladimir-putin") { name nationality { name } } }`, "max-age=600, public"],
      [`{ articles(first: 1) { totalCount } }`, "max-age=60, public"],
      [`{ articles(first: 1) { edges { cursor node { headline mentions { entity { name } } } } pageInfo { hasNextPage } } }`, "max-age=60, public"],
      [`{ search(query: "Putin") { query } }`, "max-age=30, public"],
      [`{ country(code: "IR") { timeline(from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z", interval: WEEK) { count } } }`, "max-age=60, public"],
    ];
    for (const [query, expected] of cases) {
      const res = await send(url(), query, { method: "GET" });
      assert.equal(res.body.errors, undefined, `${query}: ${JSON.stringify(res.body.errors)}`);
      assert.equal(res.cacheControl, expected, query);
    }
  });

  it("tells shared caches that the answer depends on Accept, and does not advertise its framework", async () => {
    const params = new URLSearchParams({ query: `{ country(code: "IR") { name } }` });
    const asked = async (accept: string) => fetch(`${url()}?${params}`, { headers: { "apollo-require-preflight": "true", accept } });
    const json = await asked("application/json");
    const graphqlResponse = await asked("application/graphql-response+json");
    assert.match(json.headers.get("content-type") ?? "", /^application\/json/);
    assert.match(graphqlResponse.headers.get("content-type") ?? "", /^application\/graphql-response\+json/);
    for (const res of [json, graphqlResponse]) {
      assert.equal(res.headers.get("cache-control"), "max-age=3600, public");
      assert.match(res.headers.get("vary") ?? "", /\bAccept\b/i);
      assert.equal(res.headers.get("x-powered-by"), null);
    }
  });

  it("marks the response to any request with an Authorization header private", async () => {
    const res = await send(url(), `{ country(code: "IR") { name } }`, { method: "GET", headers: await bearer("editor") });
    assert.equal(res.cacheControl, "max-age=3600, private");
    const reader = await send(url(), `{ country(code: "IR") { name } }`, { headers: { authorization: "Bearer not-a-token" } });
    assert.equal(reader.cacheControl, "max-age=3600, private");
  });

  it("lets nobody store a mutation's response or an error", async () => {
    const [article] = (await send(url(), FIRST_ARTICLE)).body.data.articles.edges;
    const mutation = await send(url(), UPDATE_HEADLINE, { variables: { input: { id: article.node.id, headline: article.node.headline } }, headers: await bearer("editor") });
    assert.equal(mutation.body.errors, undefined);
    assert.equal(mutation.cacheControl, "no-store");
    const failed = await send(url(), `{ articles(first: 1000) { totalCount } }`, { method: "GET" });
    assert.equal(failed.body.errors?.[0].extensions.code, "BAD_USER_INPUT");
    assert.equal(failed.cacheControl, "no-store");
  });

  it("answers a repeated query from its response cache without running SQL", async () => {
    const query = `{ articles(first: 3) { totalCount edges { node { headline people { name } } } } }`;
    const first = await send(url(), query, { method: "GET" });
    assert.ok(sql(first)! > 0);
    assert.equal(first.age, null);
    for (const method of ["GET", "POST"] as const) {
      const again = await send(url(), query, { method });
      assert.equal(sql(again), 0, method);
      assert.ok(again.age !== null, `${method} carries an age header`);
      assert.equal(again.cacheControl, "max-age=60, public");
      assert.deepEqual(again.body.data, first.body.data);
    }
    const otherVariables = await send(url(), `query($n: Int) { articles(first: $n) { totalCount } }`, { variables: { n: 1 } });
    const otherVariablesAgain = await send(url(), `query($n: Int) { articles(first: $n) { totalCount } }`, { variables: { n: 2 } });
    assert.equal(otherVariablesAgain.age, null, "different variables are a different entry");
    assert.ok(sql(otherVariables)! > 0 && sql(otherVariablesAgain)! > 0);
  });

  it("never answers an authenticated request from the shared cache, nor stores its response there", async () => {
    const query = `{ articles(first: 2) { totalCount } }`;
    await send(url(), query);
    const editor = await send(url(), query, { headers: await bearer("editor") });
    assert.equal(editor.age, null);
    assert.ok(sql(editor)! > 0);
    const fresh = `{ articles(first: 4) { totalCount } }`;
    await send(url(), fresh, { headers: await bearer("editor") });
    const anonymous = await send(url(), fresh);
    assert.equal(anonymous.age, null, "the editor's response was not stored for others");
  });

  it("shows an editor's change on the next read instead of the cached response", async () => {
    const [article] = (await send(url(), FIRST_ARTICLE)).body.data.articles.edges;
    const read = `query($id: ID!) { node(id: $id) { ... on Article { headline } } }`;
    const before = await send(url(), read, { variables: { id: article.node.id } });
    assert.equal((await send(url(), read, { variables: { id: article.node.id } })).age !== null, true, "cached before the edit");
    const headline = `${before.body.data.node.headline} (updated)`;
    const update = await send(url(), UPDATE_HEADLINE, { variables: { input: { id: article.node.id, headline } }, headers: await bearer("editor") });
    assert.equal(update.body.errors, undefined, JSON.stringify(update.body.errors));
    const after = await send(url(), read, { variables: { id: article.node.id } });
    assert.equal(after.age, null);
    assert.equal(after.body.data.node.headline, headline);
  });

  it("shows an ingested article in lists cached before it arrived", async () => {
    const count = `{ articles(first: 1) { totalCount } }`;
    const before = (await send(url(), count)).body.data.articles.totalCount;
    assert.ok((await send(url(), count)).age !== null);
    const ingest = await send(url(), `mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { status } }`, {
      variables: { input: { format: "JSON", content: JSON.stringify({ url: "https://news.example/cache-test", headline: "Putin visits Beijing", body: "Vladimir Putin met Xi Jinping in Beijing.", publishedAt: "2025-08-01T10:00:00Z" }) } },
      headers: await bearer("editor"),
    });
    assert.equal(ingest.body.data?.ingestArticle.status, "NEW", JSON.stringify(ingest.body.errors));
    assert.equal((await send(url(), count)).body.data.articles.totalCount, before + 1);
  });

  it("keeps its response cache when a mutation is refused", async () => {
    const count = `{ articles(first: 1) { totalCount edges { cursor } } }`;
    await send(url(), count);
    const refused = await send(url(), UPDATE_HEADLINE, { variables: { input: { id: "QXJ0aWNsZTox", headline: "x" } } });
    assert.equal(refused.body.errors?.[0].extensions.code, "UNAUTHENTICATED");
    assert.ok((await send(url(), count)).age !== null);
  });
});

describe(`HTTP caching while Redis is down (${TEST_DIALECT})`, () => {
  // Port 1 refuses connections: the server starts and serves with Redis unreachable.
  const t = useTestServer(undefined, { auth: AUTH, responseCache: true, redisUrl: "redis://127.0.0.1:1" });

  it("still answers queries, mutations and persisted queries, without caching responses", async () => {
    const query = `{ articles(first: 1) { totalCount } }`;
    const first = await send(t.server.url, query);
    assert.equal(first.body.errors, undefined);
    const second = await send(t.server.url, query);
    assert.equal(second.age, null);
    assert.ok(sql(second)! > 0);
    assert.equal(second.cacheControl, "max-age=60, public");
    const [article] = (await send(t.server.url, FIRST_ARTICLE)).body.data.articles.edges;
    const update = await send(t.server.url, UPDATE_HEADLINE, { variables: { input: { id: article.node.id, headline: "Written while Redis is down" } }, headers: await bearer("editor") });
    assert.equal(update.body.data?.updateArticle.article.headline, "Written while Redis is down");
    const persisted = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    await send(t.server.url, query, { extensions: persisted });
    const byHash = await send(t.server.url, null, { extensions: persisted });
    assert.deepEqual(byHash.body.data, first.body.data);
  });
});

describe(`HTTP caching shared through Redis (${TEST_DIALECT})`, { skip: !TEST_REDIS_URL && "TEST_REDIS_URL not set" }, () => {
  const keyPrefix = `newsgraph-test:${randomUUID()}:`;
  const overrides: Partial<Config> = { auth: AUTH, responseCache: true, redisUrl: TEST_REDIS_URL, redisKeyPrefix: keyPrefix };
  const t: TestServer = useTestServer(undefined, overrides);
  let other: RunningServer;

  before(async () => {
    // A second instance of the same deployment: same database, same Redis.
    other = await startServer({ ...loadConfig({}), exposeQueryStats: true, ...overrides }, t.database.db, 0);
    await waitForRedis(t.server.url);
  });
  after(async () => {
    await other?.stop();
    await deleteKeys(keyPrefix);
  });

  /** Waits until the servers' Redis connections are up (the first request may come before). */
  async function waitForRedis(url: string) {
    for (let i = 0; i < 50; i++) {
      const q = `{ articles(first: 1) { totalCount } } # ${i}`;
      await send(url, q);
      if ((await send(url, q)).age !== null) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error("the response cache never answered through Redis");
  }

  it("shares persisted queries between instances", async () => {
    const query = `{ articles(first: 1) { edges { node { slug } } } }`;
    const persisted = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    assert.equal((await send(other.url, null, { extensions: persisted })).body.errors?.[0].extensions.code, "PERSISTED_QUERY_NOT_FOUND");
    await send(t.server.url, query, { extensions: persisted });
    const onOther = await send(other.url, null, { extensions: persisted });
    assert.equal(onOther.body.errors, undefined);
    assert.ok(onOther.body.data.articles.edges.length > 0);
  });

  it("answers on one instance from the response another instance cached", async () => {
    const query = `{ articles(first: 2) { edges { node { headline } } } }`;
    const first = await send(t.server.url, query);
    assert.equal(first.age, null);
    const onOther = await send(other.url, query);
    assert.ok(onOther.age !== null);
    assert.equal(sql(onOther), 0);
    assert.deepEqual(onOther.body.data, first.body.data);
  });

  it("shows an edit made on one instance in the next read on the other", async () => {
    const [article] = (await send(other.url, FIRST_ARTICLE)).body.data.articles.edges;
    const read = `query($id: ID!) { node(id: $id) { ... on Article { headline } } }`;
    await send(other.url, read, { variables: { id: article.node.id } });
    assert.ok((await send(other.url, read, { variables: { id: article.node.id } })).age !== null);
    const headline = `Edited through the first instance ${randomUUID()}`;
    const update = await send(t.server.url, UPDATE_HEADLINE, { variables: { input: { id: article.node.id, headline } }, headers: await bearer("editor") });
    assert.equal(update.body.errors, undefined);
    const after = await send(other.url, read, { variables: { id: article.node.id } });
    assert.equal(after.body.data.node.headline, headline);
  });

  it("shows articles that `newsgraph ingest` stored in the next read on every instance", async () => {
    const count = `{ articles(first: 1) { totalCount } }`;
    const before = (await send(t.server.url, count)).body.data.articles.totalCount;
    assert.ok((await send(other.url, count)).age !== null, "cached before the ingest");
    const record = { url: "https://news.example/cli-cache-test", headline: "Macron visits Delhi", body: "Emmanuel Macron met Narendra Modi in Delhi.", publishedAt: "2025-08-02T10:00:00Z" };
    // The command line reads REDIS_URL like the server; runCli passes this process's environment on.
    Object.assign(process.env, { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: keyPrefix });
    const run = runCli(["ingest", "-"], { database: t.database.config, input: `${JSON.stringify(record)}\n` });
    delete process.env.REDIS_URL;
    delete process.env.REDIS_KEY_PREFIX;
    const { code, stdout, stderr } = await run;
    assert.equal(code, 0, stdout + stderr);
    for (const url of [t.server.url, other.url]) assert.equal((await send(url, count)).body.data.articles.totalCount, before + 1, url);
  });
});

describe(`HTTP caching when Redis goes away and comes back (${TEST_DIALECT})`, { skip: !TEST_REDIS_URL && "TEST_REDIS_URL not set" }, () => {
  const keyPrefix = `newsgraph-test:${randomUUID()}:`;
  let database: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer;

  before(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, "UTC");
    proxy = await TcpProxy.before(TEST_REDIS_URL!, 6379);
    const config: Config = { ...loadConfig({}), exposeQueryStats: true, logLevel: "silent", auth: AUTH, responseCache: true, redisUrl: `redis://127.0.0.1:${proxy.port}`, redisKeyPrefix: keyPrefix };
    server = await startServer(config, database.db, 0);
  });
  after(async () => {
    await server?.stop();
    await proxy?.stop();
    await database?.drop();
    await deleteKeys(keyPrefix);
  });

  /** Whether a query asked twice is answered from the response cache the second time, within `ms`. */
  async function cachesWithin(ms: number): Promise<boolean> {
    const until = Date.now() + ms;
    for (let i = 0; Date.now() < until; i++) {
      const q = `{ articles(first: 1) { totalCount } } # ${randomUUID()}`;
      assert.equal((await send(server.url, q)).status, 200);
      if ((await send(server.url, q)).age !== null) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  it("serves from the database while Redis is gone, and caches through Redis again once it returns", async () => {
    assert.ok(await cachesWithin(5_000), "the response cache works through Redis at first");
    await send(server.url, FIRST_ARTICLE);
    const cached = await send(server.url, FIRST_ARTICLE);
    assert.notEqual(cached.age, null, "the article is in the response cache before Redis goes");
    await proxy.stop();
    const query = `{ articles(first: 1) { totalCount edges { node { headline } } } }`;
    for (let i = 0; i < 3; i++) {
      const reply = await send(server.url, query);
      assert.equal(reply.status, 200);
      assert.equal(reply.body.errors, undefined);
      assert.equal(reply.body.data.articles.totalCount, 1);
    }
    assert.equal(await cachesWithin(1_000), false, "nothing is cached while Redis is gone");
    const [article] = (await send(server.url, FIRST_ARTICLE)).body.data.articles.edges;
    const update = await send(server.url, UPDATE_HEADLINE, { variables: { input: { id: article.node.id, headline: "Edited while Redis was gone" } }, headers: await bearer("editor") });
    assert.equal(update.body.data?.updateArticle.article.headline, "Edited while Redis was gone");
    await proxy.start();
    // The client reconnects with backoff (at most 5 s between attempts).
    assert.ok(await cachesWithin(10_000), "the response cache works through Redis again");
    const [after] = (await send(server.url, FIRST_ARTICLE)).body.data.articles.edges;
    assert.equal(after.node.headline, "Edited while Redis was gone", "the response cached before the edit is not served after it");
  });
});

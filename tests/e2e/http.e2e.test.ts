import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { serverAudits } from "graphql-http";
import { useTestServer } from "../support/server";
import { TEST_DIALECT } from "../support/database";

/**
 * Audits of the GraphQL-over-HTTP spec that newsgraph does not pass, with the reason (also in the
 * README, "HTTP and caching"). Only MAY audits: every MUST and every SHOULD passes.
 */
const NOT_PASSED: Record<string, string> = {
  "5A70": "CSRF prevention refuses a GET without an `apollo-require-preflight` header or a JSON content type",
  D6D5: "CSRF prevention, as above",
  "6A70": "CSRF prevention, as above",
};

/** The ids of the audits that do not pass, sending every request through `fetchFn`. */
async function failingAudits(url: string, fetchFn: typeof fetch = fetch): Promise<string[]> {
  const failing: string[] = [];
  for (const audit of serverAudits({ url, fetchFn })) {
    const result = await audit.fn();
    if (result.status !== "ok") failing.push(audit.id);
  }
  return failing;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe(`GraphQL over HTTP (${TEST_DIALECT})`, () => {
  const t = useTestServer();

  /** A GET of `/graphql` with these search parameters. */
  const get = (params: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${t.server.url}?${new URLSearchParams(params)}`, { headers });

  it("passes every MUST and SHOULD audit of the GraphQL-over-HTTP spec; only the documented MAY audits fail", async () => {
    assert.deepEqual((await failingAudits(t.server.url)).sort(), Object.keys(NOT_PASSED).sort());
  });

  it("passes every audit, MAY included, for a client that sends the preflight header", async () => {
    const withPreflight: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), "apollo-require-preflight": "true" } });
    assert.deepEqual(await failingAudits(t.server.url, withPreflight), []);
  });

  it("refuses a GET query that a browser could send cross-site, and answers one with the preflight header or a JSON content type", async () => {
    const query = "{ articles(first: 1) { totalCount } }";
    const refused = await get({ query });
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /CSRF/);
    for (const headers of [{ "apollo-require-preflight": "true" }, { "content-type": "application/json" }] as Record<string, string>[]) {
      const res = await get({ query }, headers);
      assert.equal(res.status, 200, JSON.stringify(headers));
      const body = (await res.json()) as { data: { articles: { totalCount: number } } };
      assert.ok(body.data.articles.totalCount > 0);
    }
  });

  it("refuses a mutation sent as a GET", async () => {
    const res = await get({ query: `mutation { deleteArticle(input: { id: "QXJ0aWNsZTox" }) { deletedArticleId } }` }, { "apollo-require-preflight": "true" });
    assert.equal(res.status, 405);
    assert.match(await res.text(), /only support query operations/);
  });

  it("answers a body that is not JSON with 400 and a GraphQL error rather than an HTML page", async () => {
    const res = await fetch(t.server.url, { method: "POST", headers: { "content-type": "application/json" }, body: '{ "query": ' });
    assert.equal(res.status, 400);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    assert.deepEqual(await res.json(), { errors: [{ message: "Request body is not valid JSON", extensions: { code: "BAD_REQUEST" } }] });
  });

  it("answers a query that does not validate with 200 under application/json and 400 under application/graphql-response+json", async () => {
    const send = (accept: string) =>
      fetch(t.server.url, { method: "POST", headers: { "content-type": "application/json", accept }, body: JSON.stringify({ query: "{ nope }" }) });
    const legacy = await send("application/json");
    assert.equal(legacy.status, 200);
    assert.equal(((await legacy.json()) as any).errors[0].extensions.code, "GRAPHQL_VALIDATION_FAILED");
    const modern = await send("application/graphql-response+json, application/json;q=0.9");
    assert.equal(modern.status, 400);
    assert.match(modern.headers.get("content-type") ?? "", /application\/graphql-response\+json/);
  });

  it("runs a persisted query by its hash once a client has registered it, over POST and GET", async () => {
    const query = `{ articles(first: 2) { edges { node { headline } } } }`;
    const persisted = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const unknown = await fetch(t.server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ extensions: persisted }) });
    const unknownBody = (await unknown.json()) as any;
    assert.equal(unknownBody.errors[0].extensions.code, "PERSISTED_QUERY_NOT_FOUND");

    const registered = await fetch(t.server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, extensions: persisted }) });
    const expected = ((await registered.json()) as any).data;
    assert.ok(expected.articles.edges.length > 0);

    const byHash = await fetch(t.server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ extensions: persisted }) });
    assert.deepEqual(((await byHash.json()) as any).data, expected);
    const byHashGet = await get({ extensions: JSON.stringify(persisted) }, { "apollo-require-preflight": "true" });
    assert.deepEqual(((await byHashGet.json()) as any).data, expected);
  });

  it("refuses a persisted query whose text does not match its hash", async () => {
    const res = await fetch(t.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ articles(first: 1) { totalCount } }", extensions: { persistedQuery: { version: 1, sha256Hash: sha256("{ something else }") } } }),
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as any;
    assert.equal(body.errors[0].message, "provided sha does not match query");
    assert.equal(body.errors[0].extensions.code, "BAD_REQUEST");
  });
});

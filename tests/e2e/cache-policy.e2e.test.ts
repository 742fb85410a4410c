import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import { buildSchema, graphql } from "graphql";
import { staticCachePolicyPlugin } from "../../src/cache/cache-policy";
import { PROJECT_ROOT } from "../../src/config";
import { createContext, type Context } from "../../src/context";
import { EXAMPLE_OPERATIONS } from "../../src/examples";
import { buildNewsgraphSchema } from "../../src/schema";
import { TEST_DIALECT } from "../support/database";
import { useTestServer } from "../support/server";

interface Operation {
  name: string;
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

const CONTRACT_DIR = path.join(PROJECT_ROOT, "tests", "contract");

/** Operations whose every selected field resolves on the sample data: both policies must agree exactly. */
const OPERATIONS: Operation[] = [
  ...fs
    .readdirSync(CONTRACT_DIR)
    .filter((f) => f.endsWith(".graphql"))
    .map((f) => ({ name: f, query: fs.readFileSync(path.join(CONTRACT_DIR, f), "utf8") })),
  ...[...EXAMPLE_OPERATIONS.matchAll(/^query (\w+)/gm)].map((m) => ({ name: `example ${m[1]}`, query: EXAMPLE_OPERATIONS, operationName: m[1] })),
  { name: "a country", query: `{ country(code: "IR") { name } }` },
  { name: "a person and their nationality", query: `{ person(slug: "vladimir-putin") { name nationality { name } } }` },
  { name: "a count", query: `{ articles(first: 1) { totalCount } }` },
  { name: "search", query: `{ search(query: "Putin") { query } }` },
  { name: "__typename only", query: `{ __typename }` },
  { name: "introspection", query: `{ __schema { queryType { name } } }` },
  {
    name: "fields asked of an interface, and of one of its types",
    query: `{ articles(first: 2) { edges { node { mentions { entity { __typename id name ... on Person { nationality { name } } ... on Country { code } } } } } } }`,
  },
  {
    name: "named fragments, spread twice",
    query: `fragment E on Entity { id name } { person(slug: "vladimir-putin") { ...E } country(code: "IR") { ...E } }`,
  },
  {
    name: "@include true",
    query: `query($full: Boolean!) { country(code: "IR") { name articles(first: 1) @include(if: $full) { totalCount } } }`,
    variables: { full: true },
  },
  {
    name: "@include false",
    query: `query($full: Boolean!) { country(code: "IR") { name articles(first: 1) @include(if: $full) { totalCount } } }`,
    variables: { full: false },
  },
  {
    name: "@skip with a default value",
    query: `query($brief: Boolean = true) { country(code: "IR") { name articles(first: 1) @skip(if: $brief) { totalCount } } }`,
  },
  { name: "an error", query: `{ articles(first: 1000) { totalCount } }` },
];

describe(`cache policies computed from the operation (${TEST_DIALECT})`, () => {
  const t = useTestServer(undefined, { responseCache: true });
  let reference: ApolloServer<Context>;

  before(async () => {
    // What Apollo's own plugin, hooking every resolved field, answers for the same schema and data.
    reference = new ApolloServer<Context>({
      schema: await buildNewsgraphSchema(),
      plugins: [ApolloServerPluginCacheControl({ defaultMaxAge: 0, calculateHttpHeaders: true })],
    });
    await reference.start();
  });
  after(async () => {
    await reference?.stop();
  });

  async function apollo(op: Operation): Promise<string | undefined> {
    const response = await reference.executeOperation(
      { query: op.query, operationName: op.operationName, variables: op.variables },
      { contextValue: createContext(t.database.db) },
    );
    return response.http.headers.get("cache-control");
  }

  async function served(op: Operation): Promise<string | null> {
    const res = await fetch(t.server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: op.query, operationName: op.operationName, variables: op.variables }),
    });
    await res.arrayBuffer();
    return res.headers.get("cache-control");
  }

  it("sends the Cache-Control that Apollo's per-field plugin computes", async () => {
    const seen = new Set<string>();
    for (const op of OPERATIONS) {
      const expected = await apollo(op);
      assert.ok(expected, op.name);
      assert.equal(await served(op), expected, op.name);
      seen.add(expected);
    }
    // The list exercises every kind of answer: uncacheable, and several max-ages.
    assert.ok(seen.has("no-store"));
    assert.ok([...seen].filter((v) => v.startsWith("max-age=")).length >= 4, [...seen].join(", "));
  });

  it("is never longer than Apollo's when some selected fields do not resolve", async () => {
    // An unknown article resolves no field below it: Apollo counts only the article's own hint, the
    // policy read from the text counts its related stories too (a list, 60 s).
    const op = { name: "unknown article", query: `{ article(slug: "no-such-article") { headline related(first: 2) { totalCount } } }` };
    const maxAge = (header: string | null | undefined) => Number(/max-age=(\d+)/.exec(header ?? "")?.[1] ?? 0);
    const ours = await served(op);
    const theirs = await apollo(op);
    assert.ok(maxAge(ours) <= maxAge(theirs), `${ours} vs ${theirs}`);
    assert.equal(ours, "max-age=60, public");
  });
});

describe("cache policies computed from the operation, on a schema of hints", () => {
  // Apollo's documented rules, each on its own (https://www.apollographql.com/docs/apollo-server/performance/caching).
  const schema = buildSchema(`
    enum CacheControlScope { PUBLIC PRIVATE }
    directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
    type Query {
      book: Book
      books: [Book] @cacheControl(maxAge: 30)
      me: User @cacheControl(maxAge: 100, scope: PRIVATE)
      version: String
      node: Node @cacheControl(maxAge: 500)
    }
    type Book @cacheControl(maxAge: 120) { title: String author: Author reviews: Reviews }
    type Author { name: String }
    type Reviews @cacheControl(inheritMaxAge: true) { count: Int }
    type User { name: String }
    interface Node { id: ID label: String }
    type Short implements Node @cacheControl(maxAge: 10) { id: ID label: String }
    type Long implements Node { id: ID label: String @cacheControl(maxAge: 7) slow: String @cacheControl(maxAge: 5) }
  `);
  const root = {
    book: { title: "t", author: { name: "a" }, reviews: { count: 1 } },
    books: [{ title: "t", author: null, reviews: { count: 1 } }],
    me: { name: "u" },
    version: "1",
    node: { __typename: "Long", id: "1", label: "l", slow: "s" },
  };

  async function policy(plugin: "apollo" | "static", query: string): Promise<string | undefined> {
    const server = new ApolloServer({
      schema,
      rootValue: root,
      plugins: [plugin === "apollo" ? ApolloServerPluginCacheControl({ defaultMaxAge: 0 }) : staticCachePolicyPlugin({ defaultMaxAge: 0 })],
    });
    await server.start();
    try {
      const response = await server.executeOperation({ query });
      return response.http.headers.get("cache-control");
    } finally {
      await server.stop();
    }
  }

  const cases: [string, string][] = [
    ["{ book { title } }", "max-age=120, public"],
    ["{ books { title } }", "max-age=30, public"],
    // A field of object type without a hint is uncacheable, unless it inherits.
    ["{ book { title author { name } } }", "no-store"],
    ["{ book { reviews { count } } }", "max-age=120, public"],
    ["{ me { name } }", "max-age=100, private"],
    ["{ book { title } me { name } }", "max-age=100, private"],
    // A root field of scalar type without a hint is uncacheable too.
    ["{ version }", "no-store"],
    ["{ book { title } version }", "no-store"],
    ["{ __typename }", "no-store"],
    ["{ node { id } }", "max-age=500, public"],
    // Asked of an interface, a field counts the hint of every type that may resolve it.
    ["{ node { id ... on Long { slow } } }", "max-age=5, public"],
    ["{ node { label } }", "max-age=7, public"],
  ];

  for (const [query, expected] of cases) {
    it(`answers ${expected} for ${query}`, async () => {
      const ours = await policy("static", query);
      assert.equal(ours, expected);
      assert.equal(ours, await policy("apollo", query), "same as Apollo's plugin");
    });
  }

  it("leaves no Cache-Control but no-store on a response with errors", async () => {
    assert.equal(await policy("static", "{ book { title nope } }"), "no-store");
    // Checks that the schema itself answers as the cases above assume.
    assert.equal((await graphql({ schema, source: "{ book { title } }", rootValue: root })).errors, undefined);
  });
});

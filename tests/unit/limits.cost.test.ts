import "reflect-metadata";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { getOperationAST, parse, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { PROJECT_ROOT } from "../../src/config";
import { EXAMPLE_OPERATIONS } from "../../src/examples";
import { DEFAULT_LIMITS } from "../../src/limits/limits.config";
import { actualCost, requestedCost } from "../../src/limits/limits.cost";
import { buildNewsgraphSchema } from "../../src/schema";

const CONTRACT_DIR = path.join(PROJECT_ROOT, "tests", "contract");

describe("query cost", () => {
  let schema: GraphQLSchema;
  before(async () => {
    schema = await buildNewsgraphSchema();
  });
  const cost = (query: string, variables: Record<string, unknown> = {}) => requestedCost(schema, parse(query), variables, null);
  const actual = (query: string, data: Record<string, unknown>) => {
    const document = parse(query);
    return actualCost(schema, document, getOperationAST(document) as OperationDefinitionNode, data);
  };

  it("prices every Sandbox example and contract operation within the default maximum", () => {
    const examples = parse(EXAMPLE_OPERATIONS);
    const names = examples.definitions.map((d) => (d as OperationDefinitionNode).name!.value);
    assert.ok(names.length >= 5);
    for (const name of names) {
      const c = requestedCost(schema, examples, {}, name);
      assert.ok(c > 0 && c <= DEFAULT_LIMITS.maxCost, `${name} costs ${c}`);
    }
    const files = fs.readdirSync(CONTRACT_DIR).filter((f) => f.endsWith(".graphql"));
    assert.ok(files.length >= 9);
    for (const file of files) {
      const c = cost(fs.readFileSync(path.join(CONTRACT_DIR, file), "utf8"), { slug: "s", id: "i", ids: ["a", "b"] });
      assert.ok(c > 0 && c <= DEFAULT_LIMITS.maxCost, `${file} costs ${c}`);
    }
  });

  it("prices a connection at 2 plus its page size times one edge", () => {
    assert.equal(cost(`{ articles(first: 7) { edges { node { id headline } } } }`), 2 + 7 * 1);
    assert.equal(cost(`{ articles(last: 30) { edges { cursor node { id } } } }`), 2 + 30);
    assert.equal(cost(`{ articles { edges { node { id } } } }`), 2 + 20, "20 edges when neither first nor last is given");
    assert.equal(cost(`query($n: Int) { articles(first: $n) { edges { node { id } } } }`, { n: 40 }), 2 + 40);
  });

  it("counts pageInfo and totalCount once per connection, not once per edge", () => {
    assert.equal(cost(`{ articles(first: 10) { totalCount pageInfo { hasNextPage } edges { node { id } } } }`), 2 + 1 + 1 + 10);
  });

  it("multiplies nested connections and lists by the sizes of the pages around them", () => {
    // 10 articles × (the article + 3 lists of 5 estimated entities).
    assert.equal(cost(`{ articles(first: 10) { edges { node { people { name } countries { name } topics { name } } } } }`), 2 + 10 * (1 + 3 * 5));
    // 100 articles × (the article + related: 2 + 10 extra + 100 articles).
    assert.equal(cost(`{ articles(first: 100) { edges { node { id related(first: 100) { edges { node { id } } } } } } }`), 2 + 100 * (1 + 2 + 10 + 100));
  });

  it("prices oversized pages at the largest page, leaving the resolver to reject them", () => {
    assert.equal(cost(`{ articles(first: 1000) { edges { node { id } } } }`), 2 + 100);
  });

  it("prices the same selection alike whether written inline or in fragments", () => {
    const inline = cost(`{ person(slug: "x") { articles(first: 5) { totalCount edges { node { headline people { name } } } } } }`);
    const fragments = cost(`
      { person(slug: "x") { ...Page } }
      fragment Page on Person { articles(first: 5) { ...Conn } }
      fragment Conn on ArticleConnection { totalCount edges { ...Edge } }
      fragment Edge on ArticleEdge { node { headline people { name } } }`);
    assert.equal(inline, 1 + 2 + 1 + 5 * (1 + 5));
    assert.equal(fragments, inline);
  });

  it("prices nodes(ids) by the number of ids, and lets introspection cost nothing", () => {
    assert.equal(cost(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ["a", "b", "c"] }), 3);
    assert.equal(cost(`{ __schema { types { name fields { name type { name ofType { name } } } } } }`), 0);
  });

  it("scales a search's lists with its first, and prices timelines flat", () => {
    const small = cost(`{ search(query: "x") { entities { name } articles { edges { node { id } } } } }`);
    const large = cost(`{ search(query: "x", first: 100) { entities { name } articles { edges { node { id } } } } }`);
    assert.ok(large >= 100 + 100, `a search of 100 may return 100 entities and 100 articles: ${large}`);
    assert.ok(small < large);
    const timeline = (days: number) =>
      cost(`{ country(code: "IR") { timeline(interval: DAY, from: "2025-01-01T00:00:00Z", to: "2025-01-${String(days + 1).padStart(2, "0")}T00:00:00Z") { start count } } }`);
    assert.equal(timeline(3), timeline(30));
  });

  it("prices a response by the edges and items it returned", () => {
    const query = `{ articles(first: 10) { totalCount edges { node { id people { name } } } } }`;
    const data = {
      articles: {
        totalCount: 2,
        edges: [{ node: { id: "1", people: [{ name: "a" }, { name: "b" }] } }, { node: { id: "2", people: [] } }],
      },
    };
    assert.equal(cost(query), 2 + 1 + 10 * (1 + 5));
    assert.equal(actual(query, data), 2 + 1 + (1 + 2) + (1 + 0));
    assert.equal(actual(query, { articles: null } as never), 0, "a field nulled by an error costs nothing");
  });

  it("prices a response through aliases and fragments on interfaces", () => {
    const query = `{ a: node(id: "x") { ... on Person { name articles(first: 2) { edges { node { id } } } } ... on Country { code } } b: node(id: "y") { id } }`;
    const data = { a: { name: "P", articles: { edges: [{ node: { id: "1" } }] } }, b: { id: "y" } };
    assert.equal(actual(query, data), 1 + (2 + 1) + 1);
  });
});

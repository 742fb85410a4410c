import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useTestServer } from "../support/server";
import { TEST_DIALECT } from "../support/database";
import { loadFixtures } from "../support/fixtures";

/**
 * Every relation on every level: if any field resolver queried per row, the statement count would
 * grow with the page size. Oldest first, so the first page always starts with the fully linked
 * sample article.
 */
const DEEP = `query Deep($n: Int) {
  articles(first: $n, filter: { mentioning: ["Putin"] }, orderBy: { field: PUBLISHED_AT, direction: ASC }) {
    totalCount
    edges {
      node {
        headline
        mentions { count role entity { __typename name mentionCount } }
        countries { name people(first: 2) { totalCount edges { node { name } } } }
        topics { name parent { name } children { name } }
        people {
          name
          nationality { code }
          articles(first: 3) { totalCount edges { node { headline people { name } } } }
          coMentioned(first: 3) { totalCount edges { count node { name } } }
        }
      }
    }
  }
}`;

describe(`SQL statements per request (${TEST_DIALECT})`, () => {
  const t = useTestServer((database) => loadFixtures(database.db));

  it("follow the shape of the query, not the number of rows it returns", async () => {
    const one = await t.gql(DEEP, { n: 1 });
    const five = await t.gql(DEEP, { n: 5 });
    assert.equal(one.errors, undefined);
    assert.equal(five.errors, undefined);
    assert.equal(one.data.articles.edges.length, 1);
    assert.equal(five.data.articles.edges.length, 5);
    const rowsOne = JSON.stringify(one.data).length;
    const rowsFive = JSON.stringify(five.data).length;
    assert.ok(rowsFive > 2 * rowsOne, "the larger page really returns more rows");
    const statements = one.extensions?.queryStats?.sqlStatements ?? 0;
    const statementsFive = five.extensions?.queryStats?.sqlStatements ?? 0;
    assert.ok(statements > 0);
    // Five times the rows, same statements: a per-row query on any of the ~12 relations would add
    // at least four. One more or less is allowed, because loader caches may save a statement when
    // one level of the query already loaded every entity another level asks for.
    assert.ok(
      Math.abs(statementsFive - statements) <= 1,
      `${statements} statements for 1 article vs ${statementsFive} for 5: more than the one a loader cache may save, so some relation queries per row`,
    );
    // About one statement per relation in the query, whatever the rows.
    assert.ok(statements <= 18 && statementsFive <= 18, `${statements} / ${statementsFive} statements`);
  });

  it("read the bodies of a list only when asked, in one statement for the whole page", async () => {
    const page = (withBody: boolean, n: number) =>
      t.gql(`query($n: Int) { articles(first: $n) { edges { node { id headline ${withBody ? "body" : ""} related(first: 2) { edges { node { id ${withBody ? "body" : ""} } } } } } } }`, { n });
    const statements = (res: any) => res.extensions?.queryStats?.sqlStatements as number;
    const [plain, one, five] = [await page(false, 5), await page(true, 1), await page(true, 5)];
    assert.equal(five.errors, undefined, JSON.stringify(five.errors));
    // Bodies at two levels (the page, its related stories): one statement each, whatever the rows.
    assert.equal(statements(five), statements(plain) + 2);
    assert.equal(statements(one), statements(five));
    for (const { node } of five.data.articles.edges) {
      const alone = await t.gql(`query($id: ID!) { node(id: $id) { ... on Article { body } } }`, { id: node.id });
      assert.equal(node.body, alone.data.node.body);
      assert.ok(node.body.length > 0);
      for (const related of node.related.edges) {
        const other = await t.gql(`query($id: ID!) { node(id: $id) { ... on Article { body } } }`, { id: related.node.id });
        assert.equal(related.node.body, other.data.node.body);
      }
    }
  });

  it("reuse one loaded object across the request", async () => {
    const putin = (await t.gql(`{ person(slug: "vladimir-putin") { id } }`)).data.person.id as string;
    const res = await t.gql(
      `query($id: ID!) {
        a: person(slug: "vladimir-putin") { name }
        b: person(slug: "vladimir-putin") { name }
        c: node(id: $id) { id ... on Person { name } }
        d: person(id: $id) { name }
      }`,
      { id: putin },
    );
    assert.equal(res.errors, undefined);
    assert.deepEqual(res.data, {
      a: { name: "Vladimir Putin" },
      b: { name: "Vladimir Putin" },
      c: { id: putin, name: "Vladimir Putin" },
      d: { name: "Vladimir Putin" },
    });
    // One statement by slug, one by id: the repeated slug and the repeated id cost nothing.
    assert.equal(res.extensions?.queryStats?.sqlStatements, 2);
  });
});

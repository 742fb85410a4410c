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
    // at least four. (Loader caches may save a statement when one level already loaded an entity.)
    assert.ok(Math.abs(statementsFive - statements) <= 1, `${statements} vs ${statementsFive} statements`);
    // About one statement per relation in the query, whatever the rows.
    assert.ok(statements <= 18 && statementsFive <= 18, `${statements} / ${statementsFive} statements`);
  });

  it("reuse one loaded object across the request", async () => {
    const res = await t.gql(`{ a: person(slug: "vladimir-putin") { name } b: person(slug: "vladimir-putin") { name } c: node(id: "${Buffer.from("Person:1").toString("base64url")}") { id } }`);
    assert.equal(res.errors, undefined);
    // slug lookup + id lookup: the duplicate alias costs nothing.
    assert.equal(res.extensions?.queryStats?.sqlStatements, 2);
  });
});

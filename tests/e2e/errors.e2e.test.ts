import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useTestServer, type GraphQLResponse } from "../support/server";
import { TEST_DIALECT } from "../support/database";
import { Person } from "../../src/person/person.entity";
import { writeEntityNames } from "../../src/entity/entity.service";

function code(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

const gid = (type: string, key: number) => Buffer.from(`${type}:${key}`).toString("base64url");

describe(`errors clients see (${TEST_DIALECT})`, () => {
  const t = useTestServer(async (database) => {
    // Two people answering to the same alias, to make a name ambiguous.
    await database.db.transaction(async (manager) => {
      const people = await manager.save([
        Object.assign(new Person(), { slug: "john-smith", name: "John Smith", aliases: ["Smith"], description: null, wikidataId: null, nationalityId: null, mentionCount: 0 }),
        Object.assign(new Person(), { slug: "jane-smith", name: "Jane Smith", aliases: ["Smith"], description: null, wikidataId: null, nationalityId: null, mentionCount: 0 }),
      ]);
      await writeEntityNames(manager, people);
    });
  });

  it("rejects malformed ids with BAD_USER_INPUT", async () => {
    for (const id of ["nonsense", "", gid("Spaceship", 1), Buffer.from("Article:abc").toString("base64url")]) {
      const res = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id });
      assert.equal(code(res), "BAD_USER_INPUT", id);
    }
  });

  it("returns null for well-formed ids of nothing, and for ids of another type", async () => {
    const res = await t.gql(`{ node(id: "${gid("Article", 987654)}") { id } person(slug: "nobody-at-all") { id } country(code: "ZZ") { id } }`);
    assert.equal(res.errors, undefined);
    assert.deepEqual(res.data, { node: null, person: null, country: null });
  });

  it("rejects an id of the wrong type where one type is expected", async () => {
    const res = await t.gql(`{ person(id: "${gid("Article", 1)}") { id } }`);
    assert.equal(code(res), "BAD_USER_INPUT");
    assert.match(res.errors?.[0].message ?? "", /Person/);
  });

  it("rejects conflicting or missing lookup arguments", async () => {
    for (const query of [`{ article(id: "${gid("Article", 1)}", slug: "x") { id } }`, `{ article { id } }`, `{ country(code: "IR", slug: "iran") { id } }`, `{ topic { id } }`]) {
      const res = await t.gql(query);
      assert.equal(code(res), "BAD_USER_INPUT", query);
      assert.match(res.errors?.[0].message ?? "", /exactly one of/);
    }
  });

  it("rejects page sizes outside 0..100 and first with last", async () => {
    for (const args of ["first: -1", "first: 101", "last: 101", "first: 1, last: 1"]) {
      const res = await t.gql(`{ articles(${args}) { totalCount } }`);
      assert.equal(code(res), "BAD_USER_INPUT", args);
    }
    const zero = await t.gql(`{ articles(first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } }`);
    assert.equal(zero.errors, undefined);
    assert.deepEqual(zero.data.articles.edges, []);
    assert.equal(zero.data.articles.pageInfo.hasNextPage, true);
  });

  it("rejects cursors it did not issue, and cursors of another connection", async () => {
    const co = await t.gql(`{ person(slug: "vladimir-putin") { coMentioned(first: 1) { pageInfo { endCursor } } } }`);
    const foreign = co.data.person.coMentioned.pageInfo.endCursor;
    for (const after of ["garbage", Buffer.from('["PUBLISHED_AT","x"]').toString("base64url"), foreign]) {
      const res = await t.gql(`query($after: String) { articles(first: 1, after: $after) { totalCount } }`, { after });
      assert.equal(code(res), "BAD_USER_INPUT", after);
    }
  });

  it("names an ambiguous name and lists its candidates", async () => {
    const res = await t.gql(`{ articles(filter: { mentioning: ["smith"] }) { totalCount } }`);
    assert.equal(code(res), "BAD_USER_INPUT");
    assert.match(res.errors?.[0].message ?? "", /"smith"/);
    assert.deepEqual([...res.errors?.[0].extensions?.candidates].sort(), ["Jane Smith (Person)", "John Smith (Person)"]);
  });

  it("suggests names close to an unknown one", async () => {
    const res = await t.gql(`{ articles(filter: { mentioning: ["Vladimir Puttin"] }) { totalCount } }`);
    assert.equal(code(res), "BAD_USER_INPUT");
    assert.ok(res.errors?.[0].extensions?.candidates.includes("Vladimir Putin"));
  });

  it("validates filter input: list sizes and instants", async () => {
    const many = Array.from({ length: 21 }, (_, i) => gid("Person", i + 1));
    const big = await t.gql(`query($ids: [ID!]) { articles(filter: { mentionsAll: $ids }) { totalCount } }`, { ids: many });
    assert.equal(code(big), "BAD_USER_INPUT");
    assert.deepEqual(big.errors?.[0].extensions?.fields, [{ field: "filter.mentionsAll", message: "filter.mentionsAll must contain no more than 20 elements" }]);
    assert.doesNotMatch(JSON.stringify(big), new RegExp(many[5]), "input is not echoed back");
    const date = await t.gql(`query($d: DateTimeISO) { articles(filter: { publishedAfter: $d }) { totalCount } }`, { d: "yesterday" });
    assert.equal(code(date), "BAD_USER_INPUT");
    const nodes = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array.from({ length: 101 }, (_, i) => gid("Article", i + 1)) });
    assert.equal(code(nodes), "BAD_USER_INPUT");
  });

  it("hides internal failures: no SQL, no stack trace, a coded generic error", async () => {
    const originalError = console.error;
    console.error = () => {};
    try {
      await t.database.db.query(`DROP TABLE entity_name`);
      const res = await t.gql(`{ articles(filter: { mentioning: ["Putin"] }) { totalCount } }`);
      assert.equal(code(res), "INTERNAL_SERVER_ERROR");
      assert.equal(res.errors?.[0].message, "Internal server error");
      const text = JSON.stringify(res);
      assert.doesNotMatch(text, /entity_name|SELECT|stack|at .*\.js/i);
    } finally {
      console.error = originalError;
    }
  });
});

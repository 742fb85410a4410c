import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DataSource } from "typeorm";
import { CO_MENTION_PROBES } from "../../src/mention/co-mention.ranking";
import { TEST_DIALECT } from "../support/database";
import { useTestServer } from "../support/server";

/**
 * The first page of an entity's co-mentions may be settled from the pairs with the most mentioned
 * entities alone (topCoMentionsSql). Here the stored counts are written directly, so that the
 * most mentioned entities are not always the most co-mentioned: more entities than are probed, an
 * entity ("x") whose closest partner is rarely mentioned, and one ("z") whose closest partners are
 * among the most mentioned.
 */
const OTHERS = CO_MENTION_PROBES + 10;

async function storeCounts(db: DataSource): Promise<void> {
  const person = (slug: string, mentionCount: number) =>
    db.query(`INSERT INTO entity ("kind", "slug", "name", "aliases", "status", "updatedAt", "mentionCount") VALUES ('PERSON', '${slug}', '${slug}', '[]', 'VERIFIED', 0, ${mentionCount})`);
  await person("x", 5000);
  await person("z", 5000);
  await person("rare-ally", 50);
  // p-1 … p-110: mentionCount 101 … 210, so the probed entities are x, z and the 98 most mentioned of them.
  for (let i = 1; i <= OTHERS; i++) await person(`p-${i}`, 100 + i);
  const rows: { id: number; slug: string }[] = await db.query(`SELECT "id", "slug" FROM entity WHERE "kind" = 'PERSON' AND ("slug" IN ('x', 'z', 'rare-ally') OR "slug" LIKE 'p-%')`);
  const id = new Map(rows.map((r) => [r.slug, Number(r.id)]));
  const pair = (a: string, b: string, count: number) =>
    db.query(`INSERT INTO co_mention ("entityId", "otherId", "count", "weight") VALUES (${id.get(a)}, ${id.get(b)}, ${count}, ${count * 500})`);
  // x: one article with each p-i, fifty with the rarely mentioned ally.
  for (let i = 1; i <= OTHERS; i++) await pair("x", `p-${i}`, 1);
  await pair("x", "rare-ally", 50);
  // z: many with the three most mentioned, fewer with the ally, one with each of the rest.
  for (let i = 1; i <= OTHERS; i++) await pair("z", `p-${i}`, i > OTHERS - 3 ? 180 + i - OTHERS : 1);
  await pair("z", "rare-ally", 40);
}

describe(`an entity's first co-mentions (${TEST_DIALECT})`, () => {
  const t = useTestServer((database) => storeCounts(database.db));

  async function firstCoMentioned(slug: string, first: number) {
    const res = await t.gql(`query($slug: String!, $first: Int!) { person(slug: $slug) { coMentioned(first: $first) { totalCount pageInfo { hasNextPage } edges { count node { slug } } } } }`, { slug, first });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const { edges, pageInfo, totalCount } = res.data.person.coMentioned;
    return { pairs: edges.map((e: any) => `${e.node.slug} ${e.count}`), hasNextPage: pageInfo.hasNextPage, totalCount };
  }

  it("finds a partner that few articles mention when it shares more of them than the most mentioned do", async () => {
    assert.deepEqual((await firstCoMentioned("x", 1)).pairs, ["rare-ally 50"]);
    const three = await firstCoMentioned("x", 3);
    assert.deepEqual(three.pairs, ["rare-ally 50", "p-1 1", "p-2 1"], "equal counts and weights: the lower id first");
    assert.equal(three.hasNextPage, true);
    assert.equal(three.totalCount, OTHERS + 1);
  });

  it("takes the first page from the most mentioned partners when they share the most", async () => {
    assert.deepEqual((await firstCoMentioned("z", 3)).pairs, ["p-110 180", "p-109 179", "p-108 178"]);
    assert.deepEqual((await firstCoMentioned("z", 5)).pairs, ["p-110 180", "p-109 179", "p-108 178", "rare-ally 40", "p-1 1"]);
  });

  it("settles a kind's first page and the people facet of an entity's articles the same way", async () => {
    const res = await t.gql(`{ person(slug: "x") {
      people: coMentioned(first: 1, kind: PERSON) { edges { count node { slug } } }
      countries: coMentioned(first: 1, kind: COUNTRY) { totalCount edges { count } }
      articles { facets { people(first: 3) { count entity { slug } } } }
    } }`);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const { people, countries, articles } = res.data.person;
    assert.deepEqual(people.edges, [{ count: 50, node: { slug: "rare-ally" } }]);
    assert.deepEqual([countries.totalCount, countries.edges], [0, []]);
    // Facets count x itself (in all of its articles) and break ties by id alone.
    assert.deepEqual(articles.facets.people.map((f: any) => `${f.entity.slug} ${f.count}`), ["x 5000", "rare-ally 50", "p-1 1"]);
  });

  it("agrees with walking the whole list from its end", async () => {
    for (const slug of ["x", "z"]) {
      const res = await t.gql(`query($slug: String!) { person(slug: $slug) { coMentioned(last: 100) { edges { count node { slug } } } } }`, { slug });
      const tail = res.data.person.coMentioned.edges.map((e: any) => `${e.node.slug} ${e.count}`);
      const whole = await firstCoMentioned(slug, 100);
      // The first 100 and the last 100 of the same ordering overlap where they meet.
      const skipped = whole.totalCount - tail.length;
      assert.ok(skipped > 0 && skipped < 100, `${whole.totalCount} pairs`);
      assert.deepEqual(whole.pairs.slice(skipped), tail.slice(0, 100 - skipped), slug);
      for (const first of [1, 2, 4, 10]) assert.deepEqual((await firstCoMentioned(slug, first)).pairs, whole.pairs.slice(0, first), `${slug} first ${first}`);
    }
  });
});

describe(`co-mention pages batched together (${TEST_DIALECT})`, () => {
  const t = useTestServer((database) => storeCounts(database.db));
  const edges = (connection: any) => connection.edges.map((e: any) => `${e.node.slug} ${e.count}`);

  it("answers a settled first page, an unsettled one and a later page in one request as it does each alone", async () => {
    const first = await t.gql(`{ person(slug: "x") { coMentioned(first: 2) { pageInfo { endCursor } } } }`);
    const cursor = first.data.person.coMentioned.pageInfo.endCursor;
    const batched = await t.gql(
      `query($after: String!) {
        x: person(slug: "x") { first: coMentioned(first: 3) { edges { count node { slug } } } later: coMentioned(first: 3, after: $after) { edges { count node { slug } } } }
        z: person(slug: "z") { coMentioned(first: 3) { edges { count node { slug } } } articles { facets { people(first: 2) { count entity { slug } } } } }
      }`,
      { after: cursor },
    );
    assert.equal(batched.errors, undefined, JSON.stringify(batched.errors));
    const { x, z } = batched.data;
    // x's closest partner is rarely mentioned (its probe cannot settle); z's are the most mentioned.
    assert.deepEqual(edges(x.first), ["rare-ally 50", "p-1 1", "p-2 1"]);
    assert.deepEqual(edges(x.later), ["p-2 1", "p-3 1", "p-4 1"]);
    assert.deepEqual(edges(z.coMentioned), ["p-110 180", "p-109 179", "p-108 178"]);
    assert.deepEqual(z.articles.facets.people.map((f: any) => `${f.entity.slug} ${f.count}`), ["z 5000", "p-110 180"]);
    const alone = await t.gql(`query($after: String!) { person(slug: "x") { coMentioned(first: 3, after: $after) { edges { count node { slug } } } } }`, { after: cursor });
    assert.deepEqual(edges(alone.data.person.coMentioned), edges(x.later));
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useTestServer } from "../support/server";
import { TEST_DIALECT } from "../support/database";
import { loadFixtures } from "../support/fixtures";

/** Ids of people and countries by name, as a client would look them up. */
async function ids(t: ReturnType<typeof useTestServer>) {
  const res = await t.gql(`{
    putin: person(slug: "vladimir-putin") { id }
    khamenei: person(slug: "ali-khamenei") { id }
    xi: person(slug: "xi-jinping") { id }
    iran: country(code: "IR") { id }
    russia: country(code: "RU") { id }
  }`);
  return Object.fromEntries(Object.entries(res.data).map(([k, v]: [string, any]) => [k, v.id])) as Record<string, string>;
}

const PAGE = `query($filter: ArticleFilter, $first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder) {
  articles(filter: $filter, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id headline desk publishedAt mentions { entity { id name } } } }
  }
}`;

function mentionIds(node: any): string[] {
  return node.mentions.map((m: any) => m.entity.id);
}

describe(`Query.articles (${TEST_DIALECT})`, () => {
  const t = useTestServer((database) => loadFixtures(database.db));

  it("returns only articles that mention every named person", async () => {
    const { putin, khamenei } = await ids(t);
    const res = await t.gql(PAGE, { filter: { mentioning: ["putin", "Ali Khamenei"] }, first: 100 });
    const edges = res.data.articles.edges;
    assert.deepEqual(
      edges.map((e: any) => e.node.headline),
      ["Putin receives Araghchi again", "Putin, Khamenei and Xi Jinping in joint statement", "Putin and Khamenei speak by phone", "Iran seeks stronger Russian support as foreign minister visits Moscow"],
    );
    for (const e of edges) assert.ok(mentionIds(e.node).includes(putin) && mentionIds(e.node).includes(khamenei));
    assert.equal(res.data.articles.totalCount, 4);
  });

  it("accepts names, aliases and slugs in any case as the same entity", async () => {
    const counts = [];
    for (const name of ["Putin", "putin", "Vladimir Putin", "vladimir-putin", "PRESIDENT PUTIN"]) {
      const res = await t.gql(PAGE, { filter: { mentioning: [name] }, first: 0 });
      assert.equal(res.errors, undefined, name);
      counts.push(res.data.articles.totalCount);
    }
    assert.equal(new Set(counts).size, 1);
    assert.equal(counts[0], 5); // the sample article and four fixtures
  });

  it("combines mentionsAll, mentionsAny and mentionsNone on entity ids", async () => {
    const { putin, khamenei, xi, iran } = await ids(t);
    const all = await t.gql(PAGE, { filter: { mentionsAll: [putin, iran] }, first: 100 });
    assert.ok(all.data.articles.edges.every((e: any) => mentionIds(e.node).includes(putin) && mentionIds(e.node).includes(iran)));
    const any = await t.gql(PAGE, { filter: { mentionsAny: [xi, khamenei] }, first: 100 });
    assert.equal(any.data.articles.totalCount, 6);
    const none = await t.gql(PAGE, { filter: { mentionsAll: [putin], mentionsNone: [khamenei] }, first: 100 });
    assert.deepEqual(none.data.articles.edges.map((e: any) => e.node.headline), ["Putin and Xi Jinping meet in Beijing"]);
  });

  it("filters by desk and publication window", async () => {
    const res = await t.gql(PAGE, {
      filter: { desk: "epn desk", publishedAfter: "2025-07-02T09:00:00Z", publishedBefore: "2025-07-11T09:00:00Z" },
      first: 100,
    });
    assert.deepEqual(
      res.data.articles.edges.map((e: any) => e.node.headline),
      ["Putin, Khamenei and Xi Jinping in joint statement", "Putin and Khamenei speak by phone", "Khamenei warns Israel"],
    );
    assert.equal(res.data.articles.totalCount, 3);
  });

  it("pages forward and backward with keyset cursors over the same sequence", async () => {
    const everything = (await t.gql(PAGE, { first: 100 })).data.articles.edges.map((e: any) => e.node.id);
    assert.equal(everything.length, 13);
    const forward: string[] = [];
    let after: string | null = null;
    let hasNext = true;
    while (hasNext) {
      const res: any = await t.gql(PAGE, { first: 5, after });
      const c = res.data.articles;
      assert.equal(c.pageInfo.hasPreviousPage, after !== null);
      forward.push(...c.edges.map((e: any) => e.node.id));
      ({ hasNextPage: hasNext, endCursor: after } = c.pageInfo);
    }
    assert.deepEqual(forward, everything);

    const backward: string[] = [];
    let before: string | null = null;
    let hasPrevious = true;
    while (hasPrevious) {
      const res: any = await t.gql(PAGE, { last: 5, before });
      const c = res.data.articles;
      backward.unshift(...c.edges.map((e: any) => e.node.id));
      ({ hasPreviousPage: hasPrevious, startCursor: before } = c.pageInfo);
    }
    assert.deepEqual(backward, everything);
  });

  it("keeps cursors stable when a newer article arrives", async () => {
    const first = await t.gql(PAGE, { first: 3 });
    const cursor = first.data.articles.pageInfo.endCursor;
    const before = await t.gql(PAGE, { first: 3, after: cursor });
    const { ingestOne } = await import("../../src/ingest/ingest.service");
    await ingestOne(t.database.db, "late", {
      headline: "Late story on Putin",
      body: "Vladimir Putin spoke again.",
      summary: null,
      desk: "EPN Desk",
      url: null,
      language: "en",
      publishedAt: new Date("2025-08-01T00:00:00Z"),
    });
    const afterInsert = await t.gql(PAGE, { first: 3, after: cursor });
    assert.deepEqual(afterInsert.data.articles.edges, before.data.articles.edges);
  });

  it("orders oldest first when asked", async () => {
    const res = await t.gql(PAGE, { first: 2, orderBy: { field: "PUBLISHED_AT", direction: "ASC" } });
    assert.equal(res.data.articles.edges[0].node.headline, "Iran seeks stronger Russian support as foreign minister visits Moscow");
    const next = await t.gql(PAGE, { first: 1, after: res.data.articles.pageInfo.endCursor, orderBy: { field: "PUBLISHED_AT", direction: "ASC" } });
    assert.equal(res.data.articles.edges[1].node.headline, "Putin and Xi Jinping meet in Beijing");
    assert.equal(next.data.articles.edges[0].node.headline, "Khamenei warns Israel");
  });

  it("narrows an entity's articles with the same filter", async () => {
    const res = await t.gql(`{ person(slug: "vladimir-putin") { articles(first: 10, filter: { mentioning: ["Xi Jinping"] }) { totalCount edges { node { headline } } } } }`);
    assert.deepEqual(res.data.person.articles.edges.map((e: any) => e.node.headline), [
      "Putin, Khamenei and Xi Jinping in joint statement",
      "Putin and Xi Jinping meet in Beijing",
    ]);
    assert.equal(res.data.person.articles.totalCount, 2);
  });

  it("counts co-mentions by shared articles and filters them by kind", async () => {
    const res = await t.gql(`{ person(slug: "vladimir-putin") { coMentioned(first: 3, kind: PERSON) { totalCount edges { count node { __typename name } } } } }`);
    const edges = res.data.person.coMentioned.edges;
    assert.deepEqual(edges[0], { count: 4, node: { __typename: "Person", name: "Ali Khamenei" } });
    assert.ok(edges.every((e: any) => e.node.__typename === "Person" && e.node.name !== "Vladimir Putin"));
    assert.equal(res.data.person.coMentioned.totalCount, 3); // Khamenei, Araghchi, Xi Jinping
  });

  it("pages through co-mentions without repeating or skipping", async () => {
    const all = await t.gql(`{ person(slug: "vladimir-putin") { coMentioned(first: 100) { edges { node { id } } } } }`);
    const expected = all.data.person.coMentioned.edges.map((e: any) => e.node.id);
    const walked: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await t.gql(`query($after: String) { person(slug: "vladimir-putin") { coMentioned(first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id } } } } }`, { after });
      const c = res.data.person.coMentioned;
      walked.push(...c.edges.map((e: any) => e.node.id));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    assert.deepEqual(walked, expected);
  });

  it("gives every entity's first co-mentions exactly as the whole ordering has them", async () => {
    // The first page may be settled from the most mentioned entities alone (coMentionFirstPageSql);
    // `last` pages read and sort every pair, so the whole list backward is the reference.
    const mentioned = await t.gql(`{ articles { facets { people(first: 100) { entity { id } } countries(first: 100) { entity { id } } topics(first: 100) { entity { id } } } } }`);
    const { people, countries, topics } = mentioned.data.articles.facets;
    const ids: string[] = [...people, ...countries, ...topics].map((f: any) => f.entity.id);
    assert.ok(ids.length > 20, `${ids.length} mentioned entities`);
    const page = `edges { count node { id } } pageInfo { hasNextPage }`;
    for (const id of ids) {
      const res = await t.gql(
        `query($id: ID!) { node(id: $id) { ... on Entity { one: coMentioned(first: 1) { ${page} } three: coMentioned(first: 3) { ${page} } ten: coMentioned(first: 10) { ${page} } all: coMentioned(last: 100) { totalCount edges { count node { id } } } } } }`,
        { id },
      );
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      const { one, three, ten, all } = res.data.node;
      assert.ok(all.totalCount <= 100, "the fixture's pairs fit one backward page");
      for (const [n, first] of [[1, one], [3, three], [10, ten]] as const) {
        assert.deepEqual(first.edges, all.edges.slice(0, n), `${id}: coMentioned(first: ${n})`);
        assert.equal(first.pageInfo.hasNextPage, all.totalCount > n, `${id}: hasNextPage after ${n}`);
      }
    }
  });

  it("lists a country's people and a topic's children", async () => {
    const res = await t.gql(`{ country(code: "RU") { people(first: 100) { totalCount edges { node { name nationality { code } } } } } topic(slug: "international-relations") { children { slug } } }`);
    const names = res.data.country.people.edges.map((e: any) => e.node.name);
    assert.ok(names.includes("Vladimir Putin") && names.includes("Sergey Lavrov"));
    assert.equal(res.data.country.people.totalCount, names.length);
    assert.deepEqual([...names].sort(), names);
    assert.ok(res.data.country.people.edges.every((e: any) => e.node.nationality.code === "RU"));
    assert.ok(res.data.topic.children.some((c: any) => c.slug === "diplomacy"));
  });
});

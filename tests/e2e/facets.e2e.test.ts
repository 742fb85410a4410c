import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { useTestServer } from "../support/server";
import { TEST_DIALECT } from "../support/database";
import { loadFixtures } from "../support/fixtures";

const FACETS = `facets { people(first: 100) { count entity { id name } } countries(first: 100) { count entity { id name } } topics(first: 100) { count entity { id name } } desks(first: 100) { count desk } }`;

describe(`facets over an article connection (${TEST_DIALECT})`, () => {
  const t = useTestServer((database) => loadFixtures(database.db));

  /** Counts each facet independently: one filtered totalCount per entity or desk. */
  async function checkAgainstFilters(options: Record<string, unknown>, facets: any) {
    const { skipEmptyCheck: _skip, ...filter } = options;
    for (const list of ["people", "countries", "topics"]) {
      assert.ok(facets[list].length > 0 || list === "topics" || options.skipEmptyCheck, `${list} not empty`);
      for (const { count, entity } of facets[list]) {
        const res = await t.gql(`query($f: ArticleFilter) { articles(first: 0, filter: $f) { totalCount } }`, {
          f: { ...filter, mentionsAll: [...((filter.mentionsAll as string[]) ?? []), entity.id] },
        });
        assert.equal(count, res.data.articles.totalCount, `${list} ${entity.name}`);
      }
      const counts = facets[list].map((f: { count: number }) => f.count);
      assert.deepEqual(counts, [...counts].sort((a, b) => b - a), "most frequent first");
    }
    for (const { count, desk } of facets.desks) {
      const res = await t.gql(`query($f: ArticleFilter) { articles(first: 0, filter: $f) { totalCount } }`, { f: { ...filter, desk } });
      assert.equal(count, res.data.articles.totalCount, `desk ${desk}`);
    }
  }

  it("counts people, countries, topics and desks over the whole filtered result, not the page", async () => {
    const filter = { mentioning: ["Putin"] };
    const res = await t.gql(`query($f: ArticleFilter) { articles(first: 1, filter: $f) { totalCount edges { node { id } } ${FACETS} } }`, { f: filter });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const { facets, totalCount, edges } = res.data.articles;
    assert.equal(edges.length, 1);
    const putin = facets.people.find((f: any) => f.entity.name === "Vladimir Putin");
    assert.equal(putin.count, totalCount, "every article mentions Putin");
    assert.equal(facets.people.find((f: any) => f.entity.name === "Ali Khamenei")?.count, 4);
    await checkAgainstFilters(filter, facets);
  });

  it("counts a country's articles from the stored co-mention pairs, equal to filtered counts", async () => {
    const res = await t.gql(`{ country(code: "RU") { id articles(first: 2) { totalCount ${FACETS} } } }`);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const { articles, id } = res.data.country;
    assert.equal(articles.facets.countries.find((f: any) => f.entity.name === "Russia").count, articles.totalCount);
    await checkAgainstFilters({ mentionsAll: [id] }, articles.facets);
  });

  it("gives a country's top people exactly, however many countries and topics outrank them", async () => {
    // The stored pairs of a country are read in count order before keeping people; checked here against
    // the same facet computed by grouping the mentions of its articles, for every small page size.
    const { data } = await t.gql(`{ country(code: "RU") { id } }`);
    const id = data.country.id;
    const pairs = await t.gql(`query($id: ID!) { articles(filter: { mentionsAll: [$id] }) { facets { countries(first: 100) { count } topics(first: 100) { count } } } }`, { id });
    const outranking = [...pairs.data.articles.facets.countries, ...pairs.data.articles.facets.topics].length;
    assert.ok(outranking >= 3, "the fixture puts several countries and topics beside Russia");
    for (let first = 0; first <= 4; first++) {
      const stored = await t.gql(`query($first: Int!) { country(code: "RU") { articles { facets { people(first: $first) { count entity { id } } } } } }`, { first });
      const grouped = await t.gql(`query($id: ID!, $first: Int!) { articles(filter: { mentionsAll: [$id] }) { facets { people(first: $first) { count entity { id } } } } }`, { id, first });
      assert.equal(stored.errors, undefined, JSON.stringify(stored.errors));
      assert.deepEqual(stored.data.country.articles.facets.people, grouped.data.articles.facets.people, `people(first: ${first})`);
      assert.equal(stored.data.country.articles.facets.people.length, Math.min(first, grouped.data.articles.facets.people.length));
    }
  });

  it("counts every article when nothing is filtered, and honours first", async () => {
    const res = await t.gql(`{ articles(first: 0) { totalCount facets { people(first: 3) { count entity { id name } } desks { count desk } } } }`);
    const { facets, totalCount } = res.data.articles;
    assert.equal(facets.people.length, 3);
    assert.equal(facets.desks.reduce((sum: number, d: { count: number }) => sum + d.count, 0), totalCount);
    await checkAgainstFilters({ skipEmptyCheck: true }, { ...facets, countries: [], topics: [] });
    const tooMany = await t.gql(`{ articles { facets { people(first: 101) { count } } } }`);
    assert.equal(tooMany.errors?.[0].extensions?.code, "BAD_USER_INPUT");
  });

  it("costs the same number of statements for one entity's facets as for five", async () => {
    const query = (n: number) => `{ articles(first: ${n}, orderBy: { field: PUBLISHED_AT, direction: ASC }) { edges { node { people { articles(first: 1) { facets { countries(first: 3) { count } desks { count } } } } } } } }`;
    const one = await t.gql(query(1));
    const five = await t.gql(query(5));
    assert.equal(one.errors, undefined, JSON.stringify(one.errors));
    assert.ok(Math.abs((five.extensions?.queryStats?.sqlStatements ?? 0) - (one.extensions?.queryStats?.sqlStatements ?? 0)) <= 1);
  });
});

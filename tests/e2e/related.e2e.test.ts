import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DataSource } from "typeorm";
import { Ingestor } from "../../src/ingest/ingest.service";
import { useTestServer, type TestServer } from "../support/server";
import { TEST_DIALECT } from "../support/database";
import { loadFixtures } from "../support/fixtures";

const DAY = 86_400_000;

/**
 * Beside the shared fixtures: an article about Kaja Kallas and Iran ("the Kallas article"), one more
 * article about Kallas alone (rare: two articles in all) and one about Iran alone, a day before and a
 * day after it, and ten more about Iran so that Iran is common.
 */
const STORIES = [
  { headline: "Kallas discusses Iran", body: "Kaja Kallas discussed Iran with ministers.", publishedAt: "2025-08-10T12:00:00Z" },
  { headline: "Kallas visits Brussels", body: "Kaja Kallas visited Brussels for talks.", publishedAt: "2025-08-09T12:00:00Z" },
  { headline: "Iran holds talks", body: "Iran held talks with ministers.", publishedAt: "2025-08-11T12:00:00Z" },
  ...Array.from({ length: 10 }, (_, i) => ({
    headline: `Iran report ${i + 1}`,
    body: `Iran published report number ${i + 1} on its economy.`,
    publishedAt: new Date(Date.parse("2025-09-01T00:00:00Z") + i * DAY).toISOString(),
  })),
];

async function prepare(db: DataSource): Promise<void> {
  await loadFixtures(db);
  const ingestor = await Ingestor.open(db);
  await ingestor.ingest(
    STORIES.map((s) => ({
      source: s.headline,
      article: { ...s, summary: null, url: null, language: "en", desk: "World Desk", publishedAt: new Date(s.publishedAt) },
    })),
  );
}

const RELATED = `query($slug: String!, $first: Int, $after: String, $filter: ArticleFilter) {
  article(slug: $slug) {
    id
    related(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor score sharedEntities { id name } node { id slug headline desk publishedAt mentions { entity { id name } } } }
    }
  }
}`;

/** The slug of the article with this headline. */
async function slugOf(t: TestServer, headline: string): Promise<string> {
  const res = await t.gql(`{ articles(first: 100) { edges { node { slug headline } } } }`);
  const node = res.data.articles.edges.map((e: any) => e.node).find((n: any) => n.headline === headline);
  assert.ok(node, `no article "${headline}"`);
  return node.slug;
}

async function related(t: TestServer, headline: string, variables: Record<string, unknown> = {}) {
  const res = await t.gql(RELATED, { slug: await slugOf(t, headline), first: 100, ...variables });
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  return res.data.article as { id: string; related: any };
}

describe(`Article.related (${TEST_DIALECT})`, () => {
  const t = useTestServer((database) => prepare(database.db));

  it("ranks a story sharing a rare person above one sharing only a common country", async () => {
    const { related: r } = await related(t, "Kallas discusses Iran");
    const headlines = r.edges.map((e: any) => e.node.headline);
    const rare = headlines.indexOf("Kallas visits Brussels");
    const common = headlines.indexOf("Iran holds talks");
    assert.ok(rare >= 0 && common >= 0, headlines.join(" | "));
    assert.ok(rare < common, headlines.join(" | "));
    assert.ok(r.edges[rare].score > r.edges[common].score, `${r.edges[rare].score} vs ${r.edges[common].score}`);
    assert.deepEqual(r.edges[rare].sharedEntities.map((e: any) => e.name), ["Kaja Kallas"]);
    assert.deepEqual(r.edges[common].sharedEntities.map((e: any) => e.name), ["Iran"]);
  });

  it("scores by the documented formula: Σ ln(N / mentionCount) × salience here × salience there, decayed by the time between", async () => {
    // An independent computation from what the API shows: mentions, mention counts and dates.
    const slug = await slugOf(t, "Kallas discusses Iran");
    const res = await t.gql(
      `query($slug: String!) {
        articles(first: 0) { totalCount }
        article(slug: $slug) {
          publishedAt
          mentions { salience entity { id mentionCount } }
          related(first: 100) { edges { score node { publishedAt mentions { salience entity { id } } } } }
        }
      }`,
      { slug },
    );
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const n = Number(res.data.articles.totalCount.toPrecision(2)); // N to two significant digits
    const here = new Map<string, { salience: number; count: number }>(
      res.data.article.mentions.map((m: any) => [m.entity.id, { salience: m.salience, count: m.entity.mentionCount }]),
    );
    const thousandths = (s: number) => Math.round(s * 1000) / 1000;
    assert.ok(res.data.article.related.edges.length >= 3);
    for (const edge of res.data.article.related.edges) {
      let sum = 0;
      for (const m of edge.node.mentions) {
        const mine = here.get(m.entity.id);
        if (mine) sum += Math.log(n / mine.count) * thousandths(mine.salience) * thousandths(m.salience);
      }
      const days = Math.abs(Date.parse(edge.node.publishedAt) - Date.parse(res.data.article.publishedAt)) / DAY;
      const expected = (sum * 30) / (30 + days);
      assert.ok(Math.abs(edge.score - expected) < 2e-6, `score ${edge.score}, formula ${expected}`);
    }
  });

  it("never returns the article itself", async () => {
    const res = await t.gql(`{ articles(first: 100) { edges { node { id related(first: 100) { edges { node { id } } } } } } }`);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const parents = res.data.articles.edges.map((e: any) => e.node);
    assert.ok(parents.length > 20);
    assert.ok(parents.some((p: any) => p.related.edges.length > 0));
    for (const p of parents) assert.ok(!p.related.edges.some((e: any) => e.node.id === p.id), `${p.id} is related to itself`);
  });

  it("applies the filter: every related story mentions both named people", async () => {
    const sample = "Iran seeks stronger Russian support as foreign minister visits Moscow";
    const { id: putin } = (await t.gql(`{ person(slug: "vladimir-putin") { id } }`)).data.person;
    const { id: khamenei } = (await t.gql(`{ person(slug: "ali-khamenei") { id } }`)).data.person;
    const all = (await related(t, sample)).related;
    const { related: r } = await related(t, sample, { filter: { mentioning: ["Putin", "Khamenei"] } });
    assert.deepEqual(r.edges.map((e: any) => e.node.headline).sort(), [
      "Putin and Khamenei speak by phone",
      "Putin receives Araghchi again",
      "Putin, Khamenei and Xi Jinping in joint statement",
    ]);
    for (const e of r.edges) {
      const ids = e.node.mentions.map((m: any) => m.entity.id);
      assert.ok(ids.includes(putin) && ids.includes(khamenei), e.node.headline);
    }
    assert.equal(r.totalCount, 3);
    assert.ok(all.totalCount > r.totalCount, `${all.totalCount} unfiltered`);
    // The same stories, in the same order and with the same scores, as without the filter.
    const unfiltered = all.edges.filter((e: any) => r.edges.some((f: any) => f.node.id === e.node.id));
    assert.deepEqual(r.edges.map((e: any) => [e.node.id, e.score]), unfiltered.map((e: any) => [e.node.id, e.score]));
  });

  it("applies desk, date and exclusion conditions of the filter", async () => {
    const sample = "Iran seeks stronger Russian support as foreign minister visits Moscow";
    const { id: xi } = (await t.gql(`{ person(slug: "xi-jinping") { id } }`)).data.person;
    const after = "2025-07-03T00:00:00Z";
    const { related: r } = await related(t, sample, { filter: { desk: "epn desk", publishedAfter: after, mentionsNone: [xi] } });
    assert.deepEqual(r.edges.map((e: any) => e.node.headline).sort(), ["Putin and Khamenei speak by phone", "Putin receives Araghchi again"]);
    for (const e of r.edges) {
      assert.equal(e.node.desk, "EPN Desk");
      assert.ok(Date.parse(e.node.publishedAt) >= Date.parse(after));
    }
  });

  /** Headlines of the articles a plain article list returns for this filter. */
  async function matching(filter: Record<string, unknown>): Promise<Set<string>> {
    const res = await t.gql(`query($filter: ArticleFilter) { articles(first: 100, filter: $filter) { edges { node { headline } } } }`, { filter });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return new Set(res.data.articles.edges.map((e: any) => e.node.headline));
  }

  it("applies a search: the related stories whose text matches it, as the article list finds them", async () => {
    const sample = "Iran seeks stronger Russian support as foreign minister visits Moscow";
    const all: string[] = (await related(t, sample)).related.edges.map((e: any) => e.node.headline as string);
    for (const search of ["Putin", "phone OR Araghchi", "Putin -phone"]) {
      const matches = await matching({ search });
      const expected = all.filter((h: string) => matches.has(h));
      assert.ok(expected.length > 0 && expected.length < all.length, `"${search}" keeps some related stories and drops others`);
      const { related: r } = await related(t, sample, { filter: { search } });
      assert.deepEqual(r.edges.map((e: any) => e.node.headline), expected, search);
      assert.equal(r.totalCount, expected.length);
    }
  });

  it("applies mentionsAtLeast like the article list does", async () => {
    const sample = "Iran seeks stronger Russian support as foreign minister visits Moscow";
    const ids = await Promise.all(
      ["vladimir-putin", "ali-khamenei", "abbas-araghchi"].map(async (slug) => (await t.gql(`{ person(slug: "${slug}") { id } }`)).data.person.id as string),
    );
    const filter = { mentionsAtLeast: { count: 2, of: ids } };
    const matches = await matching(filter);
    const all: string[] = (await related(t, sample)).related.edges.map((e: any) => e.node.headline as string);
    const expected = all.filter((h: string) => matches.has(h));
    assert.ok(expected.length > 0 && expected.length < all.length);
    const { related: r } = await related(t, sample, { filter });
    assert.deepEqual(r.edges.map((e: any) => e.node.headline), expected);
  });

  it("pages without repeats or gaps, in the order of one large page", async () => {
    const sample = "Iran seeks stronger Russian support as foreign minister visits Moscow";
    const whole = (await related(t, sample)).related;
    assert.ok(whole.edges.length >= 6, `${whole.edges.length} related`);
    assert.equal(whole.totalCount, whole.edges.length);
    const scores = whole.edges.map((e: any) => e.score);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), "most related first");
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      assert.ok(pages < 50);
      const { related: r } = await related(t, sample, { first: 2, after });
      seen.push(...r.edges.map((e: any) => e.node.id));
      if (!r.pageInfo.hasNextPage) break;
      after = r.pageInfo.endCursor;
    }
    assert.equal(new Set(seen).size, seen.length, "no story twice");
    assert.deepEqual(seen, whole.edges.map((e: any) => e.node.id));
  });

  it("rejects a cursor of another connection", async () => {
    const articles = await t.gql(`{ articles(first: 1) { pageInfo { endCursor } } }`);
    const res = await t.gql(RELATED, { slug: await slugOf(t, "Kallas discusses Iran"), after: articles.data.articles.pageInfo.endCursor });
    assert.equal(res.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
  });

  it("costs the same SQL statements for the related stories of one article as of five", async () => {
    const query = `query($n: Int) {
      articles(first: $n) { edges { node { headline related(first: 5) {
        totalCount
        edges { score sharedEntities { name } node { headline } }
      } } } }
    }`;
    const one = await t.gql(query, { n: 1 });
    const five = await t.gql(query, { n: 5 });
    assert.equal(one.errors, undefined, JSON.stringify(one.errors));
    assert.equal(five.errors, undefined, JSON.stringify(five.errors));
    const related = (res: any) => res.data.articles.edges.flatMap((e: any) => e.node.related.edges);
    assert.ok(related(five).length > 2 * related(one).length, "five articles really have more related stories");
    const statements = one.extensions?.queryStats?.sqlStatements ?? 0;
    // articles; their mentions with the entities mentioned; the archive size; related pages; related counts;
    // mentions of the related stories (whose shared entities are then known).
    assert.equal(statements, 6);
    assert.equal(five.extensions?.queryStats?.sqlStatements, statements);
  });

  it("costs the same SQL statements with a filter, for one article or all of them", async () => {
    const query = `query($n: Int) {
      articles(first: $n) { edges { node { related(first: 3, filter: { mentioning: ["Iran"], desk: "World Desk" }) {
        edges { node { headline } }
      } } } }
    }`;
    const one = await t.gql(query, { n: 1 });
    const all = await t.gql(query, { n: 100 });
    assert.equal(one.errors, undefined, JSON.stringify(one.errors));
    assert.equal(all.errors, undefined, JSON.stringify(all.errors));
    assert.ok(all.data.articles.edges.length > 20);
    assert.equal(all.extensions?.queryStats?.sqlStatements, one.extensions?.queryStats?.sqlStatements);
  });
});

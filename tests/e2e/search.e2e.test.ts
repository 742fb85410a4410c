import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { DataSource } from "typeorm";
import { Ingestor } from "../../src/ingest/ingest.service";
import { searchDocument } from "../../src/search/search-document";
import { RELEVANCE_CANDIDATES } from "../../src/search/search-query";
import type { ParsedArticle } from "../../src/ingest/page-parser";
import { useTestServer, type GraphQLResponse } from "../support/server";
import { TEST_DIALECT } from "../support/database";
import { loadFixtures } from "../support/fixtures";
import { bearer, TEST_JWT_SECRET } from "../support/tokens";

/** Stories whose words the search tests look for; none of these words is in the sample data or fixtures. */
const STORIES: (Partial<ParsedArticle> & { headline: string; body: string; publishedAt: Date })[] = [
  { headline: "Drone strike hits oil depot", body: "A drone hit an oil depot near the border overnight, officials said.", publishedAt: new Date("2025-09-01T08:00:00Z") },
  { headline: "Markets calm after a week of talks", body: "Investors shrugged off the strike by dock workers as negotiations resumed.", publishedAt: new Date("2025-09-02T08:00:00Z") },
  { headline: "Fuel stored far from the city", body: "The oil was moved to a depot outside town, where the fuel is safer.", publishedAt: new Date("2025-09-03T08:00:00Z") },
  { headline: "Airship museum opens", body: "A restored zeppelin hangs above visitors in the new museum.", publishedAt: new Date("2025-09-04T08:00:00Z") },
  { headline: "Advertising takes to the sky", body: "A blimp carrying a banner circled the stadium on Sunday.", publishedAt: new Date("2025-09-05T08:00:00Z") },
  { headline: "Volcano erupts on remote island", body: "Lava flowed towards the sea and residents left their homes.", publishedAt: new Date("2025-09-06T08:00:00Z") },
  { headline: "Island residents evacuated", body: "Authorities moved residents after the volcano began erupting on Tuesday morning.", publishedAt: new Date("2025-09-07T08:00:00Z") },
  { headline: "Putin discusses grain corridor", body: "Vladimir Putin said the grain corridor across the sea would reopen.", publishedAt: new Date("2025-09-08T08:00:00Z") },
  { headline: "Grain corridor reopens to shipping", body: "Ships used the grain corridor again after weeks of delay.", publishedAt: new Date("2025-09-10T08:00:00Z") },
  { headline: "Café owners protest rent rises", summary: "Owners of the café on the square say the rent has doubled.", body: "They asked the council to step in.", publishedAt: new Date("2025-09-11T08:00:00Z") },
  { headline: "Arctic survey returns", url: "https://news.example/nature/arctic-survey", body: "Researchers counted narwhals along the coast.", publishedAt: new Date("2025-09-12T08:00:00Z") },
  { headline: "Comet visible tonight", url: "https://news.example/science/comet", body: "Astronomers expect the comet to pass close to the horizon, near Jupiter.", publishedAt: new Date("2025-09-13T08:00:00Z") },
  { headline: "Glacier retreat measured", body: "Scientists measured the glacier with satellites.", publishedAt: new Date("2025-09-14T08:00:00Z") },
  // Twelve lighthouse stories for paging: four with the word in the headline, the rest in the body,
  // some with it twice; the texts differ only in a number, so several tie on relevance.
  ...Array.from({ length: 12 }, (_, i) => ({
    headline: i % 3 === 0 ? `Lighthouse keeper ${i} retires` : `Coastal story ${i}`,
    body: `Story ${i}: the old lighthouse stood on the cliff.${i % 2 ? " Visitors photographed the lighthouse." : ""}`,
    publishedAt: new Date(Date.UTC(2025, 9, 1 + i)),
  })),
];

async function loadStories(db: DataSource): Promise<void> {
  await loadFixtures(db);
  const ingestor = await Ingestor.open(db);
  const { rejected } = await ingestor.ingest(
    STORIES.map((s) => ({ source: s.headline, article: { summary: null, desk: "Search Desk", url: null, language: "en", ...s } })),
  );
  assert.deepEqual(rejected, []);
}

const ARTICLES = `query($filter: ArticleFilter, $first: Int, $after: String, $last: Int, $before: String, $orderBy: ArticleOrder) {
  articles(filter: $filter, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id headline publishedAt } }
  }
}`;

const code = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code;

describe(`full-text search (${TEST_DIALECT})`, () => {
  const t = useTestServer((database) => loadStories(database.db), {
    auth: { jwtSecret: TEST_JWT_SECRET, jwksUrl: null, issuer: null, audience: null },
  });
  let editor: Record<string, string>;
  before(async () => {
    editor = await bearer("editor");
  });

  /** Headlines of the articles matching `search` (and any other filter), in the order returned. */
  async function headlines(search: string, filter: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<string[]> {
    const res = await t.gql(ARTICLES, { filter: { search, ...filter }, first: 100, ...extra });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const list = res.data.articles.edges.map((e: any) => e.node.headline);
    assert.equal(res.data.articles.totalCount, list.length, `totalCount of ${search}`);
    return list;
  }

  const sorted = (list: string[]) => [...list].sort();

  it("finds a quoted phrase only with its words together and in order, and bare words anywhere", async () => {
    assert.deepEqual(await headlines('"oil depot"'), ["Drone strike hits oil depot"]);
    assert.deepEqual(sorted(await headlines("oil depot")), ["Drone strike hits oil depot", "Fuel stored far from the city"]);
    assert.deepEqual(await headlines('"depot oil"'), []);
  });

  it("requires every word, and either side of an OR", async () => {
    assert.deepEqual(await headlines("zeppelin blimp"), []);
    assert.deepEqual(sorted(await headlines("zeppelin OR blimp")), ["Advertising takes to the sky", "Airship museum opens"]);
    // OR binds tighter than the implicit AND: museum AND (zeppelin OR blimp).
    assert.deepEqual(await headlines("museum zeppelin OR blimp"), ["Airship museum opens"]);
    assert.deepEqual(await headlines("blimp OR museum stadium"), ["Advertising takes to the sky"]);
  });

  it("leaves out articles with an excluded word or phrase", async () => {
    assert.deepEqual(await headlines("depot -drone"), ["Fuel stored far from the city"]);
    assert.deepEqual(await headlines('depot -"oil depot"'), ["Fuel stored far from the city"]);
    assert.deepEqual(await headlines("depot -nothingatall"), await headlines("depot"));
  });

  it("matches other forms of a word, and ignores case and accents", async () => {
    const strikes = await headlines("strikes");
    assert.ok(strikes.includes("Drone strike hits oil depot"), strikes.join(" | "));
    assert.ok(strikes.includes("Markets calm after a week of talks"), strikes.join(" | "));
    assert.deepEqual(sorted(await headlines("erupted")), ["Island residents evacuated", "Volcano erupts on remote island"]);
    for (const search of ["cafe", "CAFÉ", "Café owners"]) assert.deepEqual(await headlines(search), ["Café owners protest rent rises"], search);
  });

  it("ranks headline matches above matches in the body alone", async () => {
    assert.deepEqual(await headlines("volcano"), ["Volcano erupts on remote island", "Island residents evacuated"]);
    const strike = await headlines("strike");
    assert.ok(strike.indexOf("Drone strike hits oil depot") < strike.indexOf("Markets calm after a week of talks"), strike.join(" | "));
    const lighthouse = await headlines("lighthouse");
    assert.equal(lighthouse.length, 12);
    assert.deepEqual(sorted(lighthouse.slice(0, 4)), sorted(lighthouse.filter((h) => h.startsWith("Lighthouse"))));
  });

  it("orders by date instead when orderBy asks for it, and by relevance when it says RELEVANCE", async () => {
    assert.deepEqual(await headlines("volcano", {}, { orderBy: { field: "PUBLISHED_AT", direction: "DESC" } }), ["Island residents evacuated", "Volcano erupts on remote island"]);
    assert.deepEqual(await headlines("volcano", {}, { orderBy: { field: "PUBLISHED_AT", direction: "ASC" } }), ["Volcano erupts on remote island", "Island residents evacuated"]);
    assert.deepEqual(await headlines("volcano", {}, { orderBy: { field: "RELEVANCE", direction: "DESC" } }), ["Volcano erupts on remote island", "Island residents evacuated"]);
    assert.deepEqual(await headlines("volcano", {}, { orderBy: { field: "RELEVANCE", direction: "ASC" } }), ["Island residents evacuated", "Volcano erupts on remote island"]);
    // With an exclusion, relevance is ranked against the wanted words alone (and by date it is not ranked).
    assert.deepEqual(await headlines("volcano -lava", {}, { orderBy: { field: "PUBLISHED_AT", direction: "DESC" } }), ["Island residents evacuated"]);
    assert.deepEqual(await headlines("island -lava", {}, { orderBy: { field: "RELEVANCE", direction: "DESC" } }), ["Island residents evacuated"]);
  });

  it("combines with mention, date and desk filters, and inside an entity's articles", async () => {
    assert.deepEqual(sorted(await headlines('"grain corridor"')), ["Grain corridor reopens to shipping", "Putin discusses grain corridor"]);
    assert.deepEqual(await headlines('"grain corridor"', { mentioning: ["Putin"] }), ["Putin discusses grain corridor"]);
    assert.deepEqual(await headlines('"grain corridor"', { publishedAfter: "2025-09-09T00:00:00Z" }), ["Grain corridor reopens to shipping"]);
    assert.deepEqual(await headlines('"grain corridor"', { publishedBefore: "2025-09-09T00:00:00Z" }), ["Putin discusses grain corridor"]);
    assert.deepEqual(await headlines("grain", { desk: "search desk", mentioning: ["Putin"], publishedAfter: "2025-09-01T00:00:00Z" }), ["Putin discusses grain corridor"]);
    assert.deepEqual(await headlines("grain", { desk: "World Desk" }), []);

    const putin = await t.gql(`{ person(slug: "vladimir-putin") { articles(first: 10, filter: { search: "grain OR zeppelin" }) { totalCount edges { node { headline } } } } }`);
    assert.equal(putin.errors, undefined, JSON.stringify(putin.errors));
    assert.deepEqual(putin.data.person.articles.edges.map((e: any) => e.node.headline), ["Putin discusses grain corridor"]);
    assert.equal(putin.data.person.articles.totalCount, 1);
  });

  it("pages through results by relevance without repeats or gaps, forward and backward", async () => {
    const all = (await t.gql(ARTICLES, { filter: { search: "lighthouse" }, first: 100 })).data.articles;
    const ids = all.edges.map((e: any) => e.node.id);
    assert.equal(ids.length, 12);

    const forward: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res: GraphQLResponse = await t.gql(ARTICLES, { filter: { search: "lighthouse" }, first: 5, after });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      const conn = res.data.articles;
      assert.equal(conn.totalCount, 12);
      forward.push(...conn.edges.map((e: any) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    assert.deepEqual(forward, ids);

    const backward: string[] = [];
    let before: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res: GraphQLResponse = await t.gql(ARTICLES, { filter: { search: "lighthouse" }, last: 5, before });
      const conn = res.data.articles;
      backward.unshift(...conn.edges.map((e: any) => e.node.id));
      if (!conn.pageInfo.hasPreviousPage) break;
      before = conn.pageInfo.startCursor;
    }
    assert.deepEqual(backward, ids);

    // A relevance cursor belongs to its ordering.
    const dated = await t.gql(ARTICLES, { filter: { search: "lighthouse" }, first: 5, after: all.edges[2].cursor, orderBy: { field: "PUBLISHED_AT", direction: "DESC" } });
    assert.equal(code(dated), "BAD_USER_INPUT");
  });

  it("finds an article by its new words, not its old ones, after an editor changes it", async () => {
    const [before] = (await t.gql(ARTICLES, { filter: { search: "narwhals" }, first: 5 })).data.articles.edges;
    assert.ok(before, "the story is found by its original words");
    const update = await t.gql(
      `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { id body } } }`,
      { input: { id: before.node.id, body: "Researchers counted walruses along the coast." } },
      editor,
    );
    assert.equal(update.errors, undefined, JSON.stringify(update.errors));
    assert.deepEqual(await headlines("narwhal"), []);
    assert.deepEqual(await headlines("walruses"), ["Arctic survey returns"]);
    // Changing only the date leaves the text searchable.
    await t.gql(`mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { id } } }`, { input: { id: before.node.id, publishedAt: "2025-09-12T10:00:00Z" } }, editor);
    assert.deepEqual(await headlines("walruses"), ["Arctic survey returns"]);
  });

  it("finds a re-ingested article by its new words, not its old ones", async () => {
    assert.deepEqual(await headlines("jupiter"), ["Comet visible tonight"]);
    const record = { url: "https://news.example/science/comet", headline: "Comet visible tonight", body: "Astronomers expect the comet to pass close to the horizon, near Saturn.", publishedAt: "2025-09-13T08:00:00Z" };
    const res = await t.gql(`mutation($input: IngestArticleInput!) { ingestArticle(input: $input) { status } }`, { input: { format: "JSON", content: JSON.stringify(record) } }, editor);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.equal(res.data.ingestArticle.status, "UPDATED");
    assert.deepEqual(await headlines("jupiter"), []);
    assert.deepEqual(await headlines("saturn"), ["Comet visible tonight"]);
  });

  it("forgets deleted articles", async () => {
    const [found] = (await t.gql(ARTICLES, { filter: { search: "glacier" }, first: 5 })).data.articles.edges;
    assert.ok(found);
    const del = await t.gql(`mutation($id: ID!) { deleteArticle(input: { id: $id }) { deletedArticleId } }`, { id: found.node.id }, editor);
    assert.equal(del.errors, undefined, JSON.stringify(del.errors));
    assert.deepEqual(await headlines("glacier"), []);
    assert.deepEqual(await headlines("satellites"), []);
  });

  it("keeps the search index exactly in step with the articles", async () => {
    const db = t.database.db;
    if (TEST_DIALECT === "sqlite") {
      // Checks the index against the article table (the external content), row by row; throws when they differ.
      await db.query(`INSERT INTO article_fts (article_fts, rank) VALUES ('integrity-check', 1)`);
      const triggers = await db.query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'article' ORDER BY name`);
      assert.deepEqual(triggers.map((r: any) => r.name), ["article_fts_delete", "article_fts_insert", "article_fts_update"]);
    } else {
      // Every document is the one newsgraph builds from the article's text as stored now.
      const articles: { id: number; headline: string; summary: string | null; body: string }[] = await db.query(`SELECT "id", "headline", "summary", "body" FROM article`);
      const [row] = await db.query(
        `SELECT (SELECT COUNT(*) FROM article) AS articles, (SELECT COUNT(*) FROM article_search) AS documents,` +
          ` (SELECT COUNT(*) FROM article_search s JOIN unnest($1::int[], $2::tsvector[]) AS e("id", "document") ON e."id" = s."articleId" WHERE s."document" = e."document") AS current`,
        [articles.map((a) => a.id), articles.map((a) => searchDocument(a))],
      );
      assert.equal(Number(row.documents), Number(row.articles));
      assert.equal(Number(row.current), Number(row.articles));
      // The words searches check first are the document's lexemes, as PostgreSQL's strip() gives them.
      const [words] = await db.query(`SELECT COUNT(*) AS n FROM article_search WHERE "words" IS DISTINCT FROM strip("document")`);
      assert.equal(Number(words.n), 0);
    }
  });

  it("rejects searches with nothing to look for as BAD_USER_INPUT naming the problem", async () => {
    const cases: [string, RegExp][] = [
      ["", /is empty/],
      ["   ", /is empty/],
      ["!!! ...", /no word or phrase/],
      ["-volcano", /only excludes/],
      ["x".repeat(501), /longer than 500 characters/],
      [Array.from({ length: 33 }, (_, i) => `w${i}`).join(" "), /at most 32/],
    ];
    for (const [search, message] of cases) {
      const res = await t.gql(ARTICLES, { filter: { search }, first: 5 });
      assert.equal(code(res), "BAD_USER_INPUT", search);
      assert.match(res.errors![0].message, /^`filter\.search` /);
      assert.match(res.errors![0].message, message);
    }
    const relevance = await t.gql(ARTICLES, { orderBy: { field: "RELEVANCE", direction: "DESC" }, first: 5 });
    assert.equal(code(relevance), "BAD_USER_INPUT");
    assert.match(relevance.errors![0].message, /needs `filter.search`/);
  });

  it("runs the same number of SQL statements for one entity's search results as for five", async () => {
    const slugs = ["vladimir-putin", "ali-khamenei", "xi-jinping", "donald-trump", "abbas-araghchi"];
    const ids = await Promise.all(slugs.map(async (slug) => (await t.gql(`{ person(slug: "${slug}") { id } }`)).data.person.id));
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Person { name articles(first: 2, filter: { search: "grain OR museum OR talks" }) { totalCount edges { node { headline } } } } } }`;
    const one = await t.gql(query, { ids: ids.slice(0, 1) });
    const five = await t.gql(query, { ids });
    assert.equal(five.errors, undefined, JSON.stringify(five.errors));
    assert.deepEqual(one.data.nodes[0].articles.edges.map((e: any) => e.node.headline), ["Putin discusses grain corridor"]);
    assert.deepEqual(five.data.nodes[0], one.data.nodes[0]);
    assert.equal(five.extensions?.queryStats?.sqlStatements, one.extensions?.queryStats?.sqlStatements);
  });

  it("treats FTS5 and tsquery syntax in a search as plain text", async () => {
    for (const search of ['headline:volcano', 'NEAR(volcano lava)', 'volc*', '^volcano', "volcano & !lava | (", "'volcano'", "volcano)"]) {
      const res = await t.gql(ARTICLES, { filter: { search }, first: 5 });
      assert.equal(res.errors, undefined, `${search}: ${JSON.stringify(res.errors)}`);
    }
    assert.deepEqual(await headlines("volcano)"), await headlines("volcano"));
  });
});

describe(`Query.search (${TEST_DIALECT})`, () => {
  const t = useTestServer((database) => loadStories(database.db));

  const SEARCH = `query($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      query
      entities { __typename id name mentionCount }
      articles { totalCount pageInfo { hasNextPage endCursor } edges { node { headline } } }
    }
  }`;

  it("suggests entities whose name or alias begins with the text, ignoring case and accents", async () => {
    for (const query of ["khame", "Khamenei", "KHAMENEÍ", "ali khamen", "ayatollah"]) {
      const res = await t.gql(SEARCH, { query });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      assert.equal(res.data.search.entities[0]?.name, "Ali Khamenei", query);
    }
    const ali = await t.gql(SEARCH, { query: "ali" });
    const names = ali.data.search.entities.map((e: any) => e.name);
    assert.equal(names.filter((n: string) => n === "Ali Khamenei").length, 1, "each entity once, though several of its names match");
    const counts = ali.data.search.entities.map((e: any) => e.mentionCount);
    assert.deepEqual(counts, [...counts].sort((x, y) => y - x), "most mentioned first");
  });

  it("returns ranked articles as a connection, with the entities", async () => {
    const res = await t.gql(SEARCH, { query: "volcano", first: 1 });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const { articles, entities, query } = res.data.search;
    assert.equal(query, "volcano");
    assert.deepEqual(articles.edges.map((e: any) => e.node.headline), ["Volcano erupts on remote island"]);
    assert.equal(articles.totalCount, 2);
    assert.equal(articles.pageInfo.hasNextPage, true);
    assert.deepEqual(entities, []);
    const next = await t.gql(`query($after: String) { search(query: "volcano") { articles(first: 5, after: $after) { edges { node { headline } } } } }`, { after: articles.pageInfo.endCursor });
    assert.deepEqual(next.data.search.articles.edges.map((e: any) => e.node.headline), ["Island residents evacuated"]);
  });

  it("limits entities to first, and reads the query as understood", async () => {
    const res = await t.gql(SEARCH, { query: "a", first: 3 });
    assert.equal(res.data.search.entities.length, 3);
    const understood = await t.gql(`{ search(query: "  grain   corridor OR  \\"sea lane\\" -putin OR") { query } }`);
    assert.equal(understood.data.search.query, 'grain corridor OR "sea lane" -putin');
  });

  it("runs a fixed number of SQL statements", async () => {
    const res = await t.gql(SEARCH, { query: "Putin" });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.equal(res.data.search.entities[0].name, "Vladimir Putin");
    // The article page, its count, the entities.
    assert.equal(res.extensions?.queryStats?.sqlStatements, 3);
  });

  it("rejects an empty query or a bad first as BAD_USER_INPUT", async () => {
    for (const variables of [{ query: "" }, { query: "  " }, { query: "-putin" }, { query: "putin", first: -1 }, { query: "putin", first: 101 }]) {
      const res = await t.gql(SEARCH, variables);
      assert.equal(code(res), "BAD_USER_INPUT", JSON.stringify(variables));
    }
  });
});

describe(`relevance over a word in more than ${RELEVANCE_CANDIDATES} articles (${TEST_DIALECT})`, () => {
  // RELEVANCE_CANDIDATES + 5 stories with "quokka" in the body, one a day; the oldest also has it in
  // the headline, twice, so it would rank first if every match were ranked.
  const count = RELEVANCE_CANDIDATES + 5;
  const t = useTestServer(async (database) => {
    const ingestor = await Ingestor.open(database.db);
    const { rejected } = await ingestor.ingest(
      Array.from({ length: count }, (_, i) => ({
        source: `quokka-${i}`,
        article: {
          headline: i === 0 ? "Quokka census: quokka numbers rise" : `Island note ${i}`,
          summary: null,
          body: `Note ${i}: a quokka was seen near the jetty.`,
          desk: null,
          url: null,
          language: "en",
          publishedAt: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000),
        },
      })),
    );
    assert.deepEqual(rejected, []);
  });

  async function all(orderBy: Record<string, string> | null): Promise<{ headlines: string[]; totalCount: number }> {
    const headlines: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (let pages = 0; pages < 20; pages++) {
      const res: GraphQLResponse = await t.gql(ARTICLES, { filter: { search: "quokka" }, first: 100, after, orderBy });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      totalCount = res.data.articles.totalCount;
      headlines.push(...res.data.articles.edges.map((e: any) => e.node.headline));
      if (!res.data.articles.pageInfo.hasNextPage) break;
      after = res.data.articles.pageInfo.endCursor;
    }
    return { headlines, totalCount };
  }

  it(`ranks the ${RELEVANCE_CANDIDATES} newest matches, while totalCount counts them all`, async () => {
    const ranked = await all(null);
    assert.equal(ranked.totalCount, count);
    assert.equal(ranked.headlines.length, RELEVANCE_CANDIDATES);
    assert.equal(new Set(ranked.headlines).size, RELEVANCE_CANDIDATES, "no repeats");
    assert.ok(!ranked.headlines.includes("Quokka census: quokka numbers rise"), "the oldest match is past the ranked ones");
    assert.ok(ranked.headlines.includes(`Island note ${count - 1}`) && ranked.headlines.includes(`Island note ${count - RELEVANCE_CANDIDATES}`));
    assert.ok(!ranked.headlines.includes(`Island note ${count - RELEVANCE_CANDIDATES - 1}`));
  });

  it("pages through every match newest first", async () => {
    const dated = await all({ field: "PUBLISHED_AT", direction: "DESC" });
    assert.equal(dated.headlines.length, count);
    assert.equal(dated.headlines[count - 1], "Quokka census: quokka numbers rise");
  });
});

describe(`ArticleFilter.mentionsAtLeast (${TEST_DIALECT})`, () => {
  const t = useTestServer((database) => loadFixtures(database.db));

  async function ids(): Promise<Record<string, string>> {
    const res = await t.gql(`{
      putin: person(slug: "vladimir-putin") { id }
      khamenei: person(slug: "ali-khamenei") { id }
      xi: person(slug: "xi-jinping") { id }
      trump: person(slug: "donald-trump") { id }
      iran: country(code: "IR") { id }
    }`);
    return Object.fromEntries(Object.entries(res.data).map(([k, v]: [string, any]) => [k, v.id]));
  }

  /** Every article with the ids of the entities it mentions, newest first. */
  async function everything(): Promise<{ id: string; mentions: string[] }[]> {
    const res = await t.gql(`{ articles(first: 100) { edges { node { id mentions { entity { id } } } } } }`);
    return res.data.articles.edges.map((e: any) => ({ id: e.node.id, mentions: e.node.mentions.map((m: any) => m.entity.id) }));
  }

  async function matching(filter: Record<string, unknown>, scope?: string): Promise<{ ids: string[]; totalCount: number }> {
    const res = scope
      ? await t.gql(`query($id: ID!, $filter: ArticleFilter) { node(id: $id) { ... on Entity { articles(first: 100, filter: $filter) { totalCount edges { node { id } } } } } }`, { id: scope, filter })
      : await t.gql(`query($filter: ArticleFilter) { articles(first: 100, filter: $filter) { totalCount edges { node { id } } } }`, { filter });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const conn = scope ? res.data.node.articles : res.data.articles;
    return { ids: conn.edges.map((e: any) => e.node.id), totalCount: conn.totalCount };
  }

  it("returns exactly the articles that mention at least count of the listed entities, newest first", async () => {
    const { putin, khamenei, xi, trump } = await ids();
    const of = [putin, khamenei, xi, trump];
    const articles = await everything();
    for (const count of [1, 2, 3, 4]) {
      const expected = articles.filter((a) => of.filter((id) => a.mentions.includes(id)).length >= count).map((a) => a.id);
      const got = await matching({ mentionsAtLeast: { count, of } });
      assert.deepEqual(got.ids, expected, `count ${count}`);
      assert.equal(got.totalCount, expected.length);
    }
    // The fixtures have articles with exactly 2 and 3 of these four, so the counts above tell them apart.
    assert.ok((await matching({ mentionsAtLeast: { count: 2, of } })).ids.length > (await matching({ mentionsAtLeast: { count: 3, of } })).ids.length);
  });

  it("equals mentionsAll when count is all of them and mentionsAny when it is one", async () => {
    const { putin, khamenei, xi } = await ids();
    assert.deepEqual(await matching({ mentionsAtLeast: { count: 3, of: [putin, khamenei, xi] } }), await matching({ mentionsAll: [putin, khamenei, xi] }));
    assert.deepEqual(await matching({ mentionsAtLeast: { count: 1, of: [khamenei, xi] } }), await matching({ mentionsAny: [khamenei, xi] }));
    // The same inside an entity's articles, where the entity's index range drives and the rest are probes.
    const { iran } = await ids();
    const within = await matching({ mentionsAtLeast: { count: 1, of: [khamenei, xi] } }, iran);
    assert.ok(within.ids.length > 0);
    assert.deepEqual(within, await matching({ mentionsAny: [khamenei, xi] }, iran));
    assert.deepEqual(await matching({ mentionsAtLeast: { count: 2, of: [putin, khamenei] } }, iran), await matching({ mentionsAll: [putin, khamenei] }, iran));
  });

  it("combines with an entity's articles and other filters", async () => {
    const { putin, khamenei, xi, iran } = await ids();
    const articles = await everything();
    const expected = articles
      .filter((a) => a.mentions.includes(iran) && [putin, khamenei, xi].filter((id) => a.mentions.includes(id)).length >= 2)
      .map((a) => a.id);
    assert.ok(expected.length > 0);
    assert.deepEqual((await matching({ mentionsAtLeast: { count: 2, of: [putin, khamenei, xi] } }, iran)).ids, expected);
    assert.deepEqual((await matching({ mentionsAll: [iran], mentionsAtLeast: { count: 2, of: [putin, khamenei, xi] } })).ids, expected);
    const paged = await t.gql(`query($filter: ArticleFilter) { articles(first: 1, filter: $filter) { totalCount pageInfo { endCursor } edges { node { id } } } }`, { filter: { mentionsAtLeast: { count: 2, of: [putin, khamenei, xi] } } });
    const second = await t.gql(`query($filter: ArticleFilter, $after: String) { articles(first: 1, after: $after, filter: $filter) { edges { node { id } } } }`, { filter: { mentionsAtLeast: { count: 2, of: [putin, khamenei, xi] } }, after: paged.data.articles.pageInfo.endCursor });
    const all = (await matching({ mentionsAtLeast: { count: 2, of: [putin, khamenei, xi] } })).ids;
    assert.deepEqual([paged.data.articles.edges[0].node.id, second.data.articles.edges[0].node.id], all.slice(0, 2));
  });

  it("rejects counts outside 1..number of entities, and more than 20 entities, as BAD_USER_INPUT", async () => {
    const { putin, khamenei } = await ids();
    const many = Array.from({ length: 21 }, (_, i) => Buffer.from(`Person:${i + 1}`).toString("base64url"));
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ count: 0, of: [putin, khamenei] }, /between 1 and/],
      [{ count: 3, of: [putin, khamenei] }, /between 1 and .*\(2\)/],
      [{ count: 2, of: [putin, putin] }, /\(1\)/],
      [{ count: 1, of: [] }, /at least one entity/],
      [{ count: 1, of: many }, /at most 20/],
      [{ count: 1, of: ["not-an-id"] }, /not a valid newsgraph id/],
    ];
    for (const [mentionsAtLeast, message] of cases) {
      const res = await t.gql(`query($filter: ArticleFilter) { articles(first: 5, filter: $filter) { totalCount } }`, { filter: { mentionsAtLeast } });
      assert.equal(code(res), "BAD_USER_INPUT", JSON.stringify(mentionsAtLeast));
      assert.match(res.errors![0].message, message);
    }
  });
});

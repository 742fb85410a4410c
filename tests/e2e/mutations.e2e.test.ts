import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { PROJECT_ROOT } from "../../src/config";
import { useTestServer, type GraphQLResponse } from "../support/server";
import { TEST_DIALECT } from "../support/database";
import { bearer, TEST_JWT_SECRET } from "../support/tokens";
import { assertDerivedCountsMatch } from "../support/invariants";

const code = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code;
const SAMPLE = fs.readFileSync(path.join(PROJECT_ROOT, "src", "seed", "pages", "000_964c11292ebcd67f.txt"), "utf8");

const INGEST = `mutation($input: IngestArticleInput!) {
  ingestArticle(input: $input) {
    status
    article { id slug headline url desk publishedAt people { name } countries { code } mentions { count role entity { name } } }
  }
}`;

const HTML_PAGE = `<!doctype html><html lang="en"><head>
<title>Lavrov meets Araghchi | World News</title>
<link rel="canonical" href="https://news.example/world/lavrov-araghchi">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Lavrov meets Araghchi in Moscow","datePublished":"2025-07-20T08:30:00+03:00","author":{"@type":"Person","name":"Jan Nowak"},"description":"Russia and Iran discuss the talks."}</script>
</head><body><nav><a href="/">Home</a></nav><article><h1>Lavrov meets Araghchi in Moscow</h1>
<p>Russian Foreign Minister Sergey Lavrov met Iranian Foreign Minister Abbas Araghchi in Moscow on Sunday.</p>
<p>Foreign Ministry spokeswoman Maria Kowalski said the diplomatic talks would continue. Ms Kowalski gave no date.</p>
<p>Lavrov said Russia supports diplomacy over military action.</p></article><footer>© News</footer></body></html>`;

describe(`mutations for editors (${TEST_DIALECT})`, () => {
  const t = useTestServer(undefined, { auth: { jwtSecret: TEST_JWT_SECRET, jwksUrl: null, issuer: null, audience: null } });
  let editor: Record<string, string>;
  before(async () => {
    editor = await bearer("editor");
  });

  it("refuses mutations without a token (UNAUTHENTICATED) and with a reader's token (FORBIDDEN)", async () => {
    const input = { format: "HTML", content: HTML_PAGE };
    assert.equal(code(await t.gql(INGEST, { input })), "UNAUTHENTICATED");
    assert.equal(code(await t.gql(INGEST, { input }, await bearer("reader"))), "FORBIDDEN");
    assert.equal(code(await t.gql(INGEST, { input }, await bearer("editor", { secret: "another-secret-another-secret-0000" }))), "UNAUTHENTICATED");
    assert.equal(code(await t.gql(INGEST, { input }, { authorization: "Basic abc" })), "UNAUTHENTICATED");
    const expired = await bearer("editor", { expiresIn: "-1m" });
    const res = await t.gql(INGEST, { input }, expired);
    assert.equal(code(res), "UNAUTHENTICATED");
    assert.match(res.errors?.[0].message ?? "", /expired/);
    // Nothing was stored by the refused calls.
    const stored = await t.gql(`{ article(url: "https://news.example/world/lavrov-araghchi") { id } }`);
    assert.equal(stored.data.article, null);
  });

  it("keeps reads public whatever the token", async () => {
    const res = await t.gql(`{ articles(first: 1) { totalCount } }`, undefined, { authorization: "Bearer not-a-token" });
    assert.equal(res.errors, undefined);
  });

  it("ingests an HTML page, links it and discovers an unknown person", async () => {
    const res = await t.gql(INGEST, { input: { format: "HTML", content: HTML_PAGE } }, editor);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const { status, article } = res.data.ingestArticle;
    assert.equal(status, "NEW");
    assert.equal(article.headline, "Lavrov meets Araghchi in Moscow");
    assert.equal(article.url, "https://news.example/world/lavrov-araghchi");
    assert.equal(article.publishedAt, "2025-07-20T05:30:00.000Z");
    const people = article.people.map((p: { name: string }) => p.name);
    for (const name of ["Sergey Lavrov", "Abbas Araghchi", "Maria Kowalski"]) assert.ok(people.includes(name), name);
    assert.deepEqual(article.countries.map((c: { code: string }) => c.code).sort(), ["IR", "RU"]);
    const kowalski = await t.gql(`{ person(slug: "maria-kowalski") { status mentionCount } }`);
    assert.deepEqual(kowalski.data.person, { status: "UNVERIFIED", mentionCount: 1 });
  });

  it("updates in place when the same page is ingested again", async () => {
    const again = await t.gql(INGEST, { input: { format: "HTML", content: HTML_PAGE } }, editor);
    assert.equal(again.data.ingestArticle.status, "UNCHANGED");
    const changed = HTML_PAGE.replace("on Sunday", "on Sunday evening");
    const updated = await t.gql(INGEST, { input: { format: "HTML", content: changed } }, editor);
    assert.equal(updated.data.ingestArticle.status, "UPDATED");
    assert.equal(updated.data.ingestArticle.article.id, again.data.ingestArticle.article.id);
    const lavrov = await t.gql(`{ person(slug: "sergey-lavrov") { mentionCount articles(first: 10) { totalCount } } }`);
    assert.equal(lavrov.data.person.mentionCount, lavrov.data.person.articles.totalCount);
    assert.equal(lavrov.data.person.mentionCount, 1);
  });

  it("ingests scraped text and JSON records, and names what is wrong with a bad one", async () => {
    const text = await t.gql(INGEST, { input: { format: "TEXT", content: SAMPLE } }, editor);
    assert.equal(text.data.ingestArticle.status, "UNCHANGED", "the sample page is already stored");
    const record = { url: "https://news.example/r/1", headline: "Putin and Xi Jinping talk", body: "Vladimir Putin spoke to Xi Jinping.", publishedAt: "2025-07-21T10:00:00Z" };
    const json = await t.gql(INGEST, { input: { format: "JSON", content: JSON.stringify(record) } }, editor);
    assert.equal(json.data.ingestArticle.status, "NEW");
    const bad = await t.gql(INGEST, { input: { format: "JSON", content: JSON.stringify({ ...record, body: "" }) } }, editor);
    assert.equal(code(bad), "BAD_USER_INPUT");
    assert.match(bad.errors?.[0].message ?? "", /body/);
    const notJson = await t.gql(INGEST, { input: { format: "JSON", content: "{oops" } }, editor);
    assert.equal(code(notJson), "BAD_USER_INPUT");
    const badUrl = await t.gql(INGEST, { input: { format: "TEXT", content: SAMPLE, url: "ftp://x" } }, editor);
    assert.equal(code(badUrl), "BAD_USER_INPUT");
    assert.equal(badUrl.errors?.[0].extensions?.fields?.[0]?.field, "input.url");
  });

  it("updates an article and re-links it; deleting it lowers the entities' counts", async () => {
    const found = await t.gql(`{ article(url: "https://news.example/r/1") { id } putin: person(slug: "vladimir-putin") { mentionCount } }`);
    const id = found.data.article.id;
    const putinBefore = found.data.putin.mentionCount;
    const update = await t.gql(
      `mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { article { id headline people { name } } } }`,
      { input: { id, headline: "Xi Jinping talks to Narendra Modi", body: "Xi Jinping spoke to Narendra Modi about trade." } },
      editor,
    );
    assert.equal(update.errors, undefined, JSON.stringify(update.errors));
    assert.deepEqual(update.data.updateArticle.article.people.map((p: { name: string }) => p.name).sort(), ["Narendra Modi", "Xi Jinping"]);
    const putin = await t.gql(`{ person(slug: "vladimir-putin") { mentionCount } }`);
    assert.equal(putin.data.person.mentionCount, putinBefore - 1);
    const modiBefore = (await t.gql(`{ person(slug: "narendra-modi") { mentionCount } }`)).data.person.mentionCount;
    const del = await t.gql(`mutation($id: ID!) { deleteArticle(input: { id: $id }) { deletedArticleId } }`, { id }, editor);
    assert.equal(del.data.deleteArticle.deletedArticleId, id);
    const after = await t.gql(`query($id: ID!) { node(id: $id) { id } person(slug: "narendra-modi") { mentionCount } }`, { id });
    assert.equal(after.data.node, null);
    assert.equal(after.data.person.mentionCount, modiBefore - 1);
    const again = await t.gql(`mutation($id: ID!) { deleteArticle(input: { id: $id }) { deletedArticleId } }`, { id }, editor);
    assert.equal(code(again), "NOT_FOUND");
  });

  it("creates, confirms and renames people, refusing duplicates", async () => {
    const iran = (await t.gql(`{ country(code: "IR") { id } }`)).data.country.id;
    const create = await t.gql(
      `mutation($input: CreatePersonInput!) { createPerson(input: $input) { person { id slug status nationality { code } aliases } } }`,
      { input: { name: "Esmaeil Baghaei", aliases: ["Baghaei", " ", "Baghaei"], nationality: iran, description: "Spokesman of Iran's Foreign Ministry" } },
      editor,
    );
    assert.equal(create.errors, undefined, JSON.stringify(create.errors));
    assert.deepEqual(create.data.createPerson.person.aliases, ["Baghaei"]);
    assert.equal(create.data.createPerson.person.status, "VERIFIED");
    assert.equal(create.data.createPerson.person.nationality.code, "IR");
    const found = await t.gql(`{ articles(filter: { mentioning: ["baghaei"] }) { totalCount } }`);
    assert.equal(found.errors, undefined, "the new alias resolves in filters at once");
    const duplicate = await t.gql(`mutation { createPerson(input: { name: "Esmaeil Baghaei" }) { person { id } } }`, undefined, editor);
    assert.equal(code(duplicate), "BAD_USER_INPUT");
    const invalid = await t.gql(`mutation { createPerson(input: { name: "", wikidataId: "X1" }) { person { id } } }`, undefined, editor);
    assert.equal(code(invalid), "BAD_USER_INPUT");
    assert.deepEqual(invalid.errors?.[0].extensions?.fields.map((f: { field: string }) => f.field).sort(), ["input.name", "input.wikidataId"]);

    const kowalski = (await t.gql(`{ person(slug: "maria-kowalski") { id } }`)).data.person.id;
    const confirm = await t.gql(
      `mutation($id: ID!) { updatePerson(input: { id: $id, name: "Maria Kowalska", aliases: ["Maria Kowalski"], status: VERIFIED }) { person { slug status aliases mentionCount } } }`,
      { id: kowalski },
      editor,
    );
    assert.deepEqual(confirm.data.updatePerson.person, { slug: "maria-kowalska", status: "VERIFIED", aliases: ["Maria Kowalski"], mentionCount: 1 });
    const byOldName = await t.gql(`{ articles(filter: { mentioning: ["Maria Kowalski"] }) { totalCount } }`);
    assert.equal(byOldName.data.articles.totalCount, 1);
  });

  it("merges a duplicate person: mentions, names and counts move to the one kept", async () => {
    const dup = await t.gql(`mutation { createPerson(input: { name: "S. Lavrov" }) { person { id } } }`, undefined, editor);
    const lavrov = (await t.gql(`{ person(slug: "sergey-lavrov") { id mentionCount } }`)).data.person;
    const article = (await t.gql(`{ article(url: "https://news.example/world/lavrov-araghchi") { id } }`)).data.article.id;
    // The duplicate gets its own edge on an article that also names Lavrov, and one alone.
    const set = await t.gql(
      `mutation($a: ID!, $e: ID!) { setMention(input: { article: $a, entity: $e, role: ABOUT, count: 2 }) { mention { count role } } }`,
      { a: article, e: dup.data.createPerson.person.id },
      editor,
    );
    assert.deepEqual(set.data.setMention.mention, { count: 2, role: "ABOUT" });
    const merged = await t.gql(
      `mutation($keep: ID!, $remove: ID!) { mergeEntities(input: { keep: $keep, remove: $remove }) { removedEntityId entity { name aliases mentionCount } } }`,
      { keep: lavrov.id, remove: dup.data.createPerson.person.id },
      editor,
    );
    assert.equal(merged.errors, undefined, JSON.stringify(merged.errors));
    const entity = merged.data.mergeEntities.entity;
    assert.ok(entity.aliases.includes("S. Lavrov"));
    assert.equal(entity.mentionCount, lavrov.mentionCount, "one article named both: still one edge");
    const edge = await t.gql(`query($id: ID!) { node(id: $id) { ... on Article { mentions { count role entity { name } } } } }`, { id: article });
    const lavrovEdge = edge.data.node.mentions.find((m: { entity: { name: string } }) => m.entity.name === "Sergey Lavrov");
    assert.equal(lavrovEdge.role, "ABOUT");
    assert.ok(lavrovEdge.count >= 3);
    const gone = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: merged.data.mergeEntities.removedEntityId });
    assert.equal(gone.data.node, null);
    const wrongKind = await t.gql(
      `mutation($keep: ID!, $remove: ID!) { mergeEntities(input: { keep: $keep, remove: $remove }) { removedEntityId } }`,
      { keep: lavrov.id, remove: (await t.gql(`{ country(code: "IR") { id } }`)).data.country.id },
      editor,
    );
    assert.equal(code(wrongKind), "BAD_USER_INPUT");
  });

  it("removes a mention and keeps counts exact; a failed mutation changes nothing", async () => {
    const article = (await t.gql(`{ article(url: "https://news.example/world/lavrov-araghchi") { id } }`)).data.article.id;
    const russia = (await t.gql(`{ country(code: "RU") { id mentionCount } }`)).data.country;
    const removed = await t.gql(
      `mutation($a: ID!, $e: ID!) { removeMention(input: { article: $a, entity: $e }) { removed article { countries { code } } } }`,
      { a: article, e: russia.id },
      editor,
    );
    assert.equal(removed.data.removeMention.removed, true);
    assert.ok(!removed.data.removeMention.article.countries.some((c: { code: string }) => c.code === "RU"));
    const after = (await t.gql(`{ country(code: "RU") { mentionCount } }`)).data.country.mentionCount;
    assert.equal(after, russia.mentionCount - 1);
    const twice = await t.gql(`mutation($a: ID!, $e: ID!) { removeMention(input: { article: $a, entity: $e }) { removed } }`, { a: article, e: russia.id }, editor);
    assert.equal(twice.data.removeMention.removed, false);

    // An update whose URL collides with another article fails whole: the headline does not change either.
    const sample = (await t.gql(`{ articles(first: 1, orderBy: { field: PUBLISHED_AT, direction: ASC }) { edges { node { id headline } } } }`)).data.articles.edges[0].node;
    const clash = await t.gql(
      `mutation($id: ID!) { updateArticle(input: { id: $id, headline: "Changed", url: "https://news.example/world/lavrov-araghchi" }) { article { id } } }`,
      { id: sample.id },
      editor,
    );
    assert.equal(code(clash), "BAD_USER_INPUT");
    const unchanged = await t.gql(`query($id: ID!) { node(id: $id) { ... on Article { headline } } }`, { id: sample.id });
    assert.equal(unchanged.data.node.headline, sample.headline);
  });

  it("merges a topic into one of its descendants without making the tree a cycle", async () => {
    const ids = (await t.gql(`{ top: topic(slug: "international-relations") { id parent { name } } leaf: topic(slug: "summit-meeting") { id } }`)).data;
    const merged = await t.gql(
      `mutation($keep: ID!, $remove: ID!) { mergeEntities(input: { keep: $keep, remove: $remove }) { entity { name } } }`,
      { keep: ids.leaf.id, remove: ids.top.id },
      editor,
    );
    assert.equal(merged.errors, undefined, JSON.stringify(merged.errors));
    // Walk up from the kept topic: it must reach a root, having taken the removed topic's place.
    const chain: string[] = [];
    let slug: string | null = "summit-meeting";
    while (slug && chain.length < 10) {
      chain.push(slug);
      const res: GraphQLResponse = await t.gql(`query($s: String!) { topic(slug: $s) { parent { slug } } }`, { s: slug });
      slug = res.data.topic.parent?.slug ?? null;
    }
    assert.ok(chain.length < 10, `no cycle: ${chain.join(" > ")}`);
    assert.deepEqual(chain, ["summit-meeting", "politics-and-government"]);
    const diplomacy = await t.gql(`{ topic(slug: "diplomacy") { parent { slug } } }`);
    assert.equal(diplomacy.data.topic.parent.slug, "summit-meeting");
  });

  it("keeps mention counts and co-mention pairs exact after every kind of edit above", async () => {
    await assertDerivedCountsMatch(t.database.db);
  });
});

describe(`people awaiting review (${TEST_DIALECT})`, () => {
  const t = useTestServer(async (database) => {
    const { ingestOne } = await import("../../src/ingest/ingest.service");
    await ingestOne(database.db, "review", {
      headline: "Talks in Warsaw",
      summary: null,
      body: "Foreign Ministry spokeswoman Maria Kowalski said Poland would host the talks. Ms Kowalski gave no date.",
      desk: "World Desk",
      url: "https://news.example/warsaw",
      language: "en",
      publishedAt: new Date("2025-07-01T00:00:00Z"),
    });
  });

  it("lists UNVERIFIED people for editors, and filters a country's people by status", async () => {
    const res = await t.gql(`{ people(first: 10, filter: { status: UNVERIFIED }) { totalCount edges { node { name status nationality { code } } } } }`);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.deepEqual(res.data.people.edges.map((e: any) => e.node), [{ name: "Maria Kowalski", status: "UNVERIFIED", nationality: null }]);
    assert.equal(res.data.people.totalCount, 1);
    const russia = await t.gql(`{ country(code: "RU") { people(first: 100, filter: { status: VERIFIED }) { totalCount } all: people(first: 0) { totalCount } } }`);
    assert.ok(russia.data.country.people.totalCount > 0);
    assert.equal(russia.data.country.people.totalCount, russia.data.country.all.totalCount);
    const verifiedRussians = await t.gql(`query($ru: ID!) { people(first: 0, filter: { nationality: $ru, status: VERIFIED }) { totalCount } }`, {
      ru: (await t.gql(`{ country(code: "RU") { id } }`)).data.country.id,
    });
    assert.equal(verifiedRussians.data.people.totalCount, russia.data.country.people.totalCount);
  });
});

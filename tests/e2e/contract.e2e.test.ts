import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildSchema, parse, validate } from "graphql";
import { PROJECT_ROOT } from "../../src/config";
import { useTestServer } from "../support/server";
import { TEST_DIALECT } from "../support/database";

/** The public contract, copied from shared/contract (checked identical below when that folder is present). */
const CONTRACT_DIR = path.join(PROJECT_ROOT, "tests", "contract");
const SHARED_DIR = path.join(PROJECT_ROOT, "..", "shared", "contract");
const op = (name: string) => fs.readFileSync(path.join(CONTRACT_DIR, name), "utf8");
const SAMPLE_HEADLINE = "Iran seeks stronger Russian support as foreign minister visits Moscow";

describe(`the public contract (${TEST_DIALECT})`, () => {
  const t = useTestServer();

  it("keeps its copy of the contract identical to shared/contract", { skip: !fs.existsSync(SHARED_DIR) }, () => {
    const shared = fs.readdirSync(SHARED_DIR).sort();
    assert.deepEqual(fs.readdirSync(CONTRACT_DIR).sort(), shared);
    for (const file of shared) assert.equal(op(file), fs.readFileSync(path.join(SHARED_DIR, file), "utf8"), file);
  });

  it("validates every operation against the committed schema.graphql", () => {
    const schema = buildSchema(fs.readFileSync(path.join(PROJECT_ROOT, "schema.graphql"), "utf8"));
    for (const file of fs.readdirSync(CONTRACT_DIR).filter((f) => f.endsWith(".graphql"))) {
      assert.deepEqual(validate(schema, parse(op(file))).map(String), [], file);
    }
  });

  it("runs every example operation preloaded in Sandbox without errors", async () => {
    const { EXAMPLE_OPERATIONS } = await import("../../src/examples");
    const names = [...EXAMPLE_OPERATIONS.matchAll(/^query (\w+)/gm)].map((m) => m[1]);
    assert.ok(names.length >= 5);
    for (const operationName of names) {
      const res = await fetch(t.server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: EXAMPLE_OPERATIONS, operationName }),
      });
      const body = (await res.json()) as { errors?: unknown };
      assert.equal(body.errors, undefined, `${operationName}: ${JSON.stringify(body.errors)}`);
    }
  });

  it("01: finds the sample article among related stories mentioning Putin and Khamenei", async () => {
    const res = await t.gql(op("01-related-stories.graphql"));
    assert.equal(res.errors, undefined);
    const { totalCount, edges } = res.data.articles;
    assert.ok(totalCount >= 1);
    const sample = edges.find((e: any) => e.node.headline === SAMPLE_HEADLINE)?.node;
    assert.ok(sample, "sample article is returned");
    assert.equal(sample.desk, "EPN Desk");
    assert.match(sample.publishedAt, /^2025-06-23T/);
    const people = sample.people.map((p: any) => p.name);
    for (const name of ["Vladimir Putin", "Ali Khamenei", "Abbas Araghchi"]) assert.ok(people.includes(name), name);
    const codes = sample.countries.map((c: any) => c.code);
    for (const code of ["IR", "RU", "US", "IL"]) assert.ok(codes.includes(code), code);
    for (const edge of edges) {
      const names = edge.node.people.map((p: any) => p.name);
      assert.ok(names.includes("Vladimir Putin") && names.includes("Ali Khamenei"), edge.node.headline);
    }
  });

  it("02: shows Putin's page with nationality, filtered articles and co-mentions", async () => {
    const res = await t.gql(op("02-person-page.graphql"));
    assert.equal(res.errors, undefined);
    const person = res.data.person;
    assert.equal(person.name, "Vladimir Putin");
    assert.deepEqual(person.nationality, { name: "Russia", code: "RU" });
    assert.ok(person.articles.totalCount >= 1);
    assert.ok(person.articles.edges.some((e: any) => e.node.headline === SAMPLE_HEADLINE));
    const co = person.coMentioned.edges;
    const khamenei = co.find((e: any) => e.node.name === "Ali Khamenei");
    assert.ok(khamenei && khamenei.count >= 1, "Ali Khamenei is co-mentioned");
    assert.ok(co.every((e: any) => e.node.id !== person.id), "never Putin himself");
    for (let i = 1; i < co.length; i++) assert.ok(co[i - 1].count >= co[i].count, "most shared first");
  });

  it("03: finds Iran by alpha-2 and alpha-3 codes in any case", async () => {
    const res = await t.gql(op("03-country-page.graphql"));
    assert.equal(res.errors, undefined);
    const country = res.data.country;
    assert.equal(country.name, "Iran");
    assert.equal(country.code, "IR");
    assert.equal(country.alpha3, "IRN");
    assert.ok(country.region.length > 0);
    assert.ok(country.articles.edges.some((e: any) => e.node.headline === SAMPLE_HEADLINE));
    for (const code of ["ir", "IRN", "irn"]) {
      const other = await t.gql(`{ country(code: "${code}") { id } }`);
      assert.equal(other.data.country.id, country.id, code);
    }
  });

  it("04: lists every entity the sample article mentions, Iran and Russia as ABOUT", async () => {
    const slug = (await t.gql(op("01-related-stories.graphql"))).data.articles.edges.find((e: any) => e.node.headline === SAMPLE_HEADLINE).node.slug;
    const res = await t.gql(op("04-article-mentions.graphql"), { slug });
    assert.equal(res.errors, undefined);
    const article = res.data.article;
    const byName = new Map<string, any>(article.mentions.map((m: any) => [m.entity.name, m]));
    for (const name of ["Ali Khamenei", "Vladimir Putin", "Abbas Araghchi"]) assert.equal(byName.get(name)?.entity.__typename, "Person", name);
    for (const name of ["Iran", "Russia", "United States", "Israel"]) assert.equal(byName.get(name)?.entity.__typename, "Country", name);
    for (const m of article.mentions) {
      assert.ok(m.count >= 1);
      assert.ok(m.salience >= 0 && m.salience <= 1);
      assert.ok(["ABOUT", "MENTIONS"].includes(m.role));
    }
    assert.equal(byName.get("Iran").role, "ABOUT");
    assert.equal(byName.get("Russia").role, "ABOUT");
    assert.equal(article.desk, "EPN Desk");
    assert.ok(article.body.startsWith("Iran’s Supreme Leader"));
    assert.ok(article.body.endsWith("leaves its level of concrete support for Iran uncertain."));
    assert.doesNotMatch(article.body, /Connecting Communities|Also Read/);
    assert.ok(article.wordCount > 200);
  });

  it("05: refetches any object by id and keeps the order and length of ids", async () => {
    const articles = await t.gql(`{ articles(first: 1) { edges { node { id people { id } } } } }`);
    const article = articles.data.articles.edges[0].node;
    const personId = article.people[0].id;
    const gone = Buffer.from("Article:999999").toString("base64url");
    const res = await t.gql(op("05-refetch.graphql"), { id: personId, ids: [article.id, gone, personId] });
    assert.equal(res.errors, undefined);
    assert.equal(res.data.node.id, personId);
    assert.equal(res.data.node.__typename, "Person");
    assert.deepEqual(res.data.nodes, [
      { id: article.id, __typename: "Article" },
      null,
      { id: personId, __typename: "Person" },
    ]);
  });

  it("06: walks every article one page at a time, newest first", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = -1;
    let previous = Infinity;
    for (let page = 0; page < 100; page++) {
      const res: any = await t.gql(op("06-paging.graphql"), { after });
      assert.equal(res.errors, undefined);
      const { totalCount, pageInfo, edges } = res.data.articles;
      total = totalCount;
      for (const edge of edges) {
        seen.push(edge.node.id);
        const at = Date.parse(edge.node.publishedAt);
        assert.ok(at <= previous, "non-increasing publishedAt");
        previous = at;
      }
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    assert.ok(total >= 1);
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
  });

  it("07: shows the diplomacy topic with its IPTC code, parent and the sample article", async () => {
    const res = await t.gql(op("07-topic-page.graphql"));
    assert.equal(res.errors, undefined);
    const topic = res.data.topic;
    assert.equal(topic.name, "diplomacy");
    assert.equal(topic.iptcCode, "20000639");
    assert.ok(topic.parent?.name);
    assert.ok(topic.articles.edges.some((e: any) => e.node.headline === SAMPLE_HEADLINE));
  });

  it("08: rejects a page of 1000 with BAD_USER_INPUT naming the limit", async () => {
    const res = await t.gql(op("08-bad-page-size.graphql"));
    assert.ok(!res.data?.articles);
    assert.equal(res.errors?.length, 1);
    assert.equal(res.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    assert.match(res.errors?.[0].message ?? "", /100/);
  });

  it("09: rejects an unknown name with BAD_USER_INPUT naming it", async () => {
    const res = await t.gql(op("09-unknown-name.graphql"));
    assert.equal(res.errors?.[0].extensions?.code, "BAD_USER_INPUT");
    assert.match(res.errors?.[0].message ?? "", /Nobody Atall/);
  });
});

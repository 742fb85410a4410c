import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DataSource } from "typeorm";
import { ingestOne } from "../../src/ingest/ingest.service";
import { useTestServer, type GraphQLResponse } from "../support/server";
import { TEST_DIALECT } from "../support/database";
import { loadFixtures } from "../support/fixtures";

/**
 * Articles about Norway at instants on both sides of day, ISO week and month boundaries (UTC), 2024
 * being a leap year. 2024-01-31 is a Wednesday, 2024-02-05 and 2024-04-01 are Mondays.
 */
const NORWAY = [
  "2024-01-31T23:59:59.999Z",
  "2024-02-01T00:00:00.000Z",
  "2024-02-04T23:59:59.999Z",
  "2024-02-05T00:00:00.000Z",
  "2024-02-05T12:00:00.000Z",
  "2024-02-29T23:59:59.999Z",
  "2024-03-01T00:00:00.000Z",
  "2024-03-31T23:59:59.999Z",
  "2024-04-01T00:00:00.000Z",
];

const HOUR = 3_600_000;
/** End of the trending window the tests ask about; the articles below are the newest of the archive. */
const AT = Date.parse("2030-01-10T12:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Trending fixtures, for a DAY window ending at AT (AT − 24 h excluded, AT included) and the day before:
 * Peru jumps from 1 article to 5 (one exactly at AT, one exactly at AT − 24 h, which is the previous
 * window's last instant), Chile stays at 10 and 10 (one a millisecond after AT − 24 h, the current
 * window's first instant), Javier Milei goes from 1 to 3. One Peru article lies
 * exactly at AT − 48 h (in neither window) and one an hour after AT (the newest article of the archive).
 */
const TRENDING: { subject: string; at: number }[] = [
  ...[0, 2, 4, 6].map((h) => ({ subject: "Peru", at: AT - h * HOUR })),
  { subject: "Peru", at: AT - 23 * HOUR },
  { subject: "Peru", at: AT - 24 * HOUR },
  { subject: "Peru", at: AT - 48 * HOUR },
  { subject: "Peru", at: AT + HOUR },
  ...Array.from({ length: 9 }, (_, i) => ({ subject: "Chile", at: AT - (1 + 2 * i) * HOUR })),
  { subject: "Chile", at: AT - 24 * HOUR + 1 },
  ...Array.from({ length: 10 }, (_, i) => ({ subject: "Chile", at: AT - (25 + 2 * i) * HOUR })),
  ...[3, 5, 7].map((h) => ({ subject: "Javier Milei", at: AT - h * HOUR })),
  { subject: "Javier Milei", at: AT - 30 * HOUR },
];

async function ingestArticles(db: DataSource): Promise<void> {
  let n = 0;
  const ingest = (subject: string, at: string) => {
    n += 1;
    // Lower-case words only besides the subject, so that nothing else is linked or discovered.
    return ingestOne(db, `article ${n}`, {
      headline: `${subject} in the news, item ${n}`,
      body: `${subject} was in the news again today, according to our reporters.`,
      summary: null,
      desk: "Test Desk",
      publishedAt: new Date(at),
      url: `https://news.example/timeline/${n}`,
      language: "en",
    });
  };
  for (const at of NORWAY) await ingest("Norway", at);
  for (const { subject, at } of TRENDING) await ingest(subject, iso(at));
}

function code(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

interface Bucket {
  start: string;
  end: string;
  count: number;
}

describe(`Entity.timeline (${TEST_DIALECT})`, () => {
  const t = useTestServer(async (database) => {
    await loadFixtures(database.db);
    await ingestArticles(database.db);
  });

  const timeline = async (interval: string, from: string, to: string): Promise<Bucket[]> => {
    const res = await t.gql(
      `query($interval: TimelineInterval!, $from: DateTimeISO!, $to: DateTimeISO!) {
        country(code: "NO") { timeline(interval: $interval, from: $from, to: $to) { start end count } }
      }`,
      { interval, from, to },
    );
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return res.data.country.timeline;
  };

  /** Counts of NORWAY per [start, end), computed here without the server. */
  const expected = (buckets: Bucket[]) =>
    buckets.map((b) => NORWAY.filter((at) => Date.parse(at) >= Date.parse(b.start) && Date.parse(at) < Date.parse(b.end)).length);

  /** Asserts buckets start where given, each ends where the next starts (the last at `to`), and counts match NORWAY. */
  const check = (buckets: Bucket[], starts: string[], to: string, counts: number[]) => {
    assert.deepEqual(buckets.map((b) => b.start), starts);
    assert.deepEqual(buckets.map((b) => b.end), [...starts.slice(1), to]);
    assert.deepEqual(buckets.map((b) => b.count), expected(buckets));
    assert.deepEqual(buckets.map((b) => b.count), counts);
  };

  it("counts articles per UTC day, exactly at midnight, the first bucket cut at `from`", async () => {
    const buckets = await timeline("DAY", "2024-02-04T12:00:00.000Z", "2024-02-07T00:00:00.000Z");
    check(buckets, ["2024-02-04T12:00:00.000Z", "2024-02-05T00:00:00.000Z", "2024-02-06T00:00:00.000Z"], "2024-02-07T00:00:00.000Z", [1, 2, 0]);
  });

  it("counts articles per ISO week from Monday, with every empty week present", async () => {
    const starts = ["2024-01-29", "2024-02-05", "2024-02-12", "2024-02-19", "2024-02-26", "2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25", "2024-04-01"];
    const buckets = await timeline("WEEK", "2024-01-29T00:00:00.000Z", "2024-04-08T00:00:00.000Z");
    check(buckets, starts.map((d) => `${d}T00:00:00.000Z`), "2024-04-08T00:00:00.000Z", [3, 2, 0, 0, 2, 0, 0, 0, 1, 1]);
  });

  it("counts articles per calendar month, the last millisecond of a leap February in February", async () => {
    const starts = ["2023-12-01", "2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01"];
    const buckets = await timeline("MONTH", "2023-12-01T00:00:00.000Z", "2024-06-01T00:00:00.000Z");
    check(buckets, starts.map((d) => `${d}T00:00:00.000Z`), "2024-06-01T00:00:00.000Z", [0, 1, 5, 2, 1, 0]);
  });

  it("cuts the last month at `to`, leaving out an article published exactly at `to`", async () => {
    const buckets = await timeline("MONTH", "2024-01-31T23:59:59.999Z", "2024-03-31T23:59:59.999Z");
    check(buckets, ["2024-01-31T23:59:59.999Z", "2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"], "2024-03-31T23:59:59.999Z", [1, 5, 1]);
  });

  it("agrees with the article counts of the same spans", async () => {
    for (const [interval, from, to] of [
      ["WEEK", "2024-01-29T00:00:00.000Z", "2024-04-08T00:00:00.000Z"],
      ["MONTH", "2023-12-01T00:00:00.000Z", "2024-06-01T00:00:00.000Z"],
    ]) {
      const buckets = await timeline(interval, from, to);
      const fields = buckets.map(
        (b, i) => `b${i}: articles(filter: { publishedAfter: "${b.start}", publishedBefore: "${b.end}" }) { totalCount }`,
      );
      const res = await t.gql(`{ country(code: "NO") { ${fields.join(" ")} } }`);
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      assert.deepEqual(buckets.map((b) => b.count), buckets.map((_, i) => res.data.country[`b${i}`].totalCount), interval);
    }
  });

  it("is the same on every kind of entity, and all zeros where nothing was published", async () => {
    const res = await t.gql(`{
      person(slug: "vladimir-putin") { timeline(interval: MONTH, from: "2020-01-01T00:00:00Z", to: "2020-04-01T00:00:00Z") { count } }
      topic(slug: "diplomacy") { timeline(interval: DAY, from: "2020-01-01T00:00:00Z", to: "2020-01-03T00:00:00Z") { count } }
    }`);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.deepEqual(res.data.person.timeline, [{ count: 0 }, { count: 0 }, { count: 0 }]);
    assert.deepEqual(res.data.topic.timeline, [{ count: 0 }, { count: 0 }]);
  });

  it("rejects an empty or reversed range and more than 1000 buckets with BAD_USER_INPUT", async () => {
    for (const [interval, from, to, message] of [
      ["DAY", "2024-02-01T00:00:00Z", "2024-02-01T00:00:00Z", /`from` must be before `to`/],
      ["WEEK", "2024-03-01T00:00:00Z", "2024-02-01T00:00:00Z", /`from` must be before `to`/],
      ["DAY", "2020-01-01T00:00:00Z", "2023-01-01T00:00:00Z", /at most 1000 buckets/],
    ] as const) {
      const res = await t.gql(
        `query($interval: TimelineInterval!, $from: DateTimeISO!, $to: DateTimeISO!) {
          country(code: "NO") { timeline(interval: $interval, from: $from, to: $to) { count } }
        }`,
        { interval, from, to },
      );
      assert.equal(code(res), "BAD_USER_INPUT", `${interval} ${from} ${to}`);
      assert.match(res.errors![0].message, message);
    }
  });

  it("runs one statement for the timelines of every person on a page, whatever the page size", async () => {
    const query = (withTimeline: boolean) => `query($n: Int) {
      articles(first: $n, filter: { mentioning: ["Putin"] }) {
        edges { node { people { name ${withTimeline ? `timeline(interval: WEEK, from: "2025-06-01T00:00:00Z", to: "2025-08-01T00:00:00Z") { count }` : ""} } } }
      }
    }`;
    const statements = async (withTimeline: boolean, n: number) => {
      const res = await t.gql(query(withTimeline), { n });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      assert.equal(res.data.articles.edges.length, n);
      if (withTimeline) {
        for (const edge of res.data.articles.edges) for (const person of edge.node.people) assert.equal(person.timeline.length, 10);
      }
      return res.extensions?.queryStats?.sqlStatements ?? 0;
    };
    const one = await statements(true, 1);
    const five = await statements(true, 5);
    assert.ok(one > 0);
    assert.equal(five, one, `${one} statements for 1 article vs ${five} for 5`);
    assert.equal(one - (await statements(false, 1)), 1, "the timelines add one statement to 1 article");
    assert.equal(five - (await statements(false, 5)), 1, "the timelines add one statement to 5 articles");
  });
});

interface TrendingEdge {
  count: number;
  previousCount: number;
  change: number;
  ratio: number | null;
  cursor: string;
  node: { __typename: string; name: string };
}

describe(`Query.trending (${TEST_DIALECT})`, () => {
  const t = useTestServer((database) => ingestArticles(database.db));

  const trending = async (args: string): Promise<{ totalCount: number; edges: TrendingEdge[]; statements: number }> => {
    const res = await t.gql(`{
      trending(${args}) { totalCount edges { count previousCount change ratio cursor node { __typename name } } }
    }`);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return { ...res.data.trending, statements: res.extensions?.queryStats?.sqlStatements ?? 0 };
  };
  const named = (edges: TrendingEdge[], name: string) => {
    const edge = edges.find((e) => e.node.name === name);
    assert.ok(edge, `${name} is in the ranking`);
    return edge;
  };

  it("ranks an entity that jumps from 1 article to 5 above one steady at 10", async () => {
    const { edges } = await trending(`window: DAY, at: "${iso(AT)}", first: 100`);
    const peru = named(edges, "Peru");
    const chile = named(edges, "Chile");
    assert.deepEqual(
      { count: peru.count, previousCount: peru.previousCount, change: peru.change, ratio: peru.ratio },
      { count: 5, previousCount: 1, change: 4, ratio: 5 },
    );
    assert.deepEqual(
      { count: chile.count, previousCount: chile.previousCount, change: chile.change, ratio: chile.ratio },
      { count: 10, previousCount: 10, change: 0, ratio: 1 },
    );
    assert.equal(edges[0].node.name, "Peru");
    assert.ok(edges.indexOf(peru) < edges.indexOf(chile));
  });

  it("orders by change, then count, then id, and lists only entities mentioned in the window", async () => {
    const { edges } = await trending(`window: WEEK, at: "${iso(AT)}", first: 100`);
    assert.ok(edges.length > 0);
    for (const e of edges) {
      assert.ok(e.count > 0, `${e.node.name} has articles in the window`);
      assert.equal(e.change, e.count - e.previousCount);
    }
    for (let i = 1; i < edges.length; i++) {
      const [a, b] = [edges[i - 1], edges[i]];
      assert.ok(a.change > b.change || (a.change === b.change && a.count >= b.count), `${a.node.name} before ${b.node.name}`);
    }
    // The week ending at AT holds every trending article but the one an hour after AT.
    assert.equal(named(edges, "Peru").count, 7);
    assert.equal(named(edges, "Chile").count, 20);
  });

  it("keeps to one kind of entity when asked", async () => {
    const countries = await trending(`window: DAY, at: "${iso(AT)}", kind: COUNTRY`);
    assert.deepEqual(countries.edges.map((e) => e.node.name), ["Peru", "Chile"]);
    assert.equal(countries.totalCount, 2);
    const people = await trending(`window: DAY, at: "${iso(AT)}", kind: PERSON`);
    assert.deepEqual(
      people.edges.map((e) => [e.node.__typename, e.node.name, e.count, e.previousCount, e.change]),
      [["Person", "Javier Milei", 3, 1, 2]],
    );
  });

  it("ends the window at the newest article, included, when `at` is not given", async () => {
    const newest = iso(AT + HOUR);
    const byDefault = await trending(`window: DAY, kind: COUNTRY`);
    const explicit = await trending(`window: DAY, kind: COUNTRY, at: "${newest}"`);
    assert.deepEqual(byDefault.edges, explicit.edges);
    // Now (AT − 23 h, AT + 1 h]: the newest article and four more; the one exactly at AT − 23 h falls
    // into the previous window (AT − 47 h, AT − 23 h], beside the one at AT − 24 h.
    const peru = named(byDefault.edges, "Peru");
    assert.deepEqual([peru.count, peru.previousCount], [5, 2]);
  });

  it("pages through the ranking with cursors", async () => {
    const whole = await trending(`window: WEEK, at: "${iso(AT)}", first: 100`);
    const paged: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: { edges: TrendingEdge[] } = await trending(`window: WEEK, at: "${iso(AT)}", first: 2${after ? `, after: "${after}"` : ""}`);
      if (!page.edges.length) break;
      paged.push(...page.edges.map((e) => e.node.name));
      after = page.edges.at(-1)!.cursor;
    }
    assert.deepEqual(paged, whole.edges.map((e) => e.node.name));
    assert.equal(whole.totalCount, whole.edges.length);
  });

  it("returns nothing for a window before every article", async () => {
    const { edges, totalCount } = await trending(`window: MONTH, at: "1990-01-01T00:00:00Z"`);
    assert.deepEqual(edges, []);
    assert.equal(totalCount, 0);
  });

  it("runs the same statements for one entity as for ten", async () => {
    const one = await trending(`window: WEEK, at: "${iso(AT)}", first: 1`);
    const ten = await trending(`window: WEEK, at: "${iso(AT)}", first: 10`);
    assert.ok(ten.edges.length > 1);
    assert.equal(one.statements, ten.statements);
    // The ranking, its entities and its totalCount.
    assert.equal(ten.statements, 3);
  });
});

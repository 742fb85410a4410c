import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { dialectOf, SqlParams } from "../../src/db/sql";
import { writeEntityNames } from "../../src/entity/entity.service";
import { slugify } from "../../src/entity/entity.rows";
import { MAX_INPUT_BYTES } from "../../src/ingest/input";
import { Person } from "../../src/person/person.entity";
import { SAMPLE_PAGES_DIR, seedIfEmpty } from "../../src/seed/seed.service";
import { describeRun, runCli, summaryCounts, type CliRun } from "../support/cli";
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from "../support/database";

/*
 * `newsgraph ingest`, `relink` and `generate` as a newsroom runs them (issue #3, section 4): child
 * processes of the compiled command line, with piped (non-terminal) output, on a migrated database
 * loaded with the sample data.
 */

type Row = Record<string, any>;

/** Matches any ANSI escape sequence (colours, cursor movement, line clearing). */
const ANSI = /\u001b\[|\u001b\]|\u001b/;

const HTML_PAGE = `<!DOCTYPE html>
<html lang="en"><head>
<title>Geneva talks | Harbour News</title>
<link rel="canonical" href="https://harbour.example/world/geneva-talks">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Iran and Europe resume nuclear talks in Geneva","datePublished":"2025-07-02T11:00:00+02:00","author":{"@type":"Person","name":"Jane Doe"},"description":"Negotiators met for the first time since the spring."}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<main><article><h1>Iran and Europe resume nuclear talks in Geneva</h1>
<p>Abbas Araghchi met European negotiators in Geneva on Wednesday, the first round of talks since the spring.</p>
<p>Kaja Kallas said the door to diplomacy remained open, while Israel warned against any deal.</p>
</article></main></body></html>
`;

const JSON_RECORD = {
  url: "https://harbour.example/business/modi-starmer",
  headline: "Modi and Starmer sign a trade deal",
  summary: "India and the United Kingdom agree on tariffs.",
  body: "Narendra Modi and Keir Starmer signed a trade deal between India and the United Kingdom on Thursday.",
  desk: "Business Desk",
  publishedAt: "2025-07-08T09:00:00Z",
  language: "en",
};

const NDJSON_GOOD = {
  url: "https://harbour.example/europe/zelensky-trump",
  headline: "Zelensky speaks to Trump",
  body: "Volodymyr Zelensky asked Donald Trump for air defence for Ukraine.",
  desk: "Europe Desk",
  publishedAt: "2025-07-09T09:00:00Z",
};

const NDJSON_NO_BODY = {
  url: "https://harbour.example/europe/no-body",
  headline: "A record without a body",
  desk: "Europe Desk",
  publishedAt: "2025-07-10T09:00:00Z",
};

/**
 * A folder as a newsroom might hand it over: the sample scraped page, an HTML page with JSON-LD, a
 * JSON record, an NDJSON file (one good line, one that is not JSON, one record without a body), a
 * page that is not UTF-8 and one over 2 MB.
 */
function writeInputFolder(root: string): { folder: string; sample: string; bigBytes: number } {
  const folder = path.join(root, "inbox");
  fs.mkdirSync(folder);
  const [sample] = fs.readdirSync(SAMPLE_PAGES_DIR).filter((f) => f.endsWith(".txt"));
  fs.copyFileSync(path.join(SAMPLE_PAGES_DIR, sample), path.join(folder, sample));
  fs.writeFileSync(path.join(folder, "geneva.html"), HTML_PAGE);
  fs.writeFileSync(path.join(folder, "modi-starmer.json"), JSON.stringify(JSON_RECORD, null, 2));
  fs.writeFileSync(path.join(folder, "feed.ndjson"), [JSON.stringify(NDJSON_GOOD), "{ this is not JSON", JSON.stringify(NDJSON_NO_BODY)].join("\n") + "\n");
  // "Café" in Latin-1 (0xE9), and two bytes that never occur in UTF-8.
  fs.writeFileSync(path.join(folder, "latin1.txt"), Buffer.concat([Buffer.from("Harbour strike\n\nCaf"), Buffer.from([0xe9, 0x20, 0xff, 0xfe]), Buffer.from(" owners protest.\n")]));
  const big = `Big story\n\n${"All work and no play. ".repeat(Math.ceil(MAX_INPUT_BYTES / 20) + 10)}\n`;
  fs.writeFileSync(path.join(folder, "big.txt"), big);
  return { folder, sample, bigBytes: Buffer.byteLength(big) };
}

describe(`newsgraph ingest, relink and generate on the command line (${TEST_DIALECT})`, () => {
  let root: string;
  let database: TestDatabase;
  /** One statement with bound values against the test database. */
  const query = (build: (p: SqlParams) => string): Promise<Row[]> => {
    const params = new SqlParams(dialectOf(database.db));
    return database.db.query(build(params), params.values);
  };
  const articleByUrl = async (url: string): Promise<Row | undefined> =>
    (await query((p) => `SELECT "id", "headline", "summary", "desk", "publishedAt", "body" FROM article WHERE "url" = ${p.bind(url)}`))[0];
  const mentionedNames = async (articleId: number): Promise<string[]> =>
    (await query((p) => `SELECT e."name" FROM mention m JOIN entity e ON e."id" = m."entityId" WHERE m."articleId" = ${p.bind(articleId)} ORDER BY e."name"`)).map((r) => r.name);

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "newsgraph-cli-"));
    database = await createTestDatabase();
    await seedIfEmpty(database.db, "UTC");
  });

  after(async () => {
    await database?.drop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  describe("ingest <folder> holding good and bad inputs", () => {
    let input: ReturnType<typeof writeInputFolder>;
    let run: CliRun;
    before(async () => {
      input = writeInputFolder(root);
      run = await runCli(["ingest", input.folder], { database: database.config });
    });

    it("exits 1 because some records were rejected", () => {
      assert.equal(run.code, 1, describeRun(run));
    });

    it("prints a summary line counting new, updated, unchanged and rejected records", () => {
      // The sample page was loaded when the database was seeded, so it comes back unchanged.
      assert.match(run.stdout, /^ingested 4 article\(s\) in [\d.]+s \(\d+\/s\): 3 new, 0 updated, 1 unchanged, 4 rejected; \d+ new unverified people$/m);
      assert.deepEqual(summaryCounts(run.stdout), { new: 3, updated: 0, unchanged: 1, rejected: 4 });
    });

    it("lists each rejected record with the file, the line of NDJSON, and the reason", () => {
      const rejected = run.stdout.split("\n").filter((line) => line.startsWith("  rejected "));
      const file = (name: string) => path.join(input.folder, name);
      assert.deepEqual(rejected, [
        `  rejected ${file("big.txt")}: larger than 2 MB (${input.bigBytes} bytes)`,
        `  rejected ${file("feed.ndjson")}:2: not valid JSON`,
        `  rejected ${file("feed.ndjson")}:3: missing "body"`,
        `  rejected ${file("latin1.txt")}: not valid UTF-8 text`,
      ]);
    });

    it("stores the good records: the HTML page with its JSON-LD metadata, the JSON record and the good NDJSON line", async () => {
      const html = await articleByUrl("https://harbour.example/world/geneva-talks");
      assert.ok(html, "the HTML page is stored under its canonical url");
      assert.equal(html.headline, "Iran and Europe resume nuclear talks in Geneva");
      assert.equal(html.summary, "Negotiators met for the first time since the spring.");
      assert.equal(html.desk, "Jane Doe");
      assert.equal(new Date(Number(html.publishedAt)).toISOString(), "2025-07-02T09:00:00.000Z");
      assert.ok(html.body.startsWith("Abbas Araghchi met European negotiators"), html.body);
      assert.ok(!html.body.includes("Home"), "navigation is not body text");
      const linked = await mentionedNames(Number(html.id));
      for (const name of ["Abbas Araghchi", "Kaja Kallas", "Iran"]) assert.ok(linked.includes(name), `${name} in ${linked.join(", ")}`);

      const json = await articleByUrl(JSON_RECORD.url);
      assert.ok(json, "the .json record is stored");
      assert.equal(json.headline, JSON_RECORD.headline);
      assert.equal(json.desk, "Business Desk");
      assert.ok((await mentionedNames(Number(json.id))).includes("Narendra Modi"));

      const line = await articleByUrl(NDJSON_GOOD.url);
      assert.ok(line, "the good NDJSON line is stored");
      assert.equal(line.headline, NDJSON_GOOD.headline);
      assert.ok((await mentionedNames(Number(line.id))).includes("Volodymyr Zelensky"));

      assert.equal(await articleByUrl(NDJSON_NO_BODY.url), undefined, "the record without a body is not stored");
      const [{ n }] = await query(() => `SELECT COUNT(*) AS n FROM article WHERE "headline" IN ('Harbour strike', 'Big story')`);
      assert.equal(Number(n), 0, "neither the non-UTF-8 page nor the oversized one is stored");
    });

    it("keeps the sample page as one article", async () => {
      const [{ n }] = await query(() => `SELECT COUNT(*) AS n FROM article WHERE "desk" = 'EPN Desk'`);
      assert.equal(Number(n), 1);
    });

    it("writes plain progress lines (done/total, rate, ETA) with no terminal escapes when output is not a terminal", () => {
      assert.doesNotMatch(run.stderr, ANSI);
      assert.doesNotMatch(run.stdout, ANSI);
      // Five files read whole and the three lines of the NDJSON file.
      assert.match(run.stderr, /^ingest: 8\/8 \(\d+\/s\) ETA 0s$/m);
      for (const line of run.stderr.trim().split("\n")) assert.match(line, /^ingest: \d+\/8 \(\d+\/s\)( ETA \d+s)?$/);
    });
  });

  describe("ingest - (standard input)", () => {
    const records = [
      {
        url: "https://harbour.example/world/xi-putin",
        headline: "Xi and Putin meet in Beijing",
        body: "Vladimir Putin met Xi Jinping in Beijing to discuss trade between Russia and China.",
        desk: "World Desk",
        publishedAt: "2025-07-01T09:00:00Z",
      },
      {
        url: "https://harbour.example/world/macron-kyiv",
        headline: "Macron visits Kyiv",
        body: "Emmanuel Macron met Volodymyr Zelensky; France pledged support for Ukraine.",
        desk: "Europe Desk",
        publishedAt: "2025-07-05T09:00:00Z",
      },
    ];
    let run: CliRun;
    before(async () => {
      run = await runCli(["ingest", "-"], { database: database.config, input: records.map((r) => JSON.stringify(r)).join("\n") + "\n" });
    });

    it("reads NDJSON records from standard input, stores them and exits 0", async () => {
      assert.equal(run.code, 0, describeRun(run));
      assert.deepEqual(summaryCounts(run.stdout), { new: 2, updated: 0, unchanged: 0, rejected: 0 });
      for (const record of records) {
        const stored = await articleByUrl(record.url);
        assert.ok(stored, record.url);
        assert.equal(stored.headline, record.headline);
      }
      assert.ok((await mentionedNames(Number((await articleByUrl(records[0].url))!.id))).includes("Xi Jinping"));
    });

    it("counts progress without a total, in plain lines", () => {
      assert.doesNotMatch(run.stderr, ANSI);
      assert.match(run.stderr, /^ingest: 2 \(\d+\/s\)$/m);
    });

    it("names a rejected line of standard input as stdin:<line>", async () => {
      const bad = await runCli(["ingest", "-"], { database: database.config, input: `${JSON.stringify(records[0])}\nnot json\n` });
      assert.equal(bad.code, 1, describeRun(bad));
      assert.deepEqual(summaryCounts(bad.stdout), { new: 0, updated: 0, unchanged: 1, rejected: 1 });
      assert.match(bad.stdout, /^ {2}rejected stdin:2: not valid JSON$/m);
    });
  });

  describe("relink after an editor adds a person", () => {
    const story = {
      url: "https://harbour.example/europe/oslo-budget",
      headline: "Oslo unveils a cautious budget",
      body: "Norway presented a cautious budget on Tuesday. Stoltenberg, the finance minister, defended the spending cuts in parliament. The opposition called the plan timid.",
      desk: "Europe Desk",
      publishedAt: "2025-07-11T09:00:00Z",
    };
    let articleId: number;
    let person: Person;
    let countsBefore: Map<number, number>;
    let mentionsBefore: number;
    let run: CliRun;

    before(async () => {
      const ingest = await runCli(["ingest", "-"], { database: database.config, input: `${JSON.stringify(story)}\n` });
      assert.equal(ingest.code, 0, describeRun(ingest));
      articleId = Number((await articleByUrl(story.url))!.id);
      assert.ok(!(await mentionedNames(articleId)).some((n) => n.includes("Stoltenberg")), "nobody called Stoltenberg is linked before the person exists");
      assert.ok((await mentionedNames(articleId)).includes("Norway"));

      // What an editor's createPerson does: the entity and its lookup names.
      person = Object.assign(new Person(), {
        slug: slugify("Jens Stoltenberg"),
        name: "Jens Stoltenberg",
        aliases: ["Stoltenberg"],
        description: "Norwegian finance minister",
        wikidataId: null,
        nationalityId: null,
        mentionCount: 0,
      });
      await database.db.transaction(async (manager) => {
        [person] = await manager.save([person]);
        await writeEntityNames(manager, [person]);
      });
      countsBefore = new Map((await query(() => `SELECT "id", "mentionCount" FROM entity`)).map((r) => [Number(r.id), Number(r.mentionCount)]));
      mentionsBefore = Number((await query(() => `SELECT COUNT(*) AS n FROM mention`))[0].n);
      run = await runCli(["relink"], { database: database.config });
    });

    it("links the new person in the stored article that names them, and exits 0", async () => {
      assert.equal(run.code, 0, describeRun(run));
      const [{ n }] = await query(() => `SELECT COUNT(*) AS n FROM article`);
      assert.match(run.stdout, new RegExp(`^relinked ${Number(n)} article\\(s\\) in [\\d.]+s; \\d+ new unverified people$`, "m"));
      const [edge] = await query((p) => `SELECT "count", "role" FROM mention WHERE "articleId" = ${p.bind(articleId)} AND "entityId" = ${p.bind(person.id)}`);
      assert.ok(edge, "a mention of Jens Stoltenberg in the Oslo story");
      assert.equal(Number(edge.count), 1);
      const [stored] = await query((p) => `SELECT "mentionCount" FROM entity WHERE "id" = ${p.bind(person.id)}`);
      assert.equal(Number(stored.mentionCount), 1);
    });

    it("leaves every other entity's mentions as they were", async () => {
      const [{ n }] = await query(() => `SELECT COUNT(*) AS n FROM mention`);
      assert.equal(Number(n), mentionsBefore + 1);
      const countsAfter = new Map((await query(() => `SELECT "id", "mentionCount" FROM entity`)).map((r) => [Number(r.id), Number(r.mentionCount)]));
      countsAfter.delete(person.id);
      countsBefore.delete(person.id);
      assert.deepEqual(countsAfter, countsBefore);
    });

    it("reports progress in plain lines", () => {
      assert.doesNotMatch(run.stderr, ANSI);
      assert.match(run.stderr, /^relink: (\d+)\/\1 \(\d+\/s\) ETA 0s$/m);
    });
  });

  describe("generate --count 3 --seed 5", () => {
    let first: CliRun;
    let second: CliRun;
    before(async () => {
      [first, second] = await Promise.all([runCli(["generate", "--count", "3", "--seed", "5"]), runCli(["generate", "--count", "3", "--seed", "5"])]);
    });

    it("prints three NDJSON article records", () => {
      assert.equal(first.code, 0, describeRun(first));
      assert.ok(first.stdout.endsWith("\n"));
      const lines = first.stdout.trimEnd().split("\n");
      assert.equal(lines.length, 3);
      const records = lines.map((line) => JSON.parse(line));
      for (const record of records) {
        assert.match(record.url, /^https:\/\//);
        assert.ok(record.headline.length > 0 && record.body.length > 200, "a headline and a body of some length");
        assert.ok(!Number.isNaN(Date.parse(record.publishedAt)), record.publishedAt);
      }
      assert.equal(new Set(records.map((r) => r.url)).size, 3, "three different articles");
    });

    it("prints the same bytes every time, and other records for another seed", async () => {
      assert.equal(second.code, 0);
      assert.equal(second.stdout, first.stdout);
      const other = await runCli(["generate", "--count", "3", "--seed", "6"]);
      assert.equal(other.code, 0);
      assert.notEqual(other.stdout, first.stdout);
    });
  });
});

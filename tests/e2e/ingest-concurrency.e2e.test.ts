import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { DataSource } from "typeorm";
import { generateCorpus, type CorpusRecord } from "../../src/corpus/corpus.generator";
import { dialectOf, SqlParams } from "../../src/db/sql";
import { sourceKey } from "../../src/ingest/ingest.service";
import { seedIfEmpty } from "../../src/seed/seed.service";
import { databaseUrlOf, describeRun, runCli, summaryCounts, type CliRun } from "../support/cli";
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from "../support/database";
import { assertDerivedCountsMatch } from "../support/invariants";

/*
 * Issue #3, section 3: "Two processes ingesting the same records at once leave exactly one copy of
 * each, with correct mention counts." Two `newsgraph ingest` processes are started at the same moment
 * on one file and one database (an SQLite file, or a PostgreSQL schema when TEST_DATABASE_URL is set);
 * the result is compared with one process ingesting the same file alone into a database of its own.
 *
 * The command line writes 500 records a transaction, so two such runs mostly take turns. The second
 * suite makes them collide: two tests/support/ingest-child.ts processes, released at the same moment,
 * write the same records 20 a transaction through the same Ingestor the command line uses.
 */

/** Generated articles, each with a url. */
const GENERATED = 600;
/** Every EVERY-th generated record also comes without its url: an article identified by its content. */
const EVERY = 20;

type Row = Record<string, unknown>;

/** The NDJSON file both processes read, and what it holds. */
interface Corpus {
  file: string;
  lines: number;
  /** Source keys of the distinct articles in the file ("url:…" or "sha256:…"). */
  keys: Set<string>;
  records: CorpusRecord[];
}

/**
 * 600 generated records; after every 20th, a copy of it without a url (same headline and body, so
 * the same content hash); and at the end every url-less copy once more, so that the same content
 * arrives twice in one batch and in two different batches (500 records a batch).
 */
function writeCorpus(dir: string): Corpus {
  const records = [...generateCorpus({ count: GENERATED, seed: 20250623 })];
  const lines: object[] = [];
  const copies: object[] = [];
  records.forEach((record, i) => {
    lines.push(record);
    if (i % EVERY === 0) {
      const { url: _url, ...withoutUrl } = record;
      lines.push(withoutUrl);
      copies.push(withoutUrl);
    }
  });
  lines.push(...copies);
  const file = path.join(dir, "corpus.ndjson");
  fs.writeFileSync(file, lines.map((line) => JSON.stringify(line)).join("\n") + "\n");
  const keys = new Set<string>();
  records.forEach((record, i) => {
    keys.add(sourceKey(record));
    if (i % EVERY === 0) keys.add(sourceKey({ ...record, url: null }));
  });
  return { file, lines: lines.length, keys, records };
}

async function count(db: DataSource, sql: string): Promise<number> {
  const [row] = await db.query(sql);
  return Number(row.n);
}

/** Entities whose stored mentionCount differs from the number of their mention rows. */
async function wrongMentionCounts(db: DataSource): Promise<Row[]> {
  return db.query(
    `SELECT e."id", e."kind", e."name", e."mentionCount" AS stored, COUNT(m."articleId") AS actual
       FROM entity e LEFT JOIN mention m ON m."entityId" = e."id"
      GROUP BY e."id", e."kind", e."name", e."mentionCount"
     HAVING e."mentionCount" <> COUNT(m."articleId")
      ORDER BY e."id"`,
  );
}

/** Every entity's id and stored mentionCount, in id order. */
async function mentionCounts(db: DataSource): Promise<[number, number][]> {
  const rows: Row[] = await db.query(`SELECT "id", "mentionCount" FROM entity ORDER BY "id"`);
  return rows.map((r) => [Number(r.id), Number(r.mentionCount)]);
}

/** The names of the UNVERIFIED people (those linking discovered), sorted. */
async function unverifiedNames(db: DataSource): Promise<string[]> {
  const rows: Row[] = await db.query(`SELECT "name" FROM entity WHERE "kind" = 'PERSON' AND "status" = 'UNVERIFIED' ORDER BY "name"`);
  return rows.map((r) => String(r.name));
}

/** Source keys of the stored articles. */
async function storedKeys(db: DataSource): Promise<string[]> {
  const rows: Row[] = await db.query(`SELECT "sourceKey" FROM article`);
  return rows.map((r) => String(r.sourceKey));
}

describe(`Two processes ingesting the same records at once (${TEST_DIALECT})`, () => {
  let dir: string;
  let corpus: Corpus;
  /** The database both processes write to. */
  let shared: TestDatabase;
  /** A database into which one process ingested the same file alone. */
  let alone: TestDatabase;
  let aloneRun: CliRun;
  let runs: CliRun[];
  /** Source keys stored before the concurrent runs (the seeded sample article). */
  let seededKeys: Set<string>;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsgraph-concurrency-"));
    corpus = writeCorpus(dir);
    shared = await createTestDatabase();
    alone = await createTestDatabase();
    await seedIfEmpty(shared.db, "UTC");
    await seedIfEmpty(alone.db, "UTC");
    seededKeys = new Set(await storedKeys(shared.db));

    aloneRun = await runCli(["ingest", corpus.file], { database: alone.config });
    assert.equal(aloneRun.code, 0, `the single ingest failed: ${describeRun(aloneRun)}`);

    // Both children are spawned in the same tick.
    runs = await Promise.all([runCli(["ingest", corpus.file], { database: shared.config }), runCli(["ingest", corpus.file], { database: shared.config })]);
  });

  after(async () => {
    await shared?.drop();
    await alone?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("both processes exit 0, having run at the same time", () => {
    for (const run of runs) assert.equal(run.code, 0, describeRun(run));
    const [a, b] = runs;
    assert.ok(a.startedAt < b.endedAt && b.startedAt < a.endedAt, "the two ingests did not overlap in time");
  });

  it("stores each distinct record exactly once, reported new by exactly one of the processes", async () => {
    assert.equal(corpus.keys.size, GENERATED + GENERATED / EVERY);
    const keys = await storedKeys(shared.db);
    assert.equal(keys.length, seededKeys.size + corpus.keys.size, "article count");
    assert.deepEqual(new Set(keys.filter((k) => !seededKeys.has(k))), corpus.keys);
    const [a, b] = runs.map((run) => summaryCounts(run.stdout));
    assert.equal(a.new + b.new, corpus.keys.size, `new articles reported: ${a.new} + ${b.new}`);
    assert.equal(a.updated + b.updated, 0);
    assert.equal(a.rejected + b.rejected, 0);
  });

  it("leaves no two articles with the same source key, url or (without a url) content", async () => {
    assert.deepEqual(await shared.db.query(`SELECT "sourceKey", COUNT(*) AS n FROM article GROUP BY "sourceKey" HAVING COUNT(*) > 1`), []);
    assert.deepEqual(await shared.db.query(`SELECT "url", COUNT(*) AS n FROM article WHERE "url" IS NOT NULL GROUP BY "url" HAVING COUNT(*) > 1`), []);
    assert.deepEqual(
      await shared.db.query(`SELECT "contentHash", COUNT(*) AS n FROM article WHERE "url" IS NULL GROUP BY "contentHash" HAVING COUNT(*) > 1`),
      [],
    );
    assert.equal(await count(shared.db, `SELECT COUNT(*) AS n FROM article WHERE "url" IS NULL`), [...seededKeys].filter((k) => k.startsWith("sha256:")).length + GENERATED / EVERY);
  });

  it("keeps every entity's mentionCount equal to the number of its mention rows", async () => {
    assert.ok((await count(shared.db, `SELECT COUNT(*) AS n FROM mention`)) > GENERATED, "the articles were linked");
    assert.deepEqual(await wrongMentionCounts(shared.db), []);
  });

  it("keeps the co-mention pair counts equal to the pairs of the stored mentions", async () => {
    await assertDerivedCountsMatch(shared.db);
  });

  it("stores as many mentions and unverified people as one process ingesting the file alone", async () => {
    const mentions = `SELECT COUNT(*) AS n FROM mention`;
    assert.equal(await count(shared.db, mentions), await count(alone.db, mentions));
    const names = await unverifiedNames(shared.db);
    assert.ok(names.length > 0, "the corpus names people newsgraph did not know");
    assert.deepEqual(names, await unverifiedNames(alone.db));
    assert.deepEqual(names, [...new Set(names)], "an unverified person was created twice");
    assert.equal(await count(shared.db, `SELECT COUNT(*) AS n FROM entity`), await count(alone.db, `SELECT COUNT(*) AS n FROM entity`));
  });

  describe("when the file is ingested again", () => {
    let again: CliRun;
    let articlesBefore: Row[];
    let countsBefore: [number, number][];
    let mentionsBefore: number;
    before(async () => {
      articlesBefore = await shared.db.query(`SELECT "id", "slug", "updatedAt" FROM article ORDER BY "id"`);
      countsBefore = await mentionCounts(shared.db);
      mentionsBefore = await count(shared.db, `SELECT COUNT(*) AS n FROM mention`);
      again = await runCli(["ingest", corpus.file], { database: shared.config });
    });

    it("changes no article, no mention and no count", async () => {
      assert.equal(again.code, 0, describeRun(again));
      assert.deepEqual(await shared.db.query(`SELECT "id", "slug", "updatedAt" FROM article ORDER BY "id"`), articlesBefore);
      assert.deepEqual(await mentionCounts(shared.db), countsBefore);
      assert.equal(await count(shared.db, `SELECT COUNT(*) AS n FROM mention`), mentionsBefore);
      assert.match(again.stdout, /; 0 new unverified people/);
    });

    it("reports every record of the file unchanged", () => {
      // The file repeats some url-less records, within one batch and across batches: each line
      // read is one record the summary owes an outcome to.
      assert.deepEqual(summaryCounts(again.stdout), { new: 0, updated: 0, unchanged: corpus.lines, rejected: 0 });
    });
  });

  it("updates an article in place when its url arrives again with a new body, replacing its mentions", async () => {
    const db = shared.db;
    /** One row-returning statement with bound values. */
    const query = (build: (p: SqlParams) => string): Promise<Row[]> => {
      const params = new SqlParams(dialectOf(db));
      return db.query(build(params), params.values);
    };
    // A story that names neither France nor Macron, so that both show up only through the new body.
    const original = corpus.records.find((r) => !/France|French|Paris|Macron|Élysée/.test(`${r.headline}\n${r.summary}\n${r.body}`));
    assert.ok(original, "a generated record that names neither France nor Macron");
    const [stored] = await query((p) => `SELECT "id", "slug" FROM article WHERE "url" = ${p.bind(original.url)}`);
    const entitiesOf = async (articleId: number): Promise<number[]> =>
      (await query((p) => `SELECT "entityId" FROM mention WHERE "articleId" = ${p.bind(articleId)} ORDER BY "entityId"`)).map((r) => Number(r.entityId));
    const before = await entitiesOf(Number(stored.id));
    const countsBefore = new Map(await mentionCounts(db));

    const body = "Emmanuel Macron said on Tuesday that France would host the next round of talks in Paris.\n\nThe Élysée gave no date.";
    const file = path.join(dir, "updated.json");
    fs.writeFileSync(file, JSON.stringify({ ...original, body }));
    const run = await runCli(["ingest", file], { database: shared.config });
    assert.equal(run.code, 0, describeRun(run));
    assert.deepEqual(summaryCounts(run.stdout), { new: 0, updated: 1, unchanged: 0, rejected: 0 });

    const copies = await query((p) => `SELECT "id", "slug", "body" FROM article WHERE "url" = ${p.bind(original.url)}`);
    assert.equal(copies.length, 1);
    const [updated] = copies;
    assert.equal(Number(updated.id), Number(stored.id), "same article id");
    assert.equal(updated.slug, stored.slug, "same slug");
    assert.equal(updated.body, body);

    const [macron] = await db.query(`SELECT "id" FROM entity WHERE "kind" = 'PERSON' AND "slug" = 'emmanuel-macron'`);
    const [france] = await db.query(`SELECT "id" FROM entity WHERE "kind" = 'COUNTRY' AND "code" = 'FR'`);
    const after = await entitiesOf(Number(stored.id));
    assert.ok(after.includes(Number(macron.id)), "the new body links Emmanuel Macron");
    assert.ok(after.includes(Number(france.id)), "the new body links France");

    const stale = before.filter((id) => !after.includes(id));
    assert.ok(stale.length > 0, "some entity was named only by the old body");
    const countsAfter = new Map(await mentionCounts(db));
    for (const id of stale) assert.equal(countsAfter.get(id), (countsBefore.get(id) ?? 0) - 1, `mentionCount of entity ${id}, no longer mentioned`);
    assert.equal(countsAfter.get(Number(macron.id)), (countsBefore.get(Number(macron.id)) ?? 0) + 1, "mentionCount of Emmanuel Macron");
    assert.deepEqual(await wrongMentionCounts(db), []);
  });
});

/** The child of tests/support/ingest-child.ts, compiled beside this file's support folder. */
const INGEST_CHILD = path.resolve(__dirname, "..", "support", "ingest-child.js");

/** What one ingest-child process reported. */
interface ChildResult {
  code: number | null;
  counts: { NEW: number; UPDATED: number; UNCHANGED: number; rejected: number; createdPeople: number; batches: number } | null;
  stderr: string;
}

/**
 * Starts one ingest-child per order, waits until every one has read the file and loaded its
 * gazetteer, then lets them all write at the same moment.
 */
async function ingestTogether(file: string, batchSize: number, orders: readonly ("forward" | "reverse")[], database: TestDatabase): Promise<ChildResult[]> {
  const env = { ...process.env, DATABASE_URL: databaseUrlOf(database.config) };
  const children = orders.map((order) => {
    const child = spawn(process.execPath, [INGEST_CHILD, file, String(batchSize), order], { env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const ready = new Promise<void>((resolve, reject) => {
      const check = () => (stdout.startsWith("ready\n") ? resolve() : undefined);
      child.stdout.on("data", check);
      child.on("close", () => reject(new Error(`ingest-child exited before it was ready:\n${stderr}`)));
    });
    const done = new Promise<ChildResult>((resolve) =>
      child.on("close", (code) => {
        const last = stdout.trim().split("\n").pop() ?? "";
        resolve({ code, counts: last.startsWith("{") ? JSON.parse(last) : null, stderr });
      }),
    );
    ready.catch(() => undefined); // awaited below; a second failure must not go unhandled
    const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
    void done.then(() => clearTimeout(timer));
    return { child, ready, done };
  });
  try {
    await Promise.all(children.map((c) => c.ready));
  } catch (error) {
    for (const c of children) c.child.kill("SIGKILL");
    throw error;
  }
  for (const c of children) c.child.stdin.end("go\n");
  return Promise.all(children.map((c) => c.done));
}

describe(`Two processes interleaving many small batches of the same records (${TEST_DIALECT})`, () => {
  let dir: string;
  let corpus: Corpus;
  let database: TestDatabase;
  let seededKeys: Set<string>;
  let results: ChildResult[];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsgraph-interleaved-"));
    corpus = writeCorpus(dir);
    database = await createTestDatabase();
    await seedIfEmpty(database.db, "UTC");
    seededKeys = new Set(await storedKeys(database.db));
    // Both read the file in the same order, 20 records a transaction, released at the same moment:
    // they race each other for nearly every record and for the people those records name.
    results = await ingestTogether(corpus.file, 20, ["forward", "forward"], database);
  });

  after(async () => {
    await database?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("both processes finish without error, together reporting each distinct record new once", () => {
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const [a, b] = results.map((r) => r.counts!);
    assert.ok(a.batches > 10 && b.batches > 10);
    assert.equal(a.NEW + b.NEW, corpus.keys.size, `new: ${a.NEW} + ${b.NEW}`);
    assert.equal(a.UPDATED + b.UPDATED + a.rejected + b.rejected, 0);
  });

  it("stores each distinct record exactly once", async () => {
    const keys = await storedKeys(database.db);
    assert.equal(keys.length, seededKeys.size + corpus.keys.size);
    assert.deepEqual(new Set(keys.filter((k) => !seededKeys.has(k))), corpus.keys);
  });

  it("keeps every entity's mentionCount equal to the number of its mention rows", async () => {
    assert.deepEqual(await wrongMentionCounts(database.db), []);
  });

  it("keeps the co-mention pair counts equal to the pairs of the stored mentions", async () => {
    await assertDerivedCountsMatch(database.db);
  });

  it("creates each discovered person once", async () => {
    assert.deepEqual(
      await database.db.query(`SELECT LOWER("name") AS name, COUNT(*) AS n FROM entity WHERE "kind" = 'PERSON' GROUP BY LOWER("name") HAVING COUNT(*) > 1`),
      [],
    );
    assert.deepEqual(await database.db.query(`SELECT "key", COUNT(*) AS n FROM entity_name GROUP BY "key" HAVING COUNT(*) > 1`), []);
  });

  it("creates no unverified person that no stored article mentions", async () => {
    // Every UNVERIFIED person comes from an article that names them; one that no article mentions
    // is a leftover of a transaction that created people for a record another process stored.
    assert.ok((await unverifiedNames(database.db)).length > 0);
    assert.deepEqual(
      await database.db.query(`SELECT "id", "name" FROM entity e WHERE "status" = 'UNVERIFIED' AND NOT EXISTS (SELECT 1 FROM mention m WHERE m."entityId" = e."id") ORDER BY "name"`),
      [],
    );
  });
});

import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { writeTransaction } from "../../src/db/transaction";
import { runSql } from "../../src/db/sql";
import { Ingestor, ingestOne } from "../../src/ingest/ingest.service";
import type { ParsedArticle } from "../../src/ingest/page-parser";
import { seedIfEmpty } from "../../src/seed/seed.service";
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from "../support/database";
import { assertDerivedCountsMatch } from "../support/invariants";

function article(url: string, body: string): ParsedArticle {
  return { headline: "A story", summary: null, body, desk: "EPN Desk", url, language: "en", publishedAt: new Date("2025-07-01T00:00:00Z") };
}

async function linkedNames(database: TestDatabase, url: string): Promise<string[]> {
  const rows = await runSql(database.db, (p) => `SELECT e."name" FROM mention m JOIN entity e ON e."id" = m."entityId" JOIN article a ON a."id" = m."articleId" WHERE a."url" = ${p.bind(url)} AND e."kind" = 'PERSON' ORDER BY e."name"`);
  return rows.map((r) => r.name as string);
}

describe(`writes that race with other writes (${TEST_DIALECT})`, () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
    await seedIfEmpty(database.db, "UTC");
  });
  after(() => database.drop());

  it("relink writes edges for the text stored when it writes, not the text it read earlier", async () => {
    const url = "https://news.example/relink-race";
    const { articleId } = await ingestOne(database.db, "old", article(url, "Vladimir Putin spoke in Moscow."));
    // An editor's update lands after relink has read the article but before it writes.
    await ingestOne(database.db, "new", article(url, "Emmanuel Macron spoke in Paris."));
    const ingestor = await Ingestor.open(database.db);
    const query = database.db.query.bind(database.db);
    let stale = true;
    database.db.query = (async (sql: string, params?: unknown[]) => {
      const rows = await query(sql, params);
      if (stale && /SELECT "id", "headline", "summary", "body"/.test(sql)) {
        stale = false;
        return rows.map((r: Record<string, unknown>) => (Number(r.id) === articleId ? { ...r, body: "Vladimir Putin spoke in Moscow." } : r));
      }
      return rows;
    }) as typeof database.db.query;
    try {
      await ingestor.relink([articleId]);
    } finally {
      database.db.query = query;
    }
    assert.equal(stale, false, "the stale read happened");
    assert.deepEqual(await linkedNames(database, url), ["Emmanuel Macron"]);
    await assertDerivedCountsMatch(database.db);
  });

  it("drops links to an entity merged away by another process instead of rejecting the article", async () => {
    const ingestor = await Ingestor.open(database.db);
    // Another process merges Sergey Lavrov away (a merge deletes the duplicate's row).
    await writeTransaction(database.db, (runner) => runSql(runner, (p) => `DELETE FROM entity WHERE "slug" = ${p.bind("sergey-lavrov")}`));
    const { outcomes, rejected } = await ingestor.ingest([{ source: "after-merge", article: article("https://news.example/after-merge", "Sergey Lavrov met Wang Yi in Beijing.") }]);
    assert.deepEqual(rejected, []);
    assert.equal(outcomes[0].status, "NEW");
    assert.deepEqual(await linkedNames(database, "https://news.example/after-merge"), ["Wang Yi"]);
    await assertDerivedCountsMatch(database.db);
  });

  it("does not let reads see a write transaction's rows before it commits, nor after it rolls back", async () => {
    let seenInside: unknown[] = ["not read"];
    await assert.rejects(
      writeTransaction(database.db, async (runner) => {
        await runSql(runner, (p) => `INSERT INTO entity ("kind", "slug", "name", "aliases", "status", "mentionCount", "updatedAt") VALUES ('PERSON', ${p.bind("ghost-x")}, 'Ghost X', '[]', 'UNVERIFIED', 0, 0)`);
        seenInside = await database.db.query(`SELECT "name" FROM entity WHERE "slug" = 'ghost-x'`);
        throw new Error("roll back");
      }),
      /roll back/,
    );
    assert.deepEqual(seenInside, [], "uncommitted rows are invisible to other reads");
    assert.deepEqual(await database.db.query(`SELECT "name" FROM entity WHERE "slug" = 'ghost-x'`), []);
  });
});

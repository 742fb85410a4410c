import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { DataSource } from "typeorm";
import {
  byKey,
  groupByKey,
  keyedConnectionLoaders,
  MAX_KEYS_PER_LIST,
  MAX_SUBQUERIES_PER_STATEMENT,
  queryPerKey,
  selectIn,
  type BatchRow,
} from "../../src/db/batch";
import { SqlParams, dialectOf } from "../../src/db/sql";
import { currentQueryStats, withQueryStats } from "../../src/db/query-stats";
import { createContext } from "../../src/context";
import { peopleConnection } from "../../src/person/person.service";
import { applyEdgeChanges } from "../../src/mention/mention.service";
import { writeTransaction } from "../../src/db/transaction";
import { BadUserInputError } from "../../src/errors/errors";
import { encodeCursor } from "../../src/relay/cursor";
import { createTestDatabase, TEST_DIALECT, type TestDatabase } from "../support/database";

/** Runs `fn` and returns its result with the number of SQL statements it ran. */
function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  return withQueryStats(async () => {
    const result = await fn();
    return { result, statements: currentQueryStats()?.statements ?? -1 };
  });
}

/** Runs one INSERT … RETURNING "id" written with bound parameters, on either dialect. */
async function insert(db: DataSource, table: string, row: Record<string, unknown>): Promise<number> {
  const p = new SqlParams(dialectOf(db));
  const columns = Object.keys(row).map((c) => `"${c}"`).join(", ");
  const values = Object.values(row).map((v) => p.bind(v)).join(", ");
  const rows: { id: number | string }[] = await db.query(`INSERT INTO ${table} (${columns}) VALUES (${values}) RETURNING "id"`, p.values);
  return Number(rows[0].id);
}

function insertEntity(db: DataSource, kind: string, name: string, slug: string, nationalityId: number | null = null): Promise<number> {
  return insert(db, "entity", { kind, name, slug, aliases: "[]", nationalityId });
}

let articles = 0;
/** An article mentioning each entity with the given salience. */
async function insertArticle(db: DataSource, mentions: [entityId: number, salience: number][]): Promise<number> {
  articles += 1;
  const publishedAt = Date.UTC(2025, 6, 1) + articles * 60_000;
  const id = await insert(db, "article", {
    slug: `story-${articles}`,
    headline: `Story ${articles}`,
    body: "Text.",
    wordCount: 1,
    contentHash: `hash-${articles}`,
    sourceKey: `test:${articles}`,
    publishedAt,
    updatedAt: publishedAt,
  });
  for (const [entityId, salience] of mentions) {
    const p = new SqlParams(dialectOf(db));
    await db.query(
      `INSERT INTO mention ("articleId", "entityId", "publishedAt", "count", "salience", "role") VALUES (${[id, entityId, publishedAt, 1, salience, "MENTIONS"].map((v) => p.bind(v)).join(", ")})`,
      p.values,
    );
  }
  // The derived counts (mentionCount, co_mention pairs), as every writer keeps them.
  await writeTransaction(db, (runner) => applyEdgeChanges(runner, [{ before: new Map(), after: new Map(mentions), deskBefore: null, deskAfter: null }]));
  return id;
}

describe("byKey", () => {
  const rows = [
    { id: 3, name: "c" },
    { id: 1, name: "a" },
  ];

  it("returns one value per key, in the order of the keys", () => {
    assert.deepEqual(byKey([1, 3], rows, (r) => r.id), [{ id: 1, name: "a" }, { id: 3, name: "c" }]);
    assert.deepEqual(byKey([3, 1], rows, (r) => r.id), [{ id: 3, name: "c" }, { id: 1, name: "a" }]);
  });

  it("returns null for a key nothing was found for, and ignores values nobody asked for", () => {
    assert.deepEqual(byKey([2, 1, 4], rows, (r) => r.id), [null, { id: 1, name: "a" }, null]);
    assert.deepEqual(byKey([7], rows, (r) => r.id), [null]);
    assert.deepEqual(byKey([], rows, (r) => r.id), []);
  });

  it("answers a key asked twice at both positions", () => {
    const result = byKey([1, 3, 1], rows, (r) => r.id);
    assert.equal(result.length, 3);
    assert.deepEqual(result[0], { id: 1, name: "a" });
    assert.deepEqual(result[2], { id: 1, name: "a" });
  });

  it("compares keys by value, so string keys match string values only", () => {
    assert.deepEqual(byKey(["1", "x"], rows, (r) => String(r.id)), [{ id: 1, name: "a" }, null]);
    assert.deepEqual(byKey(["1"], rows, (r) => r.id as unknown as string), [null]);
  });
});

describe("groupByKey", () => {
  const mentions = [
    { article: 2, entity: "x" },
    { article: 1, entity: "y" },
    { article: 2, entity: "z" },
    { article: 9, entity: "w" },
  ];

  it("returns one list per key, in the order of the keys, keeping the values' order within a list", () => {
    assert.deepEqual(
      groupByKey([2, 1], mentions, (m) => m.article).map((list) => list.map((m) => m.entity)),
      [["x", "z"], ["y"]],
    );
  });

  it("returns an empty list for a key with no values, and drops values nobody asked for", () => {
    assert.deepEqual(
      groupByKey([3, 1], mentions, (m) => m.article).map((list) => list.map((m) => m.entity)),
      [[], ["y"]],
    );
    assert.deepEqual(groupByKey([], mentions, (m) => m.article), []);
  });

  it("gives a key asked twice its whole list at both positions", () => {
    const lists = groupByKey([2, 1, 2], mentions, (m) => m.article).map((list) => list.map((m) => m.entity));
    assert.deepEqual(lists, [["x", "z"], ["y"], ["x", "z"]]);
  });
});

describe(`batched statements against a database (${TEST_DIALECT})`, () => {
  let database: TestDatabase;
  let db: DataSource;
  const countries: Record<string, number> = {};
  const people: Record<string, number> = {};

  before(async () => {
    database = await createTestDatabase();
    db = database.db;
    countries.france = await insertEntity(db, "COUNTRY", "France", "france");
    countries.sweden = await insertEntity(db, "COUNTRY", "Sweden", "sweden");
    countries.empty = await insertEntity(db, "COUNTRY", "Nowhere", "nowhere");
    // Slugs whose byte order differs from the order of the names (upper case sorts before lower case)
    // and from en_US collation order (which ignores hyphens at first).
    for (const [name, slug] of [
      ["Dean Acheson", "dean-acheson"],
      ["de Gaulle", "de-gaulle"],
      ["Annabel Lee", "annabel-lee"],
      ["Anna Zorn", "anna-zorn"],
      ["Anna Berg", "anna-berg"],
    ]) {
      people[slug] = await insertEntity(db, "PERSON", name, slug, countries.france);
    }
    people["sven-olsson"] = await insertEntity(db, "PERSON", "Sven Olsson", "sven-olsson", countries.sweden);
    const p = new SqlParams(dialectOf(db));
    await db.query(`INSERT INTO entity_name ("key", "entityId") VALUES (${p.bind("sven olsson")}, ${p.bind(people["sven-olsson"])})`, p.values);
  });

  after(async () => {
    await database?.drop();
  });

  /** A subquery per slug: that entity's slug and name, or no row. */
  const bySlug = (slug: string, p: SqlParams) => `SELECT "slug", "name" FROM entity WHERE "slug" = ${p.bind(slug)} ORDER BY "id" LIMIT 1`;

  describe("queryPerKey", () => {
    it("runs no statement for no keys", async () => {
      const { result, statements } = await counted(() => queryPerKey(db, [], bySlug));
      assert.deepEqual(result, []);
      assert.equal(statements, 0);
    });

    it("returns each key's rows at its position in one statement, an empty list for a key with none", async () => {
      const { result, statements } = await counted(() => queryPerKey(db, ["sweden", "atlantis", "france", "sweden"], bySlug));
      assert.equal(statements, 1);
      assert.deepEqual(
        result.map((rows) => rows.map((r) => r.name)),
        [["Sweden"], [], ["France"], ["Sweden"]],
      );
      assert.deepEqual(result.map((rows) => rows.map((r) => Number(r.batchIndex))), [[0], [], [2], [3]]);
    });

    it("keeps each subquery's own order and limit", async () => {
      const twoPeople = (countryId: number, p: SqlParams) =>
        `SELECT "slug" FROM entity WHERE "nationalityId" = ${p.bind(countryId)} ORDER BY "id" DESC LIMIT 2`;
      const result = await queryPerKey(db, [countries.france, countries.empty, countries.sweden], twoPeople);
      assert.deepEqual(result.map((rows) => rows.map((r) => r.slug)), [["anna-berg", "anna-zorn"], [], ["sven-olsson"]]);
    });

    it(`answers more than ${MAX_SUBQUERIES_PER_STATEMENT} keys with several statements of at most ${MAX_SUBQUERIES_PER_STATEMENT} subqueries`, async () => {
      assert.equal(MAX_SUBQUERIES_PER_STATEMENT, 400);
      // SQLite refuses a compound SELECT of more than 500 terms; 1,201 keys need four statements.
      const slugs = ["france", "sweden", "atlantis"];
      const keys = Array.from({ length: 1201 }, (_, i) => slugs[i % 3]);
      const { result, statements } = await counted(() => queryPerKey(db, keys, bySlug));
      assert.equal(statements, 4);
      assert.equal(result.length, 1201);
      result.forEach((rows, i) => {
        assert.deepEqual(rows.map((r) => r.name), i % 3 === 0 ? ["France"] : i % 3 === 1 ? ["Sweden"] : [], `key ${i}`);
        for (const row of rows) assert.equal(Number(row.batchIndex), i);
      });
    });
  });

  describe("selectIn", () => {
    it("runs no statement for no keys", async () => {
      const { result, statements } = await counted(() => selectIn(db, [], (list) => `SELECT * FROM entity WHERE "id" IN ${list()}`));
      assert.deepEqual(result, []);
      assert.equal(statements, 0);
    });

    it(`looks up more than ${MAX_KEYS_PER_LIST} keys with one statement per ${MAX_KEYS_PER_LIST}`, async () => {
      assert.equal(MAX_KEYS_PER_LIST, 1000);
      const ids = Array.from({ length: 2500 }, (_, i) => i + 1);
      const { result, statements } = await counted(() => selectIn(db, ids, (list) => `SELECT "id" FROM entity WHERE "id" IN ${list()}`));
      assert.equal(statements, 3);
      const wanted = [...Object.values(countries), ...Object.values(people)].sort((a, b) => a - b);
      assert.deepEqual(result.map((r) => Number(r.id)).sort((a, b) => a - b), wanted);
    });
  });

  describe("keyedConnectionLoaders", () => {
    interface Key {
      countryId: number;
      limit: number;
    }
    const loaders = () =>
      keyedConnectionLoaders<Key>(db, {
        // By id, so that the expected pages do not depend on the database's collation.
        page: (key, p) => `SELECT "slug" FROM entity WHERE "nationalityId" = ${p.bind(key.countryId)} ORDER BY "id" LIMIT ${key.limit + 1}`,
        count: (key, p) => `SELECT COUNT(*) AS n FROM entity WHERE "nationalityId" = ${p.bind(key.countryId)}`,
        pageKey: (key) => JSON.stringify(key),
        countKey: (key) => String(key.countryId),
      });
    const slugs = (rows: BatchRow[]) => rows.map((r) => r.slug);

    it("loads the pages of many parents in one statement and their counts in another", async () => {
      const { page, count } = loaders();
      const keys = [
        { countryId: countries.france, limit: 1 },
        { countryId: countries.empty, limit: 5 },
        { countryId: countries.sweden, limit: 5 },
      ];
      const { result, statements } = await counted(() => Promise.all([Promise.all(keys.map((k) => page.load(k))), Promise.all(keys.map((k) => count.load(k)))]));
      assert.equal(statements, 2);
      const [pages, counts] = result;
      assert.deepEqual(pages.map(slugs), [["dean-acheson", "de-gaulle"], [], ["sven-olsson"]]);
      assert.deepEqual(counts, [5, 0, 1]);
    });

    it("shares one fetch between equal keys and one count between pages of the same parent", async () => {
      const { page, count } = loaders();
      const { result, statements } = await counted(() =>
        Promise.all([
          page.load({ countryId: countries.france, limit: 2 }),
          page.load({ countryId: countries.france, limit: 2 }),
          count.load({ countryId: countries.france, limit: 2 }),
          count.load({ countryId: countries.france, limit: 4 }),
        ]),
      );
      assert.equal(statements, 2);
      assert.deepEqual(slugs(result[0]), ["dean-acheson", "de-gaulle", "annabel-lee"]);
      assert.deepEqual(result[1], result[0]);
      assert.deepEqual([result[2], result[3]], [5, 5]);
    });

    it(`answers ${MAX_SUBQUERIES_PER_STATEMENT + 50} parents in batches of at most 100, each one statement`, async () => {
      const { page } = loaders();
      const ids = [countries.france, countries.sweden, countries.empty];
      const keys = Array.from({ length: MAX_SUBQUERIES_PER_STATEMENT + 50 }, (_, i) => ({ countryId: ids[i % 3], limit: i }));
      const { result, statements } = await counted(() => Promise.all(keys.map((k) => page.load(k))));
      assert.equal(statements, 5);
      result.forEach((rows, i) => {
        const all = [["dean-acheson", "de-gaulle", "annabel-lee", "anna-zorn", "anna-berg"], ["sven-olsson"], []][i % 3];
        assert.deepEqual(slugs(rows), all.slice(0, i + 1), `key ${i}`);
      });
    });
  });

  describe("per-request entity loaders", () => {
    it("suggest names for more unknown names than one compound SELECT may join", async () => {
      const ctx = createContext(db);
      const names = Array.from({ length: 510 }, (_, i) => (i === 450 ? "svenn olson" : `zzq unknown ${i}`));
      const suggestions = await ctx.loaders.entityNameSuggestions.loadMany(names);
      assert.equal(suggestions.length, 510);
      for (const [i, s] of suggestions.entries()) {
        assert.deepEqual(s, i === 450 ? ["Sven Olsson"] : [], `name ${i}`);
      }
    });

    it(`look up more than ${MAX_KEYS_PER_LIST} ids in batches of at most ${MAX_KEYS_PER_LIST}`, async () => {
      const ctx = createContext(db);
      const ids = Array.from({ length: 2 * MAX_KEYS_PER_LIST + 1 }, (_, i) => i + 1);
      const { result, statements } = await counted(() => ctx.loaders.entityById.loadMany(ids));
      assert.equal(statements, 3);
      assert.equal(result.length, ids.length);
      assert.equal((result[people["anna-berg"] - 1] as { name: string }).name, "Anna Berg");
      assert.equal(result[ids.length - 1], null);
    });
  });

  describe("co-mention ranking", () => {
    it("breaks ties in shared articles by the sum of per-article salience in whole thousandths, the same on both dialects", async () => {
      // Pair weights are summed per article as each write lands (applyEdgeChanges), never recomputed in floats.
      const subject = await insertEntity(db, "TOPIC", "Subject", "subject");
      const faint = await insertEntity(db, "TOPIC", "Faint", "faint");
      const slight = await insertEntity(db, "TOPIC", "Slight", "slight");
      // faint: 0.4 + 0.4 + 0.4 thousandths, each rounding to 0 → 0 (summing first would give round(1.2) = 1).
      // slight: 0.4 + 0.4 + 0.6 → 0 + 0 + 1 = 1 (summing first: round(1.4) = 1, a tie broken by id).
      await insertArticle(db, [[subject, 0.9], [faint, 0.0004], [slight, 0.0004]]);
      await insertArticle(db, [[subject, 0.9], [faint, 0.0004], [slight, 0.0004]]);
      await insertArticle(db, [[subject, 0.9], [faint, 0.0004], [slight, 0.0006]]);
      const ctx = createContext(db);
      const rows = await ctx.loaders.coMentionPage.load({ entityId: subject, kind: null, page: { limit: 10, backward: false, after: null, before: null } });
      assert.deepEqual(
        rows.map((r) => ({ entityId: Number(r.entityId), n: Number(r.n), s: Number(r.s) })),
        [
          { entityId: slight, n: 3, s: 1 },
          { entityId: faint, n: 3, s: 0 },
        ],
      );
      const next = await createContext(db).loaders.coMentionPage.load({ entityId: subject, kind: null, page: { limit: 10, backward: false, after: [3, 1, slight], before: null } });
      assert.deepEqual(next.map((r) => Number(r.entityId)), [faint]);
    });
  });

  describe("a country's people", () => {
    const names = async (args: Parameters<typeof peopleConnection>[1]) => {
      const connection = await peopleConnection(createContext(db), args, countries.france);
      return { names: connection.edges.map((e) => e.node.name), pageInfo: connection.pageInfo };
    };
    const ALL = ["Anna Berg", "Anna Zorn", "Annabel Lee", "de Gaulle", "Dean Acheson"];

    it("are ordered by slug, byte by byte, on both dialects", async () => {
      assert.deepEqual((await names({ first: 10 })).names, ALL);
      assert.deepEqual((await names({ last: 10 })).names, ALL);
    });

    it("page forward and backward with slug cursors over the same sequence", async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: Awaited<ReturnType<typeof names>> = await names({ first: 2, after });
        seen.push(...page.names);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      assert.deepEqual(seen, ALL);
      const back: string[] = [];
      let before: string | null = null;
      for (;;) {
        const page: Awaited<ReturnType<typeof names>> = await names({ last: 2, before });
        back.unshift(...page.names);
        if (!page.pageInfo.hasPreviousPage) break;
        before = page.pageInfo.startCursor;
      }
      assert.deepEqual(back, ALL);
    });

    it("reject cursors of the former name ordering and cursors whose values do not fit (slug, id)", async () => {
      for (const after of [
        encodeCursor("NAME", ["Anna Berg", people["anna-berg"]]),
        encodeCursor("SLUG", [5, people["anna-berg"]]),
        encodeCursor("SLUG", ["anna-berg", "1"]),
        encodeCursor("SLUG", ["anna-berg", 2_147_483_648]),
      ]) {
        await assert.rejects(names({ first: 2, after }), BadUserInputError, after);
      }
    });
  });
});

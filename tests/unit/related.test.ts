import "reflect-metadata";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SqlParams, type Dialect } from "../../src/db/sql";
import { archiveSize, entityWeight, relatedCountSql, relatedPageSql, relatedScoreMicros, type RelatedPlan } from "../../src/article/related.service";
import { RELATED_PER_COMMON_ENTITY, RELATED_PER_ENTITY } from "../../src/article/related.types";
import type { ArticleQuery } from "../../src/article/article.service";

const DAY = 86_400_000;

/** A query with no conditions, plus the given ones. */
function query(conditions: Partial<ArticleQuery> = {}): ArticleQuery {
  return { all: [], any: [], none: [], from: null, to: null, desk: null, ascending: false, ...conditions } as ArticleQuery;
}

function plan(conditions: Partial<ArticleQuery> = {}): RelatedPlan {
  return {
    articleId: 7,
    publishedAt: Date.parse("2025-06-23T11:15:00Z"),
    query: query(conditions),
    weights: new Map([[1, 2_300_000], [2, 900_000], [3, 450_000]]),
    scans: [
      { entityId: 1, limit: RELATED_PER_ENTITY },
      { entityId: 2, limit: RELATED_PER_ENTITY },
      { entityId: 3, limit: RELATED_PER_COMMON_ENTITY },
    ],
  };
}

/** Placeholders of a PostgreSQL statement in the order they first appear in its text. */
function placeholderOrder(sql: string): number[] {
  const seen: number[] = [];
  for (const [, n] of sql.matchAll(/\$(\d+)/g)) if (!seen.includes(Number(n))) seen.push(Number(n));
  return seen;
}

describe("related-story weights", () => {
  it("weigh a rare entity more than a common one at the same salience", () => {
    assert.ok(entityWeight(1_000_000, 300, 0.8) > entityWeight(1_000_000, 250_000, 0.8));
  });

  it("give nothing for an entity every article mentions, or one without a count", () => {
    assert.equal(entityWeight(1000, 1000, 1), 0);
    assert.equal(entityWeight(1000, 0, 1), 0);
  });

  it("follow the entity's salience in the article, in thousandths", () => {
    assert.equal(entityWeight(1000, 10, 0.5), Math.round(Math.log(100) * 0.5 * 1e6));
    assert.equal(entityWeight(1000, 10, 0.5004), entityWeight(1000, 10, 0.5));
    assert.ok(entityWeight(1000, 10, 0.9) > entityWeight(1000, 10, 0.3));
  });
});

describe("the archive size in related-story weights", () => {
  it("is the number of articles to two significant digits", () => {
    for (const n of [0, 7, 36, 99, 100, 104, 105, 1_249, 1_250, 98_765, 1_000_000, 1_049_999, 12_345_678]) {
      assert.equal(archiveSize(n), Number(n.toPrecision(2)), String(n));
    }
  });
});

describe("related-story scores", () => {
  const shared = [{ weight: 2_000_000, salience: 0.5 }, { weight: 1_000_000, salience: 1 }];

  it("add up the shared entities' weights times their salience in the other article", () => {
    assert.equal(relatedScoreMicros(shared, 0), 2_000_000);
    assert.equal(relatedScoreMicros([], 0), 0);
  });

  it("halve at thirty days either way, and stay above zero for old stories", () => {
    assert.equal(relatedScoreMicros(shared, 30 * DAY), 1_000_000);
    assert.equal(relatedScoreMicros(shared, -30 * DAY), relatedScoreMicros(shared, 30 * DAY));
    assert.ok(relatedScoreMicros(shared, 365 * DAY) > 0);
    assert.ok(relatedScoreMicros(shared, DAY) > relatedScoreMicros(shared, 2 * DAY));
  });
});

describe("related-story SQL", () => {
  const filtered = plan({ all: [4, 5], any: [6], none: [8, 9], from: 1, to: Date.parse("2026-01-01T00:00:00Z"), desk: "epn desk" });
  const page = { limit: 5, backward: false, after: [1_234_567, 42], before: null };

  for (const dialect of ["sqlite", "postgres"] as Dialect[]) {
    it(`binds every value where its placeholder appears (${dialect})`, () => {
      for (const [name, build] of [
        ["page", (p: SqlParams) => relatedPageSql(p, { plan: filtered, page })],
        ["count", (p: SqlParams) => relatedCountSql(p, filtered)],
      ] as const) {
        const params = new SqlParams(dialect);
        const sql = build(params);
        if (dialect === "sqlite") {
          assert.equal(sql.split("?").length - 1, params.values.length, name);
        } else {
          // Numbered in the order they appear in the text: the order SQLite's positional `?` need.
          assert.deepEqual(placeholderOrder(sql), params.values.map((_, i) => i + 1), name);
        }
      }
    });
  }

  it("scans each planned entity's range once before and once after the article, never past its limit", () => {
    const sqlite = relatedPageSql(new SqlParams("sqlite"), { plan: plan(), page: { limit: 9, backward: false, after: null, before: null } });
    assert.equal(sqlite.match(/ORDER BY m."publishedAt" DESC/g)?.length, 3);
    assert.equal(sqlite.match(/ORDER BY m."publishedAt" ASC/g)?.length, 3);
    assert.equal(sqlite.match(new RegExp(`LIMIT ${RELATED_PER_ENTITY}\\b`, "g"))?.length, 4);
    assert.equal(sqlite.match(new RegExp(`LIMIT ${RELATED_PER_COMMON_ENTITY}\\b`, "g"))?.length, 2);
    // PostgreSQL: LATERAL walks over lists of entities, one per direction and limit.
    const params = new SqlParams("postgres");
    const postgres = relatedPageSql(params, { plan: plan(), page: { limit: 9, backward: false, after: null, before: null } });
    const walks = [...postgres.matchAll(/\(VALUES ((?:\(\$\d+::integer\)(?:, )?)+)\) AS sc\("entityId"\) CROSS JOIN LATERAL \(SELECT m\."articleId".*? ORDER BY m\."publishedAt" (ASC|DESC), m\."articleId" \2 LIMIT (\d+)\) x/g)];
    const scanned = walks.flatMap(([, list, direction, limit]) =>
      [...list.matchAll(/\$(\d+)/g)].map(([, n]) => `${params.values[Number(n) - 1]} ${direction} ${limit}`),
    );
    const expected = plan().scans.flatMap((scan) => [`${scan.entityId} DESC ${scan.limit}`, `${scan.entityId} ASC ${scan.limit}`]);
    assert.deepEqual([...scanned].sort(), [...expected].sort());
  });
});

import DataLoader from "dataloader";
import type { DataSource } from "typeorm";
import type { Context } from "../context";
import { queryPerKey, type BatchRow } from "../db/batch";
import { dialectOf, SqlParams } from "../db/sql";
import { relatedCountSql, relatedPageSql, type RelatedPageKey, type RelatedPlan } from "./related.service";

/**
 * Most values one statement binds: under SQLite's 32,766 (PostgreSQL takes 65,535). A related-stories
 * subquery binds ~150 values unfiltered but up to ~2,000 with a filter naming 60 entities (its probes
 * repeat in each of 26 index scans), so a batch is cut by bound values, not only by keys.
 */
const MAX_BOUND_VALUES = 30_000;

/**
 * queryPerKey over consecutive runs of keys whose subqueries bind at most MAX_BOUND_VALUES together.
 * (Could move to db/batch.ts for any subquery whose size depends on its key.)
 */
async function queryPerKeyBounded<K>(db: DataSource, keys: readonly K[], build: (key: K, params: SqlParams) => string): Promise<BatchRow[][]> {
  const dialect = dialectOf(db);
  const sizes = keys.map((key) => {
    const params = new SqlParams(dialect);
    build(key, params);
    return params.values.length;
  });
  const grouped: BatchRow[][] = [];
  for (let start = 0; start < keys.length; ) {
    let end = start + 1;
    let bound = sizes[start];
    while (end < keys.length && bound + sizes[end] <= MAX_BOUND_VALUES) bound += sizes[end++];
    grouped.push(...(await queryPerKey(db, keys.slice(start, end), build)));
    start = end;
  }
  return grouped;
}

/** Above this many articles PostgreSQL's estimate of the archive size replaces counting. */
const ESTIMATE_ABOVE = 10_000;

/**
 * The number of articles. COUNT(*) reads a whole index: ~80 ms at a million articles on PostgreSQL, more
 * than the rest of an article page. So on PostgreSQL a large archive's size is the planner's estimate
 * (pg_class.reltuples, kept by ANALYZE and autovacuum, within a percent or so of the truth), which the
 * scoring rounds to two significant digits anyway; a small or never-analysed one is counted (the CASE
 * runs the count only when needed). SQLite counts: its archives are small and its COUNT(*) is fast.
 * A row count kept by the ingest writer (as entity.mentionCount is) would make both exact and free.
 */
function archiveSizeSql(dialect: "sqlite" | "postgres"): string {
  if (dialect === "sqlite") return `SELECT COUNT(*) AS n FROM article`;
  return (
    `SELECT CASE WHEN c."reltuples" >= ${ESTIMATE_ABOVE} THEN CAST(c."reltuples" AS BIGINT) ELSE (SELECT COUNT(*) FROM article) END AS n` +
    ` FROM pg_class c WHERE c."oid" = to_regclass('article')`
  );
}

/**
 * A large archive's size is remembered by the process for ESTIMATE_TTL_MS: it is an estimate that moves
 * only when PostgreSQL analyses the table, rounded to two significant digits by the scoring, so asking
 * for it on every article page would spend a statement on a number that has not changed. A small
 * archive is counted exactly every time.
 */
const ESTIMATE_TTL_MS = 10_000;
const estimates = new WeakMap<DataSource, { articles: number; until: number }>();

async function archiveSizeOf(db: DataSource): Promise<number> {
  const known = estimates.get(db);
  if (known && known.until > Date.now()) return known.articles;
  const rows: { n: unknown }[] = await db.query(archiveSizeSql(dialectOf(db)));
  const articles = Number(rows[0]?.n ?? 0);
  if (dialectOf(db) === "postgres" && articles >= ESTIMATE_ABOVE) estimates.set(db, { articles, until: Date.now() + ESTIMATE_TTL_MS });
  return articles;
}

/** A plan's identity within a request: the article and the resolved filter (its weights follow from them). */
function planKey(plan: RelatedPlan): unknown[] {
  return [plan.articleId, plan.query];
}

/**
 * Per-request loaders for `Article.related`: every article's page (or count) at one level of a query
 * is one UNION ALL statement of per-article subqueries, and the archive size is counted once.
 */
export function createRelatedLoaders(ctx: Context) {
  let articleTotal: Promise<number> | undefined;
  return {
    /** Number of articles in the archive (N of the idf weights; see archiveSizeSql and archiveSizeOf), asked at most once per request. */
    articleTotal: (): Promise<number> => (articleTotal ??= archiveSizeOf(ctx.db)),
    /** One page of related stories per (article, filter, page): `article` rows with "relatedScore". */
    relatedPage: new DataLoader<RelatedPageKey, BatchRow[], string>(
      (keys) => queryPerKeyBounded(ctx.db, keys, (key, p) => relatedPageSql(p, key)),
      { cacheKeyFn: (key) => JSON.stringify([...planKey(key.plan), key.page]), maxBatchSize: 100 },
    ),
    /** Number of candidates per (article, filter), for `totalCount`. */
    relatedCount: new DataLoader<RelatedPlan, number, string>(
      async (plans) => (await queryPerKeyBounded(ctx.db, plans, (plan, p) => relatedCountSql(p, plan))).map((rows) => Number(rows[0]?.n ?? 0)),
      { cacheKeyFn: (plan) => JSON.stringify(planKey(plan)), maxBatchSize: 100 },
    ),
  };
}

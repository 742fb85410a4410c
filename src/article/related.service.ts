import type { Context } from "../context";
import type { SqlParams } from "../db/sql";
import { pageRequest, type PageRequest } from "../relay/connection";
import { EntityBase } from "../entity/entity.entity";
import { BadUserInputError } from "../errors/errors";
import type { Article } from "./article.entity";
import { articleListColumns, hydrateArticle } from "./article.rows";
import { entityProbes, resolveArticleQuery, searchProbe, type ArticleQuery } from "./article.service";
import {
  RELATED_COMMON_SHARE,
  RELATED_DECAY_DAYS,
  RELATED_MAX_ENTITIES,
  RELATED_PER_COMMON_ENTITY,
  RELATED_PER_ENTITY,
  RELATED_SCAN_DEPTH,
  RelatedArticleConnection,
  type RelatedArticleArgs,
} from "./related.types";

/*
 * Related stories.
 *
 * score(A, B) = decay(A, B) × Σ over entities e mentioned by both A and B of idf(e) × salience_A(e) × salience_B(e)
 *   idf(e)      = ln(N / mentionCount(e)), 0 for an entity (nearly) every article mentions
 *   N           = articles in the archive, rounded to two significant digits (see archiveSize)
 *   salience    rounded to thousandths (it is `real`: float4 on PostgreSQL, double on SQLite)
 *   decay(A, B) = D / (D + |publishedAt(A) − publishedAt(B)|), D = 30 days: mild (0.5 at a month, 0.08 at a
 *                 year), and relative to A's date rather than to now, so a score, and a cursor holding it,
 *                 stays put as time passes; only new data changes it.
 *
 * The score is computed in integers as far as possible, so that it sorts and pages identically on both
 * databases and in cursors: weight(e) = round(idf(e) × salience_A(e) × 1e6) is computed here and bound;
 * SQL sums weight(e) × round(salience_B(e) × 1000) exactly, then applies the decay once in double precision
 * and rounds to millionths. `score` shows that integer / 1e6.
 *
 * Which articles are scored (the approximation). Scoring every article that shares an entity is a scan of
 * the whole archive for "Iran". Instead, candidates come from the mention index (entityId, publishedAt,
 * articleId): for each of A's RELATED_MAX_ENTITIES weightiest entities, the RELATED_PER_ENTITY articles
 * nearest in time before A and as many after A (two index-only range scans with LIMIT), and only
 * RELATED_PER_COMMON_ENTITY each way for an entity in more than RELATED_COMMON_SHARE of all articles
 * (and in more than 2 × RELATED_PER_ENTITY).
 * For an entity in at most 2 × RELATED_PER_ENTITY articles that is all of them, so a rare shared person is
 * always found; a common country contributes only its nearest few articles, which its low idf would rank
 * low anyway (an article sharing it and something rarer is found through the rarer entity). Each candidate
 * is then scored exactly, over every entity it shares with A, in the same statement. So scores are exact;
 * what is approximate is that an article sharing only common entities with A, or far from A in time, may
 * not be considered.
 *
 * The filter applies inside each range scan (dates as range bounds; mentions, desk and search as
 * primary-key probes), so each scan returns its nearest *matching* articles; a scan reads at most RELATED_SCAN_DEPTH
 * index rows when it probes, which bounds a very selective filter's cost. When the filter requires
 * entities, its rarest one is scanned too, since matching stories may be nearer along it.
 */

/** Cursor tag of the related-stories ordering (score, then id). */
const ORDER_TAG = "RELATED";
const DECAY_MS = RELATED_DECAY_DAYS * 86_400_000;

/** What the related-stories SQL of one article is built from; the same for its pages and its count. */
export interface RelatedPlan {
  articleId: number;
  /** The article's publication instant, epoch milliseconds. */
  publishedAt: number;
  query: ArticleQuery;
  /** weight(e) of each entity of the article that can add to a score (positive only). */
  weights: ReadonlyMap<number, number>;
  /** Entity index ranges near the article that supply candidates, and how many each way; empty when nothing can be related. */
  scans: readonly RelatedScan[];
}

/** One entity whose index range near the article is scanned, and for how many candidates each way. */
export interface RelatedScan {
  entityId: number;
  limit: number;
}

/** One page of one article's related stories. */
export interface RelatedPageKey {
  plan: RelatedPlan;
  page: PageRequest;
}

/**
 * The ArticleFilter fields related stories apply: all of them today. A field added to ArticleFilter
 * later is refused here until related stories apply it, never silently ignored.
 */
const APPLIED_FILTER_FIELDS: ReadonlySet<string> = new Set([
  "mentionsAll",
  "mentionsAny",
  "mentionsNone",
  "mentioning",
  "publishedAfter",
  "publishedBefore",
  "desk",
  "search",
  "mentionsAtLeast",
]);

/** Throws BAD_USER_INPUT naming a filter condition that related stories cannot apply yet. */
function checkAppliedFilter(filter: RelatedArticleArgs["filter"]): void {
  const unapplied = Object.entries(filter ?? {}).find(([field, value]) => value != null && !APPLIED_FILTER_FIELDS.has(field));
  if (unapplied) {
    throw new BadUserInputError(`\`Article.related\` cannot apply \`filter.${unapplied[0]}\` yet`, { argumentName: `filter.${unapplied[0]}` });
  }
}

/** Salience in integer thousandths, as the SQL rounds it. */
export function salienceMillis(salience: number): number {
  return Math.round(salience * 1000);
}

/**
 * N of the idf weights: the number of articles rounded to two significant digits (34, 1,200, 1,000,000),
 * so that a score, and so a cursor, moves only when the archive grows by a few percent, not with every
 * article ingested between two pages; idf changes by at most ln(1.05) for it.
 */
export function archiveSize(articles: number): number {
  if (articles < 100) return Math.max(0, Math.round(articles));
  const unit = 10 ** (Math.floor(Math.log10(articles)) - 1);
  return Math.round(articles / unit) * unit;
}

/**
 * weight(e) = round(ln(articles / mentionCount) × salience here (thousandths) × 1e6): what one shared entity
 * is worth before the other article's salience and the decay. 0 for an entity every article mentions.
 */
export function entityWeight(articles: number, mentionCount: number, salience: number): number {
  if (mentionCount <= 0 || articles <= mentionCount) return 0;
  return Math.round(Math.log(articles / mentionCount) * (salienceMillis(salience) / 1000) * 1e6);
}

/**
 * The score in millionths, exactly as the SQL computes it: the integer sum of weight × salience there
 * (thousandths), decayed by the time between the articles. For tests and for reading the formula.
 */
export function relatedScoreMicros(shared: readonly { weight: number; salience: number }[], deltaMs: number): number {
  const raw = shared.reduce((sum, s) => sum + s.weight * salienceMillis(s.salience), 0);
  return Math.round((raw * DECAY_MS) / (DECAY_MS + Math.abs(deltaMs)) / 1000);
}

/**
 * Works out which entities weigh what for one article and which index ranges to scan. Uses loaders only
 * (the article's mentions, their entities' mention counts, the archive size), so planning many articles
 * costs the same few statements as planning one, and an article page that shows mentions pays nothing.
 */
export async function planRelated(ctx: Context, article: Article, query: ArticleQuery): Promise<RelatedPlan> {
  const [mentions, counted] = await Promise.all([ctx.loaders.mentionsByArticle.load(article.id), ctx.loaders.articleTotal()]);
  const articles = archiveSize(counted);
  const ids = [...new Set([...mentions.map((m) => m.entityId), ...query.all])];
  const entities = await ctx.loaders.entityById.loadMany(ids);
  const counts = new Map<number, number>();
  entities.forEach((e) => e instanceof EntityBase && counts.set(e.id, e.mentionCount));

  const weights = new Map<number, number>();
  for (const m of mentions) {
    const weight = entityWeight(articles, counts.get(m.entityId) ?? 0, m.salience);
    if (weight > 0) weights.set(m.entityId, weight);
  }
  const excluded = new Set(query.none);
  // Common: in more than RELATED_COMMON_SHARE of all articles, and in more than one full scan each way.
  const common = Math.max(articles * RELATED_COMMON_SHARE, 2 * RELATED_PER_ENTITY);
  const scan = (entityId: number): RelatedScan => ({
    entityId,
    limit: (counts.get(entityId) ?? 0) > common ? RELATED_PER_COMMON_ENTITY : RELATED_PER_ENTITY,
  });
  const scans = [...weights]
    .filter(([e]) => !excluded.has(e))
    .sort((x, y) => y[1] - x[1] || x[0] - y[0])
    .slice(0, RELATED_MAX_ENTITIES)
    .map(([e]) => scan(e));
  // The rarest entity the filter requires: every result mentions it, so its range near the article holds
  // matching stories even when the article's own entities' nearest articles do not match.
  const driver = [...query.all].sort((x, y) => (counts.get(x) ?? 0) - (counts.get(y) ?? 0) || x - y)[0];
  if (scans.length && driver != null && !scans.some((s) => s.entityId === driver)) scans.push(scan(driver));
  return { articleId: article.id, publishedAt: article.publishedAt.getTime(), query, weights, scans };
}

/**
 * Filter conditions on the candidate whose id is the SQL expression `id`: the entity conditions and the
 * search as article lists probe them (article.service.ts), the desk by article's primary key. `scanned`
 * is the entity whose range is walked: requiring it again would be a wasted probe.
 */
function filterProbes(p: SqlParams, q: ArticleQuery, id: string, scanned: number): string[] {
  const probes = entityProbes(p, { ...q, all: q.all.filter((e) => e !== scanned) }, id, { atLeast: true });
  if (q.desk != null) probes.push(`EXISTS (SELECT 1 FROM article ad WHERE ad."id" = ${id} AND ad."deskKey" = ${p.bind(q.desk)})`);
  if (q.search) probes.push(searchProbe(p, q.search, id));
  return probes;
}

/**
 * The nearest matching articles before (`later` false) or after the planned article in the range of
 * the mention index of `entity` (an SQL expression: a bound id, or a LATERAL list's column), nearest
 * first: `SELECT "articleId", "publishedAt"`, at most `limit` rows. (publishedAt, articleId) strictly
 * before or after the article's own, so the article itself is never a candidate. `scanned` is the
 * entity whose range this is when known, so its own probe can be left out.
 */
function nearestSql(p: SqlParams, plan: RelatedPlan, entity: string, scanned: number, later: boolean, limit: number): string {
  const q = plan.query;
  const [op, dir] = later ? [">", "ASC"] : ["<", "DESC"];
  // Placeholders are bound in text order (SQLite's `?` are positional): the range, then the probes.
  const range = [`m."entityId" = ${entity}`, `(m."publishedAt", m."articleId") ${op} (${p.bind(plan.publishedAt)}, ${p.bind(plan.articleId)})`];
  if (q.from != null) range.push(`m."publishedAt" >= ${p.bind(q.from)}`);
  if (q.to != null) range.push(`m."publishedAt" < ${p.bind(q.to)}`);
  const walk = `SELECT m."articleId", m."publishedAt" FROM mention m WHERE ${range.join(" AND ")} ORDER BY m."publishedAt" ${dir}, m."articleId" ${dir}`;
  const probes = filterProbes(p, q, `w."articleId"`, scanned);
  if (!probes.length) return `${walk} LIMIT ${limit}`;
  return (
    `SELECT w."articleId", w."publishedAt" FROM (${walk} LIMIT ${RELATED_SCAN_DEPTH}) w` +
    ` WHERE ${probes.join(" AND ")} ORDER BY w."publishedAt" ${dir}, w."articleId" ${dir} LIMIT ${limit}`
  );
}

/** One entity's scan (see nearestSql) as a member of a UNION: `SELECT "articleId"`. */
function scanSql(p: SqlParams, plan: RelatedPlan, { entityId, limit }: RelatedScan, later: boolean): string {
  return `SELECT "articleId" FROM (${nearestSql(p, plan, p.bind(entityId), entityId, later, limit)}) w`;
}

/**
 * PostgreSQL: the same scans as scanSql, in one direction, as LATERAL walks over VALUES lists of
 * entities instead of a UNION of up to 13 subqueries each way. Same rows; but planning the UNION of 26
 * took longer than running it (1.3 ms against 1.0 at 100,000 articles), the LATERAL form plans in
 * 0.45 ms. One list per scan limit, written as a literal, so that PostgreSQL knows how few rows each
 * walk returns (with the limit read from the list it guessed thousands, and once chose to read every
 * mention of the article's entities). The probes include the scanned entity when the filter requires
 * it: true of every row of its own range, so redundant but harmless.
 */
function lateralScansSql(p: SqlParams, plan: RelatedPlan, later: boolean): string {
  const limits = [...new Set(plan.scans.map((scan) => scan.limit))];
  return limits
    .map((limit) => {
      const entities = plan.scans.filter((scan) => scan.limit === limit).map((scan) => `(${p.bind(scan.entityId)}::integer)`);
      return `SELECT x."articleId" FROM (VALUES ${entities.join(", ")}) AS sc("entityId") CROSS JOIN LATERAL (${nearestSql(p, plan, `sc."entityId"`, NaN, later, limit)}) x`;
    })
    .join(" UNION ");
}

/**
 * Every candidate that shares a weighted entity with the article, with its publication instant and its
 * exact integer sum Σ weight(e) × salience-there thousandths: columns "id", "publishedAt", "raw".
 */
function scoredCandidatesSql(p: SqlParams, plan: RelatedPlan): string {
  const weights = [...plan.weights];
  const candidates =
    p.dialect === "postgres"
      ? () => `${lateralScansSql(p, plan, false)} UNION ${lateralScansSql(p, plan, true)}`
      : () => plan.scans.flatMap((e) => [scanSql(p, plan, e, false), scanSql(p, plan, e, true)]).join(" UNION ");
  // One template, so placeholders are bound in the order they appear: weights, scans, entity list, article.
  // `+ 0` keeps the entity list out of the index condition: PostgreSQL 15 would descend the primary key
  // once per listed entity and candidate; reading each candidate's few mentions once is cheaper. (Nor
  // are the weights a VALUES list joined on the entity: PostgreSQL then read every mention of every
  // weighted entity, 1.5 s at a million articles, to join it with a few dozen candidates.)
  return (
    `SELECT s."articleId" AS "id", MAX(s."publishedAt") AS "publishedAt",` +
    ` CAST(SUM(CASE s."entityId" ${weights.map(([e, w]) => `WHEN ${p.bind(e)} THEN CAST(${p.bind(w)} AS BIGINT)`).join(" ")} ELSE 0 END` +
    ` * CAST(ROUND(s."salience" * 1000) AS BIGINT)) AS BIGINT) AS "raw"` +
    ` FROM (${candidates()}) c` +
    ` JOIN mention s ON s."articleId" = c."articleId"` +
    ` WHERE s."entityId" + 0 IN ${p.list(weights.map(([e]) => e))} AND s."articleId" <> ${p.bind(plan.articleId)}` +
    ` GROUP BY s."articleId"`
  );
}

/**
 * One page of related stories: `article` rows plus "relatedScore" (millionths), `limit + 1` of them,
 * after the cursor in (score DESC, id ASC) order. The order is restored by the caller.
 */
export function relatedPageSql(p: SqlParams, { plan, page }: RelatedPageKey): string {
  // The decay in double precision, once per candidate, then rounded: the same expression on both dialects.
  const score = (pub: string) =>
    `CAST(ROUND(CAST(g."raw" AS DOUBLE PRECISION) * ${DECAY_MS} / (${DECAY_MS} + ABS(${pub} - ${p.bind(plan.publishedAt)})) / 1000) AS BIGINT)`;
  let sql = `SELECT g."id", ${score(`g."publishedAt"`)} AS "score" FROM (${scoredCandidatesSql(p, plan)}) g`;
  sql = `SELECT r0."id", r0."score" FROM (${sql}) r0`;
  if (page.after) {
    const [s, id] = page.after;
    sql += ` WHERE (r0."score" < ${p.bind(s)} OR (r0."score" = ${p.bind(s)} AND r0."id" > ${p.bind(id)}))`;
  }
  sql += ` ORDER BY r0."score" DESC, r0."id" ASC LIMIT ${page.limit + 1}`;
  return `SELECT ${articleListColumns("a")}, r."score" AS "relatedScore" FROM (${sql}) r JOIN article a ON a."id" = r."id"`;
}

/** The number of candidates of a plan (see RelatedArticleConnection), as column `n`. */
export function relatedCountSql(p: SqlParams, plan: RelatedPlan): string {
  return `SELECT COUNT(*) AS n FROM (${scoredCandidatesSql(p, plan)}) g`;
}

/** The entities two articles share, the one adding most to the score first (ties: lower id first). */
async function sharedEntities(ctx: Context, plan: RelatedPlan, articleId: number): Promise<EntityBase[]> {
  const mentions = await ctx.loaders.mentionsByArticle.load(articleId);
  const shared = mentions
    .filter((m) => plan.weights.has(m.entityId))
    .map((m) => ({ id: m.entityId, worth: (plan.weights.get(m.entityId) ?? 0) * salienceMillis(m.salience) }))
    .sort((x, y) => y.worth - x.worth || x.id - y.id);
  const entities = await ctx.loaders.entityById.loadMany(shared.map((s) => s.id));
  return entities.filter((e): e is EntityBase => e instanceof EntityBase);
}

/**
 * `Article.related` as a connection (see RelatedArticleConnection). Pages, counts and the planning
 * behind them go through per-request loaders, so the related stories of every article on a page cost
 * the same statements as those of one.
 */
export async function relatedConnection(ctx: Context, article: Article, args: RelatedArticleArgs): Promise<RelatedArticleConnection> {
  const page = pageRequest({ first: args.first, after: args.after }, ORDER_TAG, ["int53", "int32"]);
  checkAppliedFilter(args.filter);
  const query = await resolveArticleQuery(ctx, { filter: args.filter });
  const plan = await planRelated(ctx, article, query);
  const rows = plan.scans.length ? await ctx.loaders.relatedPage.load({ plan, page }) : [];
  const keyed = rows.map((row) => {
    const node = hydrateArticle(row);
    ctx.loaders.articleById.prime(node.id, node);
    const micros = Number(row.relatedScore);
    return {
      node,
      key: [micros, node.id],
      extras: { score: micros / 1e6, loadSharedEntities: () => sharedEntities(ctx, plan, node.id) },
    };
  });
  keyed.sort((x, y) => y.key[0] - x.key[0] || x.key[1] - y.key[1]);
  return RelatedArticleConnection.from({
    rows: keyed,
    page,
    tag: ORDER_TAG,
    count: async () => (plan.scans.length ? ctx.loaders.relatedCount.load(plan) : 0),
  });
}

import type { SqlParams } from "../db/sql";
import type { EntityKind } from "../entity/entity.entity";

/** How many of the most mentioned entities (of a kind) topCoMentionsSql probes before it sorts every pair. */
export const CO_MENTION_PROBES = 100;

/** Orders of co-mentions: display order (ties to the more prominent, then the lower id), or facets' (count, then id). */
export type CoMentionOrder = "count-weight-id" | "count-id";

/**
 * The first `limit` entities (of `kind`, or of any kind) most often mentioned with `entityId`, from
 * co_mention, as `SELECT "entityId", n, s` (count, weight) in `order`; without sorting all of its pairs
 * when that can be avoided.
 *
 * A popular entity has pairs with ten thousand others, scattered over the co_mention heap: sorting
 * them took 4 ms at a million articles (9 ms when each pair's kind was joined as well), the most
 * expensive part of a person or country page. But another entity shares at most its own mentionCount
 * of articles with it. So the pairs with the CO_MENTION_PROBES most mentioned entities (of the kind)
 * are looked up first: primary-key probes, from the entity indexes on (mentionCount, id) and (kind,
 * mentionCount, id). If `limit` of them share more articles than the least mentioned of those
 * entities has at all, no other entity can rank among them, and they are the answer (strictly more:
 * an equal count could tie and win on weight or id). When every entity of the kind was probed, they
 * are the answer too. Otherwise (the top pairs are with rarely mentioned entities) every pair is
 * sorted. One statement either way: each branch is guarded by the same condition, computed once, so
 * only one of them reads pairs.
 */
export function topCoMentionsSql(p: SqlParams, entityId: number, kind: EntityKind | null, limit: number, order: CoMentionOrder): string {
  const columns = `c."otherId" AS "entityId", c."count" AS n, c."weight" AS s`;
  const sort = `ORDER BY c."count" DESC${order === "count-weight-id" ? `, c."weight" DESC` : ""}, c."otherId" ASC LIMIT ${limit}`;
  // Named subqueries, each computed once (PostgreSQL materialises one used twice). Bound in text order
  // for SQLite's positional `?`: each use of a value binds it again.
  const top =
    `SELECT t."id", t."mentionCount" FROM entity t${kind ? ` WHERE t."kind" = ${p.bind(kind)}` : ""}` +
    ` ORDER BY t."mentionCount" DESC, t."id" DESC LIMIT ${CO_MENTION_PROBES}`;
  const probed = `SELECT ${columns} FROM top t JOIN co_mention c ON c."entityId" = ${p.bind(entityId)} AND c."otherId" = t."id" ${sort}`;
  const settled =
    `SELECT CASE WHEN (SELECT COUNT(*) FROM top) < ${CO_MENTION_PROBES} THEN 1` +
    ` WHEN (SELECT COUNT(*) FROM probed) >= ${limit} AND (SELECT MIN(n) FROM probed) > (SELECT MIN("mentionCount") FROM top) THEN 1 ELSE 0 END AS ok`;
  const everyPair =
    `SELECT ${columns} FROM co_mention c` +
    (kind ? ` JOIN entity e ON e."id" = c."otherId" AND e."kind" = ${p.bind(kind)}` : "") +
    ` WHERE c."entityId" = ${p.bind(entityId)} ${sort}`;
  return (
    `WITH top AS (${top}), probed AS (${probed}), settled AS (${settled})` +
    ` SELECT * FROM probed WHERE (SELECT ok FROM settled) = 1` +
    ` UNION ALL SELECT * FROM (${everyPair}) f WHERE (SELECT ok FROM settled) = 0`
  );
}

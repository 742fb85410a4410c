import type { DataSource } from "typeorm";
import { queryPerKey } from "../db/batch";
import type { SqlParams } from "../db/sql";
import type { EntityKind } from "../entity/entity.entity";

/** How many of the most mentioned entities (of a kind) a co-mention probe looks up before every pair is sorted. */
export const CO_MENTION_PROBES = 100;

/** Orders of co-mentions: display order (ties to the more prominent, then the lower id), or facets' (count, then id). */
export type CoMentionOrder = "count-weight-id" | "count-id";

/** The first `limit` entities (of `kind`, or of any kind) most often mentioned with `entityId`. */
export interface TopCoMentions {
  entityId: number;
  kind: EntityKind | null;
  limit: number;
  order: CoMentionOrder;
}

/** One co-mention: the other entity, the articles they share (`n`) and its weight in them (`s`). */
export interface CoMentionRow {
  entityId: number;
  n: number;
  s: number;
}

/** A row selecting ("entityId", n, s) as a CoMentionRow. */
export function toCoMentionRow(row: Record<string, unknown>): CoMentionRow {
  return { entityId: Number(row.entityId), n: Number(row.n), s: Number(row.s) };
}

/*
 * A popular entity has pairs with ten thousand others, scattered over the co_mention heap: sorting
 * them took 4 ms at a million articles (9 ms when each pair's kind was joined as well), the most
 * expensive part of a person or country page. But another entity shares at most its own mentionCount
 * of articles with it. So the pairs with the CO_MENTION_PROBES most mentioned entities (of the kind)
 * are looked up first (coMentionProbeSql: primary-key probes, from the entity indexes on
 * (mentionCount, id) and (kind, mentionCount, id)), and settleCoMentions decides in Node whether
 * they are the answer: when `limit` of them share more articles than the least mentioned probed
 * entity has at all, no other entity can rank among them (strictly more: an equal count could tie
 * and win on weight or id); when every entity of the kind was probed, they are the answer too.
 * Otherwise (the top pairs are with rarely mentioned entities) everyCoMentionSql sorts every pair,
 * in a second statement for just those keys.
 *
 * The decision was once one statement (CTEs guarding both branches). PostgreSQL spent up to 4 ms
 * planning it when a country page asked for two facet kinds (copying the CTEs' trees), more than
 * running it; the probe alone plans in 0.2 ms.
 */

/**
 * A probe subquery selecting ("entityId", n, s, m) for each of the most mentioned entities of the
 * kind: n and s are NULL when it shares no article with `entityId`; m is its mentionCount. Bound in
 * text order (SQLite's `?` are positional): the kind, then the entity.
 */
export function coMentionProbeSql(p: SqlParams, entityId: number, kind: EntityKind | null): string {
  const top =
    `SELECT t."id", t."mentionCount" FROM entity t${kind ? ` WHERE t."kind" = ${p.bind(kind)}` : ""}` +
    ` ORDER BY t."mentionCount" DESC, t."id" DESC LIMIT ${CO_MENTION_PROBES}`;
  return (
    `SELECT t."id" AS "entityId", c."count" AS n, c."weight" AS s, t."mentionCount" AS m FROM (${top}) t` +
    ` LEFT JOIN co_mention c ON c."entityId" = ${p.bind(entityId)} AND c."otherId" = t."id"`
  );
}

/** Compares co-mentions in `order`. */
export function compareCoMentions(order: CoMentionOrder): (x: CoMentionRow, y: CoMentionRow) => number {
  return order === "count-weight-id"
    ? (x, y) => y.n - x.n || y.s - x.s || x.entityId - y.entityId
    : (x, y) => y.n - x.n || x.entityId - y.entityId;
}

/**
 * The answer to `request` from its probe rows (coMentionProbeSql), in order; null when the probed
 * entities cannot settle it and every pair must be sorted (everyCoMentionSql).
 */
export function settleCoMentions(request: TopCoMentions, probe: readonly Record<string, unknown>[]): CoMentionRow[] | null {
  if (request.limit === 0) return [];
  const paired = probe
    .filter((r) => r.n != null)
    .map(toCoMentionRow)
    .sort(compareCoMentions(request.order))
    .slice(0, request.limit);
  if (probe.length < CO_MENTION_PROBES) return paired;
  const leastMentioned = Math.min(...probe.map((r) => Number(r.m)));
  return paired.length >= request.limit && paired[paired.length - 1].n > leastMentioned ? paired : null;
}

/** Every pair of `request`'s entity sorted, as ("entityId", n, s): for requests that the probe did not settle. */
export function everyCoMentionSql(p: SqlParams, request: TopCoMentions): string {
  const sort = `ORDER BY c."count" DESC${request.order === "count-weight-id" ? `, c."weight" DESC` : ""}, c."otherId" ASC LIMIT ${request.limit}`;
  return (
    `SELECT c."otherId" AS "entityId", c."count" AS n, c."weight" AS s FROM co_mention c` +
    (request.kind ? ` JOIN entity e ON e."id" = c."otherId" AND e."kind" = ${p.bind(request.kind)}` : "") +
    ` WHERE c."entityId" = ${p.bind(request.entityId)} ${sort}`
  );
}

/**
 * The answers to `requests` given each one's probe rows: settled in Node where the probe allows,
 * the rest by one more statement that sorts every pair of just those (everyCoMentionSql).
 */
export async function settleOrSortCoMentions(
  db: DataSource,
  requests: readonly TopCoMentions[],
  probes: readonly (readonly Record<string, unknown>[])[],
): Promise<CoMentionRow[][]> {
  const answers = requests.map((request, i) => settleCoMentions(request, probes[i]));
  const open = requests.flatMap((request, i) => (answers[i] === null ? [i] : []));
  if (open.length) {
    const sorted = await queryPerKey(db, open, (i, p) => everyCoMentionSql(p, requests[i]));
    open.forEach((i, j) => {
      answers[i] = sorted[j].map(toCoMentionRow).sort(compareCoMentions(requests[i].order));
    });
  }
  return answers as CoMentionRow[][];
}

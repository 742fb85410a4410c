import type { Context } from "../context";
import { queryPerKey } from "../db/batch";
import { topCoMentionsSql } from "../mention/co-mention.ranking";
import { EntityBase, EntityKind } from "../entity/entity.entity";
import { BadUserInputError } from "../errors/errors";
import { MAX_PAGE_SIZE } from "../relay/connection";
import { isUnconstrained, matchingArticlesSql, mentionCounts, type ArticlePageKey } from "./article.service";
import { DeskFacet, EntityFacet } from "./facets.types";

/** One facet list of one connection. */
export interface FacetKey {
  source: ArticlePageKey;
  /** An entity kind, or "DESK". */
  facet: EntityKind | "DESK";
  first: number;
}

/** Checks a facet list's size (0..100, like pages). */
export function facetSize(first: number): number {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`\`first\` must be between 0 and ${MAX_PAGE_SIZE}; got ${first}`, { argumentName: "first", min: 0, max: MAX_PAGE_SIZE });
  }
  return first;
}

/**
 * Batch function of the facets loader: every facet list of a request level in one statement.
 * An entity's unfiltered articles use the counts stored on write: co-mention pairs ("articles of X
 * that also mention Y") and entity_desk (X's articles per desk), so a country page's facets read key
 * ranges instead of grouping all its articles. Otherwise the matching articles' rows are grouped.
 */
export async function loadFacets(ctx: Context, keys: readonly FacetKey[]): Promise<{ id: number | string; label?: string; n: number }[][]> {
  const counts = await mentionCounts(ctx, keys.map((k) => k.source));
  // Every subquery selects (id, label, n): desks' ids are text, entities' ids numbers, so ids are
  // compared as text across the batch and told apart again below.
  const grouped = await queryPerKey(ctx.db, keys, (key, p) => {
    const { source } = key;
    if (key.facet === "DESK") {
      // A desk is shown as its latest article credits it (one probe of the desk index per row).
      const label = (deskKey: string) => `(SELECT l."desk" FROM article l WHERE l."deskKey" = ${deskKey} ORDER BY l."publishedAt" DESC, l."id" DESC LIMIT 1)`;
      if (source.scope !== null && isUnconstrained(source.query)) {
        return (
          `SELECT d."deskKey" AS id, ${label(`d."deskKey"`)} AS label, d."count" AS n FROM entity_desk d WHERE d."entityId" = ${p.bind(source.scope)}` +
          ` ORDER BY d."count" DESC, d."deskKey" ASC LIMIT ${key.first}`
        );
      }
      const matching = matchingArticlesSql(p, source, counts);
      return (
        `SELECT g.id, ${label("g.id")} AS label, g.n FROM (SELECT a."deskKey" AS id, COUNT(*) AS n FROM article a WHERE a."id" IN (${matching}) AND a."deskKey" IS NOT NULL` +
        ` GROUP BY a."deskKey" ORDER BY n DESC, id ASC LIMIT ${key.first}) AS g`
      );
    }
    if (source.scope !== null && isUnconstrained(source.query)) {
      return (
        `SELECT CAST(u.id AS VARCHAR(20)) AS id, NULL AS label, u.n FROM (SELECT tc."entityId" AS id, tc.n FROM (${topCoMentionsSql(p, source.scope, key.facet, key.first, "count-id")}) tc` +
        ` UNION ALL SELECT e2."id" AS id, e2."mentionCount" AS n FROM entity e2 WHERE e2."id" = ${p.bind(source.scope)} AND e2."kind" = ${p.bind(key.facet)}) AS u` +
        ` ORDER BY u.n DESC, u.id ASC LIMIT ${key.first}`
      );
    }
    if (source.scope === null && isUnconstrained(source.query)) {
      return `SELECT CAST("id" AS VARCHAR(20)) AS id, NULL AS label, "mentionCount" AS n FROM entity WHERE "kind" = ${p.bind(key.facet)} AND "mentionCount" > 0 ORDER BY "mentionCount" DESC, "id" ASC LIMIT ${key.first}`;
    }
    // Bound in text order (SQLite's `?` are positional): the matching articles first, then the kind.
    const matching = matchingArticlesSql(p, source, counts);
    return (
      `SELECT CAST(m."entityId" AS VARCHAR(20)) AS id, NULL AS label, COUNT(*) AS n FROM mention m JOIN entity e ON e."id" = m."entityId"` +
      ` WHERE m."articleId" IN (${matching}) AND e."kind" = ${p.bind(key.facet)} GROUP BY m."entityId" ORDER BY COUNT(*) DESC, m."entityId" ASC LIMIT ${key.first}`
    );
  });
  return grouped.map((rows, i) =>
    rows
      .map((r) => ({ id: keys[i].facet === "DESK" ? String(r.id) : Number(r.id), label: (r.label as string | null) ?? undefined, n: Number(r.n) }))
      .sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
}

/** The entity facet list of a connection. */
export async function entityFacets(ctx: Context, source: ArticlePageKey, kind: EntityKind, first: number): Promise<EntityFacet[]> {
  const rows = await ctx.loaders.articleFacets.load({ source, facet: kind, first: facetSize(first) });
  const entities = await ctx.loaders.entityById.loadMany(rows.map((r) => Number(r.id)));
  return rows.flatMap((row, i) => {
    const entity = entities[i];
    return entity instanceof EntityBase ? [Object.assign(new EntityFacet(), { entity, count: row.n })] : [];
  });
}

/** The desk facet list of a connection. */
export async function deskFacets(ctx: Context, source: ArticlePageKey, first: number): Promise<DeskFacet[]> {
  const rows = await ctx.loaders.articleFacets.load({ source, facet: "DESK", first: facetSize(first) });
  return rows.map((row) => Object.assign(new DeskFacet(), { desk: row.label ?? String(row.id), count: row.n }));
}

import type { Context } from "../context";
import { queryPerKey } from "../db/batch";
import { coMentionProbeSql, settleOrSortCoMentions, type TopCoMentions } from "../mention/co-mention.ranking";
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

/** A facet's counts: an entity id or a desk key, the desk as shown, and the count. */
type FacetRow = { id: number | string; label?: string; n: number };

/**
 * Batch function of the facets loader: every facet list of a request level in one statement
 * (rarely two, see below). An entity's unfiltered articles use the counts stored on write:
 * co-mention pairs ("articles of X that also mention Y") and entity_desk (X's articles per desk), so a
 * country page's facets read key ranges instead of grouping all its articles; its entity facets are
 * settled from a probe of the most mentioned entities when they can be, else every pair is sorted by
 * a second statement (settleOrSortCoMentions). Otherwise the matching articles' rows are grouped.
 */
export async function loadFacets(ctx: Context, keys: readonly FacetKey[]): Promise<FacetRow[][]> {
  const counts = await mentionCounts(ctx, keys.map((k) => k.source));
  const coMentions = (key: FacetKey): TopCoMentions | null =>
    key.facet !== "DESK" && key.source.scope !== null && isUnconstrained(key.source.query)
      ? { entityId: key.source.scope, kind: key.facet, limit: key.first, order: "count-id" }
      : null;
  // Every subquery selects (id, label, n, m): desks' ids are text, entities' ids numbers, so ids are
  // compared as text across the batch and told apart again below; m is a probed entity's mentionCount.
  const grouped = await queryPerKey(ctx.db, keys, (key, p) => {
    const { source } = key;
    const probe = coMentions(key);
    if (probe) {
      return `SELECT CAST(x."entityId" AS VARCHAR(20)) AS id, NULL AS label, x.n, x.m FROM (${coMentionProbeSql(p, probe.entityId, probe.kind)}) x`;
    }
    if (key.facet === "DESK") {
      // A desk is shown as its latest article credits it (one probe of the desk index per row).
      const label = (deskKey: string) => `(SELECT l."desk" FROM article l WHERE l."deskKey" = ${deskKey} ORDER BY l."publishedAt" DESC, l."id" DESC LIMIT 1)`;
      if (source.scope !== null && isUnconstrained(source.query)) {
        return (
          `SELECT d."deskKey" AS id, ${label(`d."deskKey"`)} AS label, d."count" AS n, CAST(NULL AS INTEGER) AS m FROM entity_desk d WHERE d."entityId" = ${p.bind(source.scope)}` +
          ` ORDER BY d."count" DESC, d."deskKey" ASC LIMIT ${key.first}`
        );
      }
      const matching = matchingArticlesSql(p, source, counts);
      return (
        `SELECT g.id, ${label("g.id")} AS label, g.n, CAST(NULL AS INTEGER) AS m FROM (SELECT a."deskKey" AS id, COUNT(*) AS n FROM article a WHERE a."id" IN (${matching}) AND a."deskKey" IS NOT NULL` +
        ` GROUP BY a."deskKey" ORDER BY n DESC, id ASC LIMIT ${key.first}) AS g`
      );
    }
    if (source.scope === null && isUnconstrained(source.query)) {
      return `SELECT CAST("id" AS VARCHAR(20)) AS id, NULL AS label, "mentionCount" AS n, CAST(NULL AS INTEGER) AS m FROM entity WHERE "kind" = ${p.bind(key.facet)} AND "mentionCount" > 0 ORDER BY "mentionCount" DESC, "id" ASC LIMIT ${key.first}`;
    }
    // Bound in text order (SQLite's `?` are positional): the matching articles first, then the kind.
    const matching = matchingArticlesSql(p, source, counts);
    return (
      `SELECT CAST(m."entityId" AS VARCHAR(20)) AS id, NULL AS label, COUNT(*) AS n, CAST(NULL AS INTEGER) AS m FROM mention m JOIN entity e ON e."id" = m."entityId"` +
      ` WHERE m."articleId" IN (${matching}) AND e."kind" = ${p.bind(key.facet)} GROUP BY m."entityId" ORDER BY COUNT(*) DESC, m."entityId" ASC LIMIT ${key.first}`
    );
  });
  const facets: FacetRow[][] = grouped.map((rows, i) =>
    rows.map((r) => ({ id: keys[i].facet === "DESK" ? String(r.id) : Number(r.id), label: (r.label as string | null) ?? undefined, n: Number(r.n) })),
  );
  const probed = keys.flatMap((key, i) => {
    const request = coMentions(key);
    return request ? [{ i, request }] : [];
  });
  if (probed.length) {
    const settled = await settleOrSortCoMentions(
      ctx.db,
      probed.map((x) => x.request),
      probed.map((x) => grouped[x.i].map((r) => ({ entityId: r.id, n: r.n, m: r.m }))),
    );
    const scopes = await ctx.loaders.entityById.loadMany(probed.map((x) => x.request.entityId));
    probed.forEach(({ i, request }, j) => {
      const rows: FacetRow[] = settled[j].map((c) => ({ id: c.entityId, n: c.n }));
      // The entity itself is in every one of its articles: a facet of its own kind counts it too.
      const scope = scopes[j];
      if (scope instanceof EntityBase && scope.kind === request.kind) rows.push({ id: scope.id, n: scope.mentionCount });
      facets[i] = rows;
    });
  }
  return facets.map((rows, i) =>
    rows.sort((a, b) => b.n - a.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).slice(0, keys[i].first),
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

import DataLoader from "dataloader";
import type { Context } from "../context";
import { byKey, MAX_KEYS_PER_LIST, selectIn } from "../db/batch";
import { hydrateArticle } from "./article.rows";
import type { Article } from "./article.entity";
import { articlePageCacheKey, loadArticleCounts, loadArticlePages, type ArticlePageKey } from "./article.service";
import type { KeyedNode } from "../relay/connection";
import { loadFacets, type FacetKey } from "./facets.service";

/** Per-request loaders for articles. */
export function createArticleLoaders(ctx: Context) {
  const byColumn = (column: "id" | "slug" | "url") =>
    new DataLoader<string | number, Article | null>(
      async (keys) => {
        const rows = await selectIn(ctx.db, keys, (list) => `SELECT * FROM article WHERE "${column}" IN ${list()}`);
        const articles = rows.map(hydrateArticle);
        // Found by slug or url, an article is also known by id for the rest of the request.
        if (column !== "id") for (const article of articles) articleById.prime(article.id, article);
        return byKey(keys, articles, (a) => (column === "id" ? a.id : a[column]) as string | number);
      },
      { maxBatchSize: MAX_KEYS_PER_LIST },
    );
  const articleById = byColumn("id") as DataLoader<number, Article | null>;
  return {
    articleById,
    articleBySlug: byColumn("slug") as DataLoader<string, Article | null>,
    articleByUrl: byColumn("url") as DataLoader<string, Article | null>,
    /** The body of articles read for lists (which leave it out); null for an article that is gone. */
    articleBody: new DataLoader<number, string | null>(
      async (ids) => {
        const rows = await selectIn(ctx.db, ids, (list) => `SELECT "id", "body" FROM article WHERE "id" IN ${list()}`);
        const bodies = byKey(ids, rows, (row) => Number(row.id));
        return bodies.map((row) => (row ? (row.body as string) : null));
      },
      { maxBatchSize: MAX_KEYS_PER_LIST },
    ),
    /** One page of articles per (scope, filter, page); all pages of a request level in one statement. */
    articlePage: new DataLoader<ArticlePageKey, KeyedNode<Article>[], string>((keys) => loadArticlePages(ctx, keys), {
      cacheKeyFn: articlePageCacheKey,
      maxBatchSize: 100,
    }),
    /** Facet counts per (connection, facet, size), for `ArticleConnection.facets`. */
    articleFacets: new DataLoader<FacetKey, Awaited<ReturnType<typeof loadFacets>>[number], string>((keys) => loadFacets(ctx, keys), {
      cacheKeyFn: (key) => JSON.stringify([key.source.scope, key.source.query, key.facet, key.first]),
      maxBatchSize: 100,
    }),
    /** Total matches per (scope, filter), for `totalCount`. */
    articleCount: new DataLoader<ArticlePageKey, number, string>((keys) => loadArticleCounts(ctx, keys), {
      cacheKeyFn: (key) => JSON.stringify([key.scope, key.query]),
      maxBatchSize: 100,
    }),
  };
}

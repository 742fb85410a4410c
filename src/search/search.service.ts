import type { Context } from "../context";
import type { EntityBase } from "../entity/entity.entity";
import { nameKey } from "../entity/entity.rows";
import { BadUserInputError } from "../errors/errors";
import { MAX_PAGE_SIZE } from "../relay/connection";
import { articleConnection } from "../article/article.service";
import type { ArticleConnection } from "../article/article.types";
import { formatSearchQuery, parseSearchQuery } from "./search-query";
import { SearchResults, type SearchArticlesArgs } from "./search.types";

/**
 * `Query.search`: checks the search text (BAD_USER_INPUT naming `query` when there is nothing to
 * search for) and `first`, so that both result lists can be resolved when selected.
 */
export function search(text: string, first: number): SearchResults {
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`\`first\` must be between 0 and ${MAX_PAGE_SIZE}; got ${first}`, { argumentName: "first", min: 0, max: MAX_PAGE_SIZE });
  }
  const parsed = parseSearchQuery(text, "query");
  return Object.assign(new SearchResults(), { query: formatSearchQuery(parsed), text, first });
}

/** The articles of a search, most relevant first: `Query.articles(filter: { search })` with the search's page size. */
export function searchArticles(ctx: Context, results: SearchResults, args: SearchArticlesArgs): Promise<ArticleConnection> {
  const first = args.first ?? (args.last == null ? results.first : null);
  return articleConnection(ctx, { ...args, first, filter: { search: results.text } }, null);
}

/**
 * Entities for autocomplete: those with a name, alias or slug that begins with the search text,
 * ignoring case and accents ("khame", "KHAMENEÍ" → Ali Khamenei), most mentioned first.
 */
export async function searchEntities(ctx: Context, results: SearchResults): Promise<EntityBase[]> {
  const prefix = nameKey(results.text.replace(/"/g, " "));
  if (!prefix || !results.first) return [];
  return ctx.loaders.entitiesByPrefix.load({ prefix, limit: results.first });
}

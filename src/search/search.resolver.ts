import { Arg, Args, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { EntityBase } from "../entity/entity.entity";
import { ArticleConnection } from "../article/article.types";
import { MAX_PAGE_SIZE } from "../relay/connection";
import { MAX_SEARCH_LENGTH } from "./search-query";
import { search, searchArticles, searchEntities } from "./search.service";
import { SearchArticlesArgs, SearchResults } from "./search.types";

/** `Query.search` and the lists of its results. */
@Resolver(() => SearchResults)
export class SearchResolver {
  @Query(() => SearchResults, {
    description:
      "Searches articles and entities at once, for a search page or an autocomplete box: articles matching the search, most relevant " +
      "first (the syntax of `ArticleFilter.search`), and entities whose name, alias or slug begins with the text.",
  })
  search(
    @Arg("query", () => String, { description: `What the user typed (at most ${MAX_SEARCH_LENGTH} characters): words, "quoted phrases", OR, -exclusions.` }) query: string,
    @Arg("first", () => Int, { defaultValue: 10, description: `How many entities to return (0 to ${MAX_PAGE_SIZE}), and the default page size of \`articles\`.` }) first: number,
  ): SearchResults {
    return search(query, first);
  }

  @FieldResolver(() => ArticleConnection, { description: "Articles matching the search, most relevant first (headline matches weigh most, then summary, then body); page with the cursors." })
  articles(@Root() results: SearchResults, @Ctx() ctx: Context, @Args(() => SearchArticlesArgs) args: SearchArticlesArgs): Promise<ArticleConnection> {
    return searchArticles(ctx, results, args);
  }

  @FieldResolver(() => [EntityBase], { description: "People, countries and topics with a name, alias or slug that begins with the search text, ignoring case and accents (\"khame\" finds Ali Khamenei); most mentioned first, at most `first`." })
  entities(@Root() results: SearchResults, @Ctx() ctx: Context): Promise<EntityBase[]> {
    return searchEntities(ctx, results);
  }
}

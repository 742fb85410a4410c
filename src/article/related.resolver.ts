import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { Article } from "./article.entity";
import { relatedConnection } from "./related.service";
import { RelatedArticleArgs, RelatedArticleConnection } from "./related.types";

/** `Article.related`: stories related to an article by the entities they share. */
@Resolver(() => Article)
export class RelatedArticleResolver {
  @FieldResolver(() => RelatedArticleConnection, {
    description:
      "Other stories that mention the same people, countries and topics, most related first (see `RelatedArticleEdge.score`): " +
      "a shared rare entity counts more than a common one, a central one more than a passing one, a story near in time more than a distant one. " +
      "Never this article itself. `filter` narrows them as in `Query.articles`.",
  })
  related(@Root() article: Article, @Ctx() ctx: Context, @Args(() => RelatedArticleArgs) args: RelatedArticleArgs): Promise<RelatedArticleConnection> {
    return relatedConnection(ctx, article, args);
  }
}

import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { EntityKind } from "../entity/entity.entity";
import { Mention } from "../mention/mention.entity";
import { mentionedEntities, mentionsOf } from "../mention/mention.service";
import { Person } from "../person/person.entity";
import { Country } from "../country/country.entity";
import { Topic } from "../topic/topic.entity";
import { Article } from "./article.entity";
import { ArticleConnectionArgs } from "./article.inputs";
import { articleConnection, findArticle } from "./article.service";
import { ArticleConnection } from "./article.types";

/** Root article queries and the relations of an Article. */
@Resolver(() => Article)
export class ArticleResolver {
  @Query(() => Article, { nullable: true, description: "One article, by exactly one of `id`, `slug` or `url`; null when there is none." })
  article(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { nullable: true, description: "Global id of the article." }) id?: string | null,
    @Arg("slug", () => String, { nullable: true, description: "Slug of the article." }) slug?: string | null,
    @Arg("url", () => String, { nullable: true, description: "Canonical URL of the article." }) url?: string | null,
  ): Promise<Article | null> {
    return findArticle(ctx, { id, slug, url });
  }

  @Query(() => ArticleConnection, { description: "Articles matching a filter, newest first unless `orderBy` says otherwise." })
  articles(@Ctx() ctx: Context, @Args(() => ArticleConnectionArgs) args: ArticleConnectionArgs): Promise<ArticleConnection> {
    return articleConnection(ctx, args, null);
  }

  @FieldResolver(() => [Mention], { description: "Every entity the article mentions, with how often and how centrally; most salient first." })
  mentions(@Root() article: Article, @Ctx() ctx: Context): Promise<Mention[]> {
    return mentionsOf(ctx, article.id);
  }

  @FieldResolver(() => [Person], { description: "People the article mentions, most salient first." })
  people(@Root() article: Article, @Ctx() ctx: Context): Promise<Person[]> {
    return mentionedEntities<Person>(ctx, article.id, EntityKind.PERSON);
  }

  @FieldResolver(() => [Country], { description: "Countries the article mentions, most salient first." })
  countries(@Root() article: Article, @Ctx() ctx: Context): Promise<Country[]> {
    return mentionedEntities<Country>(ctx, article.id, EntityKind.COUNTRY);
  }

  @FieldResolver(() => [Topic], { description: "Topics the article is linked to, most salient first." })
  topics(@Root() article: Article, @Ctx() ctx: Context): Promise<Topic[]> {
    return mentionedEntities<Topic>(ctx, article.id, EntityKind.TOPIC);
  }
}

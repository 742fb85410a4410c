import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { MutationInput } from "../relay/mutation";
import { EDITOR_ROLE } from "../auth/auth";
import { deleteArticle, ingestArticle, updateArticle } from "./article.editor";
import {
  DeleteArticleInput,
  DeleteArticlePayload,
  IngestArticleInput,
  IngestArticlePayload,
  UpdateArticleInput,
  UpdateArticlePayload,
} from "./article.mutations";
import type { Context } from "../context";
import { EntityKind } from "../entity/entity.entity";
import { Mention } from "../mention/mention.entity";
import { mentionedEntities, mentionsOf } from "../mention/mention.service";
import { Person } from "../person/person.entity";
import { Country } from "../country/country.entity";
import { Topic } from "../topic/topic.entity";
import { Article } from "./article.entity";
import { ArticleConnectionArgs } from "./article.inputs";
import { articleBody, articleConnection, findArticle } from "./article.service";
import { ArticleConnection } from "./article.types";

const IngestArticleArgs = MutationInput(IngestArticleInput, "The page or record.");
const UpdateArticleArgs = MutationInput(UpdateArticleInput, "The fields to change.");
const DeleteArticleArgs = MutationInput(DeleteArticleInput, "The article to delete.");

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

  @Authorized(EDITOR_ROLE)
  @Mutation(() => IngestArticlePayload, { description: "Parses, links and stores one page or record, as `newsgraph ingest` does. Needs an editor's token." })
  async ingestArticle(@Ctx() ctx: Context, @Args(() => IngestArticleArgs) { input }: InstanceType<typeof IngestArticleArgs>): Promise<IngestArticlePayload> {
    return Object.assign(new IngestArticlePayload(), await ingestArticle(ctx, input));
  }

  @Authorized(EDITOR_ROLE)
  @Mutation(() => UpdateArticlePayload, { description: "Changes an article and re-links it. Needs an editor's token." })
  async updateArticle(@Ctx() ctx: Context, @Args(() => UpdateArticleArgs) { input }: InstanceType<typeof UpdateArticleArgs>): Promise<UpdateArticlePayload> {
    return Object.assign(new UpdateArticlePayload(), { article: await updateArticle(ctx, input) });
  }

  @Authorized(EDITOR_ROLE)
  @Mutation(() => DeleteArticlePayload, { description: "Deletes an article and its mentions. Needs an editor's token." })
  async deleteArticle(@Ctx() ctx: Context, @Args(() => DeleteArticleArgs) { input }: InstanceType<typeof DeleteArticleArgs>): Promise<DeleteArticlePayload> {
    return Object.assign(new DeleteArticlePayload(), { deletedArticleId: await deleteArticle(ctx, input.id) });
  }

  @FieldResolver(() => String, { description: "The article text as plain paragraphs separated by blank lines, without site chrome." })
  body(@Root() article: Article, @Ctx() ctx: Context): string | Promise<string> {
    return article.body ?? articleBody(ctx, article.id);
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

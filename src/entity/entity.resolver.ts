import { Args, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { ArticleConnectionArgs } from "../article/article.inputs";
import { articleConnection } from "../article/article.service";
import { ArticleConnection } from "../article/article.types";
import { EntityBase } from "./entity.entity";
import { coMentionConnection } from "./entity.service";
import { CoMentionArgs, CoMentionConnection } from "./entity.types";

/** Fields every Entity (Person, Country, Topic) has, resolved once for the interface. */
@Resolver(() => EntityBase)
export class EntityResolver {
  @FieldResolver(() => ArticleConnection, { description: "Articles that mention this entity, newest first; `filter` narrows them further (e.g. `mentioning: [\"Khamenei\"]`)." })
  articles(@Root() entity: EntityBase, @Ctx() ctx: Context, @Args(() => ArticleConnectionArgs) args: ArticleConnectionArgs): Promise<ArticleConnection> {
    return articleConnection(ctx, args, entity.id);
  }

  @FieldResolver(() => CoMentionConnection, { description: "Entities most often mentioned in the same articles as this one, with the number of shared articles; never this entity itself." })
  coMentioned(@Root() entity: EntityBase, @Ctx() ctx: Context, @Args(() => CoMentionArgs) args: CoMentionArgs): Promise<CoMentionConnection> {
    return coMentionConnection(ctx, entity.id, args);
  }
}

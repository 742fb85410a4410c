import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Resolver, Root } from "type-graphql";
import { MutationInput } from "../relay/mutation";
import { EDITOR_ROLE } from "../auth/auth";
import { mergeEntities } from "./entity.editor";
import type { Context } from "../context";
import { ArticleConnectionArgs } from "../article/article.inputs";
import { articleConnection } from "../article/article.service";
import { ArticleConnection } from "../article/article.types";
import { EntityBase } from "./entity.entity";
import { coMentionConnection } from "./entity.service";
import { CoMentionArgs, CoMentionConnection } from "./entity.types";

/** Input of `mergeEntities`. */
@InputType("MergeEntitiesInput", { description: "Two entities of one kind that are the same: `remove` is folded into `keep`." })
export class MergeEntitiesInput {
  @Field(() => ID, { description: "Global id of the entity that stays." })
  keep!: string;

  @Field(() => ID, { description: "Global id of the duplicate, deleted after its mentions, names and references move to `keep`." })
  remove!: string;
}

/** Result of `mergeEntities`. */
@ObjectType("MergeEntitiesPayload", { description: "Result of `mergeEntities`." })
export class MergeEntitiesPayload {
  @Field(() => EntityBase, { description: "The entity that stayed, with the duplicate's mentions and names." })
  entity!: EntityBase;

  @Field(() => ID, { description: "Global id the removed duplicate had; clients can evict it from their caches." })
  removedEntityId!: string;
}

const MergeEntitiesArgs = MutationInput(MergeEntitiesInput, "Which entity stays and which goes.");

/** Fields every Entity (Person, Country, Topic) has, resolved once for the interface. */
@Resolver(() => EntityBase)
export class EntityResolver {
  @Authorized(EDITOR_ROLE)
  @Mutation(() => MergeEntitiesPayload, { description: "Merges a duplicate entity into another of the same kind. Needs an editor's token." })
  async mergeEntities(@Ctx() ctx: Context, @Args(() => MergeEntitiesArgs) { input }: InstanceType<typeof MergeEntitiesArgs>): Promise<MergeEntitiesPayload> {
    const removed = input.remove;
    const entity = await mergeEntities(ctx, input.keep, input.remove);
    return Object.assign(new MergeEntitiesPayload(), { entity, removedEntityId: removed });
  }

  @FieldResolver(() => ArticleConnection, { description: "Articles that mention this entity, newest first; `filter` narrows them further (e.g. `mentioning: [\"Khamenei\"]`)." })
  articles(@Root() entity: EntityBase, @Ctx() ctx: Context, @Args(() => ArticleConnectionArgs) args: ArticleConnectionArgs): Promise<ArticleConnection> {
    return articleConnection(ctx, args, entity.id);
  }

  @FieldResolver(() => CoMentionConnection, { description: "Entities most often mentioned in the same articles as this one, with the number of shared articles; never this entity itself." })
  coMentioned(@Root() entity: EntityBase, @Ctx() ctx: Context, @Args(() => CoMentionArgs) args: CoMentionArgs): Promise<CoMentionConnection> {
    return coMentionConnection(ctx, entity.id, args);
  }
}

import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { MutationInput } from "../relay/mutation";
import { EDITOR_ROLE } from "../auth/auth";
import { RemoveMentionInput, RemoveMentionPayload, SetMentionInput, SetMentionPayload } from "./mention.mutations";
import { removeMention, setMention } from "./mention.service";
import type { Context } from "../context";
import { EntityBase } from "../entity/entity.entity";
import { Mention } from "./mention.entity";

const SetMentionArgs = MutationInput(SetMentionInput, "The link.");
const RemoveMentionArgs = MutationInput(RemoveMentionInput, "The link to remove.");

/** The entity end of a Mention. */
@Resolver(() => Mention)
export class MentionResolver {
  @Authorized(EDITOR_ROLE)
  @Mutation(() => SetMentionPayload, { description: "Links an article to an entity, or changes the link. Needs an editor's token." })
  async setMention(@Ctx() ctx: Context, @Args(() => SetMentionArgs) { input }: InstanceType<typeof SetMentionArgs>): Promise<SetMentionPayload> {
    return Object.assign(new SetMentionPayload(), await setMention(ctx, input));
  }

  @Authorized(EDITOR_ROLE)
  @Mutation(() => RemoveMentionPayload, { description: "Unlinks an article from an entity. Needs an editor's token." })
  async removeMention(@Ctx() ctx: Context, @Args(() => RemoveMentionArgs) { input }: InstanceType<typeof RemoveMentionArgs>): Promise<RemoveMentionPayload> {
    return Object.assign(new RemoveMentionPayload(), await removeMention(ctx, input));
  }

  @FieldResolver(() => EntityBase, { description: "The person, country or topic mentioned." })
  async entity(@Root() mention: Mention, @Ctx() ctx: Context): Promise<EntityBase> {
    const entity = await ctx.loaders.entityById.load(mention.entityId);
    // The foreign key (ON DELETE CASCADE) guarantees the entity exists while the mention does.
    if (!entity) throw new Error(`mention of missing entity ${mention.entityId}`);
    return entity;
  }
}

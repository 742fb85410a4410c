import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { EntityBase } from "../entity/entity.entity";
import { Mention } from "./mention.entity";

/** The entity end of a Mention. */
@Resolver(() => Mention)
export class MentionResolver {
  @FieldResolver(() => EntityBase, { description: "The person, country or topic mentioned." })
  async entity(@Root() mention: Mention, @Ctx() ctx: Context): Promise<EntityBase> {
    const entity = await ctx.loaders.entityById.load(mention.entityId);
    // The foreign key (ON DELETE CASCADE) guarantees the entity exists while the mention does.
    if (!entity) throw new Error(`mention of missing entity ${mention.entityId}`);
    return entity;
  }
}

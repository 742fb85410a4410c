import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { EntityKind } from "../entity/entity.entity";
import { findEntity } from "../entity/entity.service";
import { Topic } from "./topic.entity";

/** Root topic lookup and the topic tree. */
@Resolver(() => Topic)
export class TopicResolver {
  @Query(() => Topic, { nullable: true, description: "One topic, by exactly one of `id` or `slug`; null when there is none." })
  topic(
    @Ctx() ctx: Context,
    @Arg("id", () => ID, { nullable: true, description: "Global id of the topic." }) id?: string | null,
    @Arg("slug", () => String, { nullable: true, description: "Slug of the topic (`diplomacy`)." }) slug?: string | null,
  ) {
    return findEntity(ctx, EntityKind.TOPIC, { id, slug });
  }

  @FieldResolver(() => Topic, { nullable: true, description: "The broader topic; null for the 17 top-level IPTC topics." })
  async parent(@Root() topic: Topic, @Ctx() ctx: Context): Promise<Topic | null> {
    if (topic.parentId == null) return null;
    const parent = await ctx.loaders.entityById.load(topic.parentId);
    return parent instanceof Topic ? parent : null;
  }

  @FieldResolver(() => [Topic], { description: "The narrower topics directly under this one, by name." })
  children(@Root() topic: Topic, @Ctx() ctx: Context): Promise<Topic[]> {
    return ctx.loaders.topicChildren.load(topic.id);
  }
}

import { Args, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { EntityBase } from "./entity.entity";
import { entityTimeline, trendingConnection } from "./timeline.service";
import { TimelineArgs, TimelineBucket, TrendingArgs, TrendingConnection } from "./timeline.types";

/** Mentions over time: every Entity's timeline, and the entities rising most (`Query.trending`). */
@Resolver(() => EntityBase)
export class TimelineResolver {
  @FieldResolver(() => [TimelineBucket], {
    description:
      "Number of articles mentioning this entity per day, ISO week or month (UTC) from `from` to `to`, in order, empty buckets included. " +
      "A first or last bucket that `from` or `to` cuts covers only its part of the range.",
  })
  timeline(@Root() entity: EntityBase, @Ctx() ctx: Context, @Args(() => TimelineArgs) args: TimelineArgs): Promise<TimelineBucket[]> {
    return entityTimeline(ctx, entity.id, args);
  }

  @Query(() => TrendingConnection, {
    description:
      "Entities whose number of articles in a window (ending at `at`) rose most against the window of the same length just before it: " +
      "highest `change` first, then highest `count`, then id.",
  })
  trending(@Ctx() ctx: Context, @Args(() => TrendingArgs) args: TrendingArgs): Promise<TrendingConnection> {
    return trendingConnection(ctx, args);
  }
}

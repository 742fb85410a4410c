import { ArgsType, Directive, Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLDateTimeISO } from "graphql-scalars";
import { ConnectionArgs, connectionTypes } from "../relay/connection";
import { EntityBase, EntityKind } from "./entity.entity";
import { cacheFor, MaxAge } from "../cache/cache-control";

/** Most buckets one timeline returns: ~2.7 years of days, ~19 years of weeks, ~83 years of months. */
export const MAX_TIMELINE_BUCKETS = 1000;

/** Width of a timeline bucket; calendar units in UTC. */
export enum TimelineInterval {
  DAY = "DAY",
  WEEK = "WEEK",
  MONTH = "MONTH",
}

registerEnumType(TimelineInterval, {
  name: "TimelineInterval",
  description: "Width of the buckets of a timeline, in UTC.",
  valuesConfig: {
    DAY: { description: "Calendar days, from midnight UTC." },
    WEEK: { description: "ISO weeks, from Monday midnight UTC." },
    MONTH: { description: "Calendar months, from the first of the month at midnight UTC." },
  },
});

/** Lengths of the windows `Query.trending` compares. */
export enum TrendWindow {
  DAY = "DAY",
  WEEK = "WEEK",
  MONTH = "MONTH",
}

registerEnumType(TrendWindow, {
  name: "TrendWindow",
  description: "Length of the window `trending` counts mentions in; it is compared with the window of the same length just before it.",
  valuesConfig: {
    DAY: { description: "24 hours." },
    WEEK: { description: "7 days." },
    MONTH: { description: "30 days." },
  },
});

/** One bucket of `Entity.timeline`. */
@Directive(cacheFor(MaxAge.LIST))
@ObjectType("TimelineBucket", { description: "Articles that mention an entity within one span of time: published at or after `start` and before `end`." })
export class TimelineBucket {
  @Field(() => GraphQLDateTimeISO, { description: "Start of the bucket (included): the start of its day, week or month, or `from` for a first bucket that `from` cuts." })
  start!: Date;

  @Field(() => GraphQLDateTimeISO, { description: "End of the bucket (excluded): the start of the next bucket, or `to` for a last bucket that `to` cuts." })
  end!: Date;

  @Field(() => Int, { description: "Number of articles that mention the entity and were published in [start, end); 0 when there are none." })
  count!: number;
}

/** Arguments of `Entity.timeline`. */
@ArgsType()
export class TimelineArgs {
  @Field(() => TimelineInterval, { description: "Width of the buckets: DAY, WEEK (ISO, from Monday) or MONTH, in UTC." })
  interval!: TimelineInterval;

  @Field(() => GraphQLDateTimeISO, { description: "Start of the timeline (included)." })
  from!: Date;

  @Field(() => GraphQLDateTimeISO, { description: `End of the timeline (excluded); after \`from\`, and at most ${MAX_TIMELINE_BUCKETS} buckets away from it.` })
  to!: Date;
}

/** Fields a trending edge adds to cursor and node. */
@ObjectType("TrendingEdgeFields", { description: "Base of TrendingEdge; not part of the schema on its own." })
export class TrendingEdgeFields {
  @Field(() => Int, { description: "Number of articles that mention the entity in the window." })
  count!: number;

  @Field(() => Int, { description: "Number of articles that mention the entity in the window of the same length just before." })
  previousCount!: number;

  @Field(() => Int, { description: "`count` − `previousCount`: how much the entity rose (negative when it fell)." })
  change!: number;

  @Field(() => Float, { nullable: true, description: "`count` / `previousCount`; null when `previousCount` is 0 (the entity is new in the window)." })
  ratio!: number | null;
}

/** `TrendingConnection`: entities ranked by how much more they were mentioned than in the previous window. */
export const { Connection: TrendingConnection, Edge: TrendingEdge } = connectionTypes(
  "Trending",
  () => EntityBase,
  "Entities mentioned in the window, the most risen first: by `change`, then by `count` (descending), then by id. Only entities with a `count` above 0.",
  TrendingEdgeFields,
);
export type TrendingConnection = InstanceType<typeof TrendingConnection>;

/** Arguments of `Query.trending`. */
@ArgsType()
export class TrendingArgs extends ConnectionArgs {
  @Field(() => TrendWindow, { description: "Length of the window, compared with the window of the same length just before it." })
  window!: TrendWindow;

  @Field(() => EntityKind, { nullable: true, description: "Only entities of this kind (e.g. PERSON: who is rising in the news)." })
  kind?: EntityKind | null;

  @Field(() => GraphQLDateTimeISO, {
    nullable: true,
    description:
      "End of the window (included): counted are articles published after `at` minus the window's length and at or before `at`. " +
      "Defaults to the publication instant of the newest article, so the same archive always gives the same answer; pass it to page a ranking that new articles must not move.",
  })
  at?: Date | null;
}

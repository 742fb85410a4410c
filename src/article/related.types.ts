import { ArgsType, Field, Float, Int, ObjectType } from "type-graphql";
import { IsOptional, ValidateNested } from "class-validator";
import { connectionTypes, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from "../relay/connection";
import { EntityBase } from "../entity/entity.entity";
import { Article } from "./article.entity";
import { ArticleFilter } from "./article.inputs";

/*
 * The bounds of the related-stories approximation. They live here, beside the schema text that states
 * them, and related.service.ts builds its SQL from them.
 */
/** Most of an article's own entities whose neighbourhoods are searched for candidates (the weightiest). */
export const RELATED_MAX_ENTITIES = 12;
/** Candidates taken per searched entity in each direction of time (before and after the article). */
export const RELATED_PER_ENTITY = 20;
/** The same for a common entity, whose low weight would rank candidates found only through it low anyway. */
export const RELATED_PER_COMMON_ENTITY = 5;
/** Share of all articles above which an entity counts as common (1%: a country, a big topic). */
export const RELATED_COMMON_SHARE = 0.01;
/** Most rows of an entity's index range read per direction when the filter needs probes (mentions, desk). */
export const RELATED_SCAN_DEPTH = 200;
/** Days between two articles that halve a score. */
export const RELATED_DECAY_DAYS = 30;
/** Most candidates (and so the largest `totalCount`): both directions of every searched entity, plus the filter's. */
export const RELATED_MAX_CANDIDATES = 2 * RELATED_PER_ENTITY * (RELATED_MAX_ENTITIES + 1);

/** Fields a related-story edge adds to cursor and node: how related the story is, and why. */
@ObjectType("RelatedArticleEdgeFields", { description: "Base of RelatedArticleEdge; not part of the schema on its own." })
export class RelatedArticleEdgeFields {
  @Field(() => Float, {
    description:
      "How related the story is (higher is closer; 0 or more, to six decimals). The sum, over the entities both articles mention, of " +
      "ln(all articles / articles mentioning the entity) × the entity's salience in this article × its salience in the other " +
      "(saliences in thousandths; all articles rounded to two significant digits), " +
      `times ${RELATED_DECAY_DAYS} days / (${RELATED_DECAY_DAYS} days + the time between the two articles).`,
  })
  score!: number;

  /** Set by the service: loads the shared entities, most important first, when the field is selected. */
  loadSharedEntities!: () => Promise<EntityBase[]>;

  @Field(() => [EntityBase], {
    description: "Why the story is related: the entities both articles mention, the one adding most to `score` first (ties: the older entity first).",
  })
  sharedEntities(): Promise<EntityBase[]> {
    return this.loadSharedEntities();
  }
}

/** `RelatedArticleConnection`: the stories related to an article, most related first. */
export const { Connection: RelatedArticleConnection, Edge: RelatedArticleEdge } = connectionTypes(
  "RelatedArticle",
  () => Article,
  "Stories related to an article by the entities they share, most related first (ties: the older article first). Never the article itself. " +
    `Candidates are, for each of the article's ${RELATED_MAX_ENTITIES} weightiest entities (and the rarest entity a filter requires), ` +
    `the ${RELATED_PER_ENTITY} articles nearest in time before it and the ${RELATED_PER_ENTITY} after it that mention that entity and match the filter ` +
    `(${RELATED_PER_COMMON_ENTITY} and ${RELATED_PER_COMMON_ENTITY} for an entity in more than ${RELATED_COMMON_SHARE * 100}% of all articles and more than ${2 * RELATED_PER_ENTITY}); ` +
    `\`totalCount\` is the number of those candidates, so at most ${RELATED_MAX_CANDIDATES}.`,
  RelatedArticleEdgeFields,
);
export type RelatedArticleConnection = InstanceType<typeof RelatedArticleConnection>;

/** Arguments of `Article.related`: a forward page and the shared article filter. */
@ArgsType()
export class RelatedArticleArgs {
  @Field(() => Int, { nullable: true, description: `Return at most this many edges from the start (0 to ${MAX_PAGE_SIZE}; ${DEFAULT_PAGE_SIZE} when omitted).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return edges after this cursor (an `endCursor` or edge `cursor` from this connection)." })
  after?: string | null;

  @Field(() => ArticleFilter, { nullable: true, description: "Only related stories that match this filter, as in `Query.articles` (e.g. `mentioning: [\"Putin\", \"Khamenei\"]`)." })
  @IsOptional()
  @ValidateNested()
  filter?: ArticleFilter | null;
}

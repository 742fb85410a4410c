import { ArgsType, Field, ID, InputType, Int, registerEnumType } from "type-graphql";
import { ArrayMaxSize, IsOptional, Matches, MaxLength, ValidateNested } from "class-validator";
import { GraphQLDateTimeISO } from "graphql-scalars";
import { ConnectionArgs } from "../relay/connection";
import { MAX_SEARCH_LENGTH, MAX_SEARCH_TERMS, RELEVANCE_CANDIDATES } from "../search/search-query";

/** Most entities one filter list may name; keeps every filter a bounded number of index probes. */
export const MAX_FILTER_ENTITIES = 20;

/** "At least `count` of these entities": the `mentionsAtLeast` condition. */
@InputType("MentionsAtLeast", { description: `Articles that mention at least \`count\` of the entities in \`of\`: "at least two of Putin, Xi Jinping and Khamenei". 1 ≤ count ≤ number of distinct ids in \`of\` ≤ ${MAX_FILTER_ENTITIES}.` })
export class MentionsAtLeast {
  @Field(() => Int, { description: "How many of the listed entities an article must mention, at least (1 or more, at most the number of distinct ids in `of`)." })
  count!: number;

  @Field(() => [ID], { description: `Ids of Person, Country or Topic (at most ${MAX_FILTER_ENTITIES}).` })
  of!: string[];
}

/**
 * Which articles a connection returns. Shared by `Query.articles` and every `Entity.articles`, so
 * "Putin's articles that also mention Khamenei" is `person(slug: "vladimir-putin") { articles(filter: { mentioning: ["Khamenei"] }) }`.
 * All conditions given must hold.
 */
@InputType("ArticleFilter", { description: "Conditions on articles; every condition given must hold. Empty lists are ignored." })
export class ArticleFilter {
  @Field(() => [ID], { nullable: true, description: `Only articles that mention every one of these entities (ids of Person, Country or Topic; at most ${MAX_FILTER_ENTITIES}).` })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_ENTITIES)
  mentionsAll?: string[] | null;

  @Field(() => [ID], { nullable: true, description: `Only articles that mention at least one of these entities (at most ${MAX_FILTER_ENTITIES}).` })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_ENTITIES)
  mentionsAny?: string[] | null;

  @Field(() => [ID], { nullable: true, description: `Only articles that mention none of these entities (at most ${MAX_FILTER_ENTITIES}).` })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_ENTITIES)
  mentionsNone?: string[] | null;

  @Field(() => [String], { nullable: true, description: `Only articles that mention every named entity. A name is an entity's name, alias or slug, in any case ("Putin", "vladimir-putin"). A name that matches no entity, or more than one, is a BAD_USER_INPUT error listing candidates (at most ${MAX_FILTER_ENTITIES}).` })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_ENTITIES)
  @MaxLength(200, { each: true })
  // A blank name would fold to "" and be looked up (and "suggested") like a typo; it is a mistake in the input.
  @Matches(/\S/, { each: true, message: "$property must not contain blank names" })
  mentioning?: string[] | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "Only articles published at or after this instant." })
  @IsOptional()
  publishedAfter?: Date | null;

  @Field(() => GraphQLDateTimeISO, { nullable: true, description: "Only articles published before this instant." })
  @IsOptional()
  publishedBefore?: Date | null;

  @Field(() => String, { nullable: true, description: "Only articles credited to this desk, ignoring case and accents (e.g. \"EPN Desk\")." })
  @IsOptional()
  @MaxLength(200)
  desk?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Only articles whose headline, summary or body match this search, as typed into a search box: words (all must appear, " +
      "in any form: `strikes` finds \"strike\"), \"quoted phrases\" (these words in this order), `OR` in capitals between two words " +
      "or phrases (either; it binds tighter than the implicit AND: `iran nuclear OR atomic` is iran and either of the others), and " +
      "`-word` or `-\"phrase\"` to leave articles out. Case and accents are ignored; very common words may be. Results come most " +
      "relevant first (headline matches weigh most, then summary, then body) unless `orderBy` is given. " +
      `At most ${MAX_SEARCH_LENGTH} characters and ${MAX_SEARCH_TERMS} words and phrases; a search with nothing to look for ` +
      "(empty, punctuation only, or only exclusions) is a BAD_USER_INPUT error.",
  })
  @IsOptional()
  search?: string | null;

  @Field(() => MentionsAtLeast, { nullable: true, description: "Only articles that mention at least `count` of the entities listed in `of`." })
  @IsOptional()
  mentionsAtLeast?: MentionsAtLeast | null;
}

/** Fields articles can be ordered by. */
export enum ArticleOrderField {
  PUBLISHED_AT = "PUBLISHED_AT",
  RELEVANCE = "RELEVANCE",
}
registerEnumType(ArticleOrderField, {
  name: "ArticleOrderField",
  description: "Fields articles can be ordered by.",
  valuesConfig: {
    PUBLISHED_AT: { description: "Publication instant; ties broken by id." },
    RELEVANCE: {
      description:
        `How well an article matches \`filter.search\` (DESC: best first); ties broken by id. Needs \`filter.search\`. ` +
        `The ${RELEVANCE_CANDIDATES.toLocaleString("en")} newest matches are ranked, so pages in this order end after them; ` +
        "`totalCount` counts every match, and `PUBLISHED_AT` pages through all of them.",
    },
  },
});

/** Sort direction. */
export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "Sort direction.",
  valuesConfig: { ASC: { description: "Oldest or smallest first." }, DESC: { description: "Newest or largest first." } },
});

/** Ordering of an article connection, in GitHub's `{ field, direction }` style. */
@InputType("ArticleOrder", { description: "Ordering of an article connection." })
export class ArticleOrder {
  @Field(() => ArticleOrderField, { defaultValue: ArticleOrderField.PUBLISHED_AT, description: "Field to order by." })
  field!: ArticleOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: "Direction to order in." })
  direction!: OrderDirection;
}

/** Arguments of every article connection field. */
@ArgsType()
export class ArticleConnectionArgs extends ConnectionArgs {
  @Field(() => ArticleFilter, { nullable: true, description: "Which articles to return." })
  @IsOptional()
  @ValidateNested()
  filter?: ArticleFilter | null;

  @Field(() => ArticleOrder, { nullable: true, description: "Order of the articles; when omitted, most relevant first with `filter.search`, else newest first." })
  orderBy?: ArticleOrder | null;
}

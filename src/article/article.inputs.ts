import { ArgsType, Field, ID, InputType, registerEnumType } from "type-graphql";
import { ArrayMaxSize, IsOptional, Matches, MaxLength, ValidateNested } from "class-validator";
import { GraphQLDateTimeISO } from "graphql-scalars";
import { ConnectionArgs } from "../relay/connection";

/** Most entities one filter list may name; keeps every filter a bounded number of index probes. */
export const MAX_FILTER_ENTITIES = 20;

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
}

/** Fields articles can be ordered by. */
export enum ArticleOrderField {
  PUBLISHED_AT = "PUBLISHED_AT",
}
registerEnumType(ArticleOrderField, {
  name: "ArticleOrderField",
  description: "Fields articles can be ordered by.",
  valuesConfig: { PUBLISHED_AT: { description: "Publication instant; ties broken by id." } },
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

  @Field(() => ArticleOrder, { nullable: true, description: "Order of the articles; newest first when omitted." })
  orderBy?: ArticleOrder | null;
}

import { Directive, Field, Int, ObjectType } from "type-graphql";
import { EntityBase } from "../entity/entity.entity";
import { INHERIT_CACHE } from "../cache/cache-control";

/** How many of a connection's articles mention one entity. */
@Directive(INHERIT_CACHE)
@ObjectType("EntityFacet", { description: "An entity and how many articles of the connection (all of them, not just the page) mention it." })
export class EntityFacet {
  @Field(() => EntityBase, { description: "The entity." })
  entity!: EntityBase;

  @Field(() => Int, { description: "Articles of the connection that mention it." })
  count!: number;
}

/** How many of a connection's articles come from one desk. */
@Directive(INHERIT_CACHE)
@ObjectType("DeskFacet", { description: "A desk and how many articles of the connection are credited to it." })
export class DeskFacet {
  @Field({ description: "The desk as written (one of its spellings when articles differ only in case or accents)." })
  desk!: string;

  @Field(() => Int, { description: "Articles of the connection credited to it." })
  count!: number;
}

/**
 * Counts over the whole filtered result of an article connection, for filter sidebars ("People:
 * Putin 120, Khamenei 80…"). Each field is computed only when selected.
 */
@Directive(INHERIT_CACHE)
@ObjectType("ArticleFacets", { description: "Counts over every article of the connection (the whole filtered result, not just the page); each field is computed only when selected." })
export class ArticleFacets {
  /** The connection's query; not a GraphQL field. */
  source!: unknown;
}

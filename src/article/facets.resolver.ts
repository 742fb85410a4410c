import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { Context } from "../context";
import { EntityKind } from "../entity/entity.entity";
import { CONNECTION_QUERIES, type ArticlePageKey } from "./article.service";
import { ArticleConnection } from "./article.types";
import { deskFacets, entityFacets } from "./facets.service";
import { ArticleFacets, DeskFacet, EntityFacet } from "./facets.types";

const FIRST = { nullable: true, defaultValue: 10, description: "How many to return, most frequent first (0 to 100)." } as const;

/** `ArticleConnection.facets`. */
@Resolver(() => ArticleConnection)
export class ArticleConnectionFacetsResolver {
  @FieldResolver(() => ArticleFacets, { description: "Counts of people, countries, topics and desks over every article of this connection (the whole filtered result, not just the page)." })
  facets(@Root() connection: ArticleConnection): ArticleFacets {
    return Object.assign(new ArticleFacets(), { source: CONNECTION_QUERIES.get(connection) });
  }
}

/** The facet lists. */
@Resolver(() => ArticleFacets)
export class ArticleFacetsResolver {
  @FieldResolver(() => [EntityFacet], { description: "People most often mentioned in the connection's articles." })
  people(@Root() facets: ArticleFacets, @Ctx() ctx: Context, @Arg("first", () => Int, FIRST) first: number): Promise<EntityFacet[]> {
    return entityFacets(ctx, facets.source as ArticlePageKey, EntityKind.PERSON, first);
  }

  @FieldResolver(() => [EntityFacet], { description: "Countries most often mentioned in the connection's articles." })
  countries(@Root() facets: ArticleFacets, @Ctx() ctx: Context, @Arg("first", () => Int, FIRST) first: number): Promise<EntityFacet[]> {
    return entityFacets(ctx, facets.source as ArticlePageKey, EntityKind.COUNTRY, first);
  }

  @FieldResolver(() => [EntityFacet], { description: "Topics most often linked to the connection's articles." })
  topics(@Root() facets: ArticleFacets, @Ctx() ctx: Context, @Arg("first", () => Int, FIRST) first: number): Promise<EntityFacet[]> {
    return entityFacets(ctx, facets.source as ArticlePageKey, EntityKind.TOPIC, first);
  }

  @FieldResolver(() => [DeskFacet], { description: "Desks the connection's articles are credited to." })
  desks(@Root() facets: ArticleFacets, @Ctx() ctx: Context, @Arg("first", () => Int, FIRST) first: number): Promise<DeskFacet[]> {
    return deskFacets(ctx, facets.source as ArticlePageKey, first);
  }
}

import "reflect-metadata";
import { lexicographicSortSchema, printSchema, specifiedDirectives, type GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { authChecker } from "./auth/auth";
import { ArticleResolver } from "./article/article.resolver";
import { ArticleConnectionFacetsResolver, ArticleFacetsResolver } from "./article/facets.resolver";
import { EntityResolver } from "./entity/entity.resolver";
import { NodeResolver } from "./entity/node.resolver";
import { MentionResolver } from "./mention/mention.resolver";
import { PersonResolver } from "./person/person.resolver";
import { CountryResolver } from "./country/country.resolver";
import { TopicResolver } from "./topic/topic.resolver";
import { SearchResolver } from "./search/search.resolver";
import { TimelineResolver } from "./entity/timeline.resolver";
import { RelatedArticleResolver } from "./article/related.resolver";
import { Person } from "./person/person.entity";
import { Country } from "./country/country.entity";
import { Topic } from "./topic/topic.entity";
import { Article } from "./article/article.entity";
import { cacheControlDirective } from "./cache/cache-control";

const QUERY_DESCRIPTION =
  "Entry points into the newsgraph content graph: articles and the people, countries and topics they mention. " +
  "Lists are Relay cursor connections (at most 100 per page); objects can be refetched by global id with `node`.";

const MUTATION_DESCRIPTION =
  "Editors' changes to the graph. Every mutation needs a bearer token with the role `editor`; a failed mutation changes nothing.";

let built: Promise<GraphQLSchema> | undefined;

/** The executable schema (built once per process: type-graphql's metadata is global). */
export function buildNewsgraphSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [NodeResolver, ArticleResolver, ArticleConnectionFacetsResolver, ArticleFacetsResolver, EntityResolver, MentionResolver, PersonResolver, CountryResolver, TopicResolver, SearchResolver, TimelineResolver, RelatedArticleResolver],
    // Every Node implementation is reachable through `Query.node`, even one no field returns directly.
    orphanedTypes: [Article, Person, Country, Topic],
    validate: { forbidUnknownValues: false },
    authChecker,
    // Cache hints (`@cacheControl`) on types and fields, read by Apollo to set Cache-Control.
    directives: [...specifiedDirectives, cacheControlDirective],
  }).then((schema) => {
    // type-graphql has no option for the root type's description; Sandbox shows it first.
    const query = schema.getQueryType();
    if (query) query.description = QUERY_DESCRIPTION;
    const mutation = schema.getMutationType();
    if (mutation) mutation.description = MUTATION_DESCRIPTION;
    return schema;
  });
  return built;
}

/** The schema as committed in `schema.graphql`: SDL, sorted, so API changes show as reviewable diffs. */
export async function printNewsgraphSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildNewsgraphSchema()))}\n`;
}

import { DirectiveLocation, GraphQLBoolean, GraphQLDirective, GraphQLEnumType, GraphQLInt } from "graphql";

/**
 * How long responses may be reused, by what they contain. A response lives as long as the shortest
 * hint among the fields it selected (Apollo's cache control), and `Cache-Control` says so to
 * browsers and CDNs; newsgraph's own response cache forgets entries as soon as the content changes.
 */
export const MaxAge = {
  /** Lists, counts and rankings: a new article changes them. */
  LIST: 60,
  /** Search results: typed into a search box, expected to follow the news closely. */
  SEARCH: 30,
  /** An article: stable once published, but an edit should reach readers within minutes. */
  ARTICLE: 300,
  /** People and topics: reference data that editors change rarely. */
  ENTITY: 600,
  /** Countries: ISO reference data. */
  COUNTRY: 3600,
} as const;

/** The SDL of a cache hint for `@Directive`: responses that select it live at most `seconds`. */
export function cacheFor(seconds: number): string {
  return `@cacheControl(maxAge: ${seconds})`;
}

/**
 * The hint for wrappers (edges, page info, facets, mentions): they live as long as the field that
 * returned them, rather than making the response uncacheable as an unhinted object type would.
 */
export const INHERIT_CACHE = "@cacheControl(inheritMaxAge: true)";

const CacheControlScope = new GraphQLEnumType({
  name: "CacheControlScope",
  description: "Who may reuse a response: anyone (a CDN) or only the client that asked.",
  values: {
    PUBLIC: { description: "Shared caches (CDNs, newsgraph's response cache) may keep the response." },
    PRIVATE: { description: "Only the requesting client may keep the response." },
  },
});

/**
 * The `@cacheControl` directive Apollo Server reads cache hints from
 * (https://www.apollographql.com/docs/apollo-server/performance/caching#in-your-schema-static).
 */
export const cacheControlDirective = new GraphQLDirective({
  name: "cacheControl",
  description: "How long a response that selects this type or field may be cached, and by whom.",
  locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.OBJECT, DirectiveLocation.INTERFACE, DirectiveLocation.UNION],
  args: {
    maxAge: { type: GraphQLInt, description: "Seconds the response may be reused." },
    scope: { type: CacheControlScope, description: "PUBLIC (the default) or PRIVATE." },
    inheritMaxAge: { type: GraphQLBoolean, description: "Take the max-age of the parent field instead of the default of 0." },
  },
});

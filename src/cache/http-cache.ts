import type { ApolloServerOptions, ApolloServerPlugin, GraphQLRequestContext } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import { InMemoryLRUCache, type KeyValueCache } from "@apollo/utils.keyvaluecache";
import type { Context } from "../context";
import type { SharedRedis } from "../redis/redis";
import { staticCachePolicyPlugin } from "./cache-policy";
import { ContentVersion } from "./content-version";
import { RedisKeyValueCache, TieredKeyValueCache } from "./redis-cache";

/** How long a registered persisted query is kept (seconds); clients re-register one that expired. */
const PERSISTED_QUERY_TTL = 24 * 60 * 60;

/** The caching half of newsgraph's Apollo Server: options to spread into its config, and the content version. */
export interface HttpCaching {
  options: Pick<ApolloServerOptions<Context>, "cache" | "persistedQueries" | "csrfPrevention">;
  plugins: ApolloServerPlugin<Context>[];
  /** Bumped after every committed write so cached responses are not served after it. */
  version: ContentVersion;
}

/** Whether the request carries credentials: such a request is answered `private` and bypasses the shared cache. */
function hasCredentials(requestContext: GraphQLRequestContext<Context>): boolean {
  return Boolean(requestContext.request.http?.headers.get("authorization"));
}

/**
 * Sets up HTTP caching: `Cache-Control` from the schema's `@cacheControl` hints (`private` for any
 * request with an Authorization header), a response cache of public query results keyed by the
 * content version, automatic persisted queries, and CSRF prevention (which GET queries need, since
 * a browser may send a GET cross-site without a preflight). Stores live in Redis when `redis` is
 * given (so instances share them), in this process otherwise. Without `responseCache` every query
 * runs against the database (benchmarks, and tests that write to the database behind the API's back).
 */
export function createHttpCaching(redis: SharedRedis | null, { responseCache = true } = {}): HttpCaching {
  const version = new ContentVersion(redis);
  const responses: KeyValueCache<string> = redis ? new RedisKeyValueCache(redis) : new InMemoryLRUCache();
  // A persisted query's text never changes under its hash: keep a local copy even when Redis is shared.
  const persisted: KeyValueCache<string> = redis ? new TieredKeyValueCache(new InMemoryLRUCache(), new RedisKeyValueCache(redis)) : new InMemoryLRUCache();
  // The content version each request was keyed by (read once, before the cache lookup).
  const versionOf = new WeakMap<Context, string | null>();
  const usable = async (requestContext: GraphQLRequestContext<Context>) =>
    !hasCredentials(requestContext) && versionOf.get(requestContext.contextValue) != null;

  return {
    version,
    options: {
      cache: responses,
      persistedQueries: { cache: persisted, ttl: PERSISTED_QUERY_TTL },
      csrfPrevention: true,
    },
    plugins: [
      // Cache policies from the operation's text (cache-policy.ts) instead of Apollo's per-field hooks.
      ApolloServerPluginCacheControlDisabled(),
      staticCachePolicyPlugin<Context>({ defaultMaxAge: 0 }),
      {
        async requestDidStart(requestContext) {
          if (!hasCredentials(requestContext)) return;
          return {
            async executionDidStart() {
              return {
                async executionDidEnd() {
                  // After every field has added its hint: what an authenticated client sees is its own.
                  requestContext.overallCachePolicy.restrict({ scope: "PRIVATE" });
                },
              };
            },
          };
        },
      },
      ...(responseCache
        ? [
            responseCachePlugin<Context>({
              cache: responses,
              async extraCacheKeyData(requestContext) {
                const current = await version.current();
                versionOf.set(requestContext.contextValue, current);
                return current;
              },
              shouldReadFromCache: usable,
              shouldWriteToCache: usable,
            }),
          ]
        : []),
    ],
  };
}

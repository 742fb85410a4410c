import http from "node:http";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import cors from "cors";
import express from "express";
import type { DataSource } from "typeorm";
import type { Config } from "./config";
import { createContext, type Context } from "./context";
import { TokenVerifier } from "./auth/auth";
import { IngestionService } from "./ingest/ingestion.service";
import { currentQueryStats, withQueryStats } from "./db/query-stats";
import { createFormatError } from "./errors/format-error";
import { createLogger, type Logger } from "./logging/logger";
import { enforceDeadlines } from "./ops/deadline";
import { healthRoutes } from "./ops/health";
import { operationsPlugin } from "./ops/ops.plugin";
import { httpErrorHandler, requestRecordOf, requestScope } from "./ops/request";
import { EXAMPLE_OPERATIONS } from "./examples";
import { buildNewsgraphSchema } from "./schema";
import { connectRedis, type SharedRedis } from "./redis/redis";
import { createLimits, rateLimitClientOf } from "./limits/limits.plugin";
import { createHttpCaching } from "./cache/http-cache";
import { graphqlOverHttpStatusPlugin } from "./http/graphql-over-http";

/** A running newsgraph HTTP server. */
export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** What a server is given besides its configuration. */
export interface ServerOptions {
  /** Where the JSON log goes (default: standard output at LOG_LEVEL). */
  logger?: Logger;
  /** The Redis several instances share, used instead of connecting to `config.redisUrl` (null: none). */
  redis?: SharedRedis | null;
}

/**
 * Starts the GraphQL endpoint at `/graphql` (with the Apollo Sandbox landing page on GET from a
 * browser), `/healthz` and `/readyz`. Each request runs with its own loaders, its own SQL statement
 * counter, its id and deadline, and ends with one log line.
 */
export async function startServer(config: Config, db: DataSource, port = config.port, options: ServerOptions = {}): Promise<RunningServer> {
  const app = express();
  app.disable("x-powered-by");
  // Who the client is behind proxies (X-Forwarded-For): rate-limit buckets and logs key on it.
  app.set("trust proxy", config.trustProxy);
  const logger = options.logger ?? createLogger(config.logLevel);
  let stopping = false;
  const tokens = new TokenVerifier(config.auth);
  // One Redis connection for everything instances share (response cache, persisted queries, rate-limit
  // buckets); closed when the server stops, unless the caller gave it.
  const ownRedis =
    options.redis === undefined && config.redisUrl
      ? connectRedis(config.redisUrl, { keyPrefix: config.redisKeyPrefix, onProblem: (message) => logger.warn(message) })
      : null;
  const redis = options.redis ?? ownRedis;
  const limits = createLimits(config.limits, redis);
  const caching = createHttpCaching(redis, { responseCache: config.responseCache });
  const services = { ingestion: new IngestionService(db, config.publisherTimeZone, () => caching.version.bump()) };
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<Context>({
    schema: enforceDeadlines(await buildNewsgraphSchema()),
    ...caching.options,
    formatError: createFormatError(config),
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    validationRules: limits.validationRules,
    // `newsgraph serve` stops on signals itself, closing the database after the server.
    stopOnTerminationSignals: false,
    plugins: [
      limits.plugin,
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.shutdownTimeoutMs }),
      ...caching.plugins,
      graphqlOverHttpStatusPlugin(),
      config.sandbox
        ? ApolloServerPluginLandingPageLocalDefault({
            embed: { endpointIsEditable: false },
            document: EXAMPLE_OPERATIONS,
            includeCookies: false,
            footer: false,
          })
        : ApolloServerPluginLandingPageDisabled(),
      operationsPlugin(logger),
      {
        // Reports the SQL statements a request ran, so clients and benchmarks can see batching work.
        async requestDidStart() {
          return {
            async willSendResponse({ response }) {
              const stats = currentQueryStats();
              if (!config.exposeQueryStats || !stats || response.body.kind !== "single") return;
              response.body.singleResult.extensions = {
                ...response.body.singleResult.extensions,
                queryStats: { sqlStatements: stats.statements },
              };
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.use(healthRoutes(db, () => stopping));
  app.use("/graphql", requestScope(logger, config.requestTimeoutMs));
  // The same query is answered as application/json or application/graphql-response+json (with other
  // status codes for errors) depending on Accept: a shared cache must keep the two apart.
  app.use("/graphql", (_req, res, next) => {
    res.vary("Accept");
    next();
  });
  app.use(
    "/graphql",
    cors(),
    express.json({ limit: "4mb" }),
    limits.beforeParsing,
    // Counted only when reported: the count rides an AsyncLocalStorage, whose promise hooks cost every
    // request (see requestRecordOf).
    ...(config.exposeQueryStats ? [(_req: express.Request, _res: express.Response, next: express.NextFunction) => withQueryStats(() => next())] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const ctx = createContext(db, services, await tokens.authenticate(req.headers.authorization));
        ctx.request = requestRecordOf(res);
        ctx.client = rateLimitClientOf(res);
        return ctx;
      },
    }),
  );

  app.use("/graphql", limits.bodyTooLarge);
  app.use(httpErrorHandler(logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(port, () => {
      httpServer.off("error", reject);
      resolve();
    });
  });
  const address = httpServer.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://localhost:${actualPort}/graphql`,
    port: actualPort,
    stop: async () => {
      stopping = true;
      await apollo.stop();
      await ownRedis?.close();
    },
  };
}

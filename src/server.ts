import http from "node:http";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import cors from "cors";
import express from "express";
import type { DataSource } from "typeorm";
import type { Config } from "./config";
import { createContext, type Context } from "./context";
import { TokenVerifier } from "./auth/auth";
import { IngestionService } from "./ingest/ingestion.service";
import { currentQueryStats, withQueryStats } from "./db/query-stats";
import { formatError } from "./errors/format-error";
import { EXAMPLE_OPERATIONS } from "./examples";
import { buildNewsgraphSchema } from "./schema";
import { createLimits } from "./limits/limits.plugin";
import { connectRedis, type SharedRedis } from "./redis/redis";

/** A running newsgraph HTTP server. */
export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** What several instances share; `redis` given here is used instead of connecting to `config.redisUrl`. */
export interface SharedState {
  redis?: SharedRedis | null;
}

/**
 * Starts the GraphQL endpoint at `/graphql` (with the Apollo Sandbox landing page on GET from a
 * browser) and `/healthz`. Each request runs with its own loaders and its own SQL statement counter.
 * One Redis connection (when `REDIS_URL` is set) serves everything instances share.
 */
export async function startServer(config: Config, db: DataSource, port = config.port, shared: SharedState = {}): Promise<RunningServer> {
  const app = express();
  const ownRedis = shared.redis === undefined && config.redisUrl ? connectRedis(config.redisUrl, { onProblem: (message) => console.warn(message) }) : null;
  const redis = shared.redis ?? ownRedis;
  const limits = createLimits(config.limits, redis);
  const tokens = new TokenVerifier(config.auth);
  const services = { ingestion: new IngestionService(db, config.publisherTimeZone) };
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<Context>({
    schema: await buildNewsgraphSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    validationRules: limits.validationRules,
    plugins: [
      limits.plugin,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageLocalDefault({
        embed: { endpointIsEditable: false },
        document: EXAMPLE_OPERATIONS,
        includeCookies: false,
        footer: false,
      }),
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

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.use(
    "/graphql",
    cors(),
    express.json({ limit: "4mb" }),
    limits.beforeParsing,
    (_req, _res, next) => withQueryStats(() => next()),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(db, services, await tokens.authenticate(req.headers.authorization)),
    }),
  );
  app.use("/graphql", limits.bodyTooLarge);

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
      await apollo.stop();
      await ownRedis?.close();
    },
  };
}
